import type { HistogramSpec } from '../data/index.js';
import type { GroupStats } from '../stats/index.js';

/** Metrics across thresholds for one group, from its score histograms (no extra scan). */
export interface ThresholdSweep {
  readonly thresholds: number[];
  readonly selection_rate: (number | null)[];
  readonly tpr: (number | null)[];
  readonly fpr: (number | null)[];
}

/** Calibration (reliability) bins: mean score against observed conversion rate. */
export interface CalibrationBin {
  readonly low: number;
  readonly high: number;
  readonly weight: number;
  readonly meanScore: number;
  readonly conversionRate: number;
}

/** Score distribution of a group: share of the group's weight in each of `bins` equal bins. */
export interface ScoreDistribution {
  readonly edges: number[];
  readonly share: number[];
}

/**
 * Selection rate, TPR and FPR at `points` evenly spaced thresholds over the score range. Exact at
 * thresholds that fall on histogram bin edges (the default 101 points on 1,000 bins do).
 */
export function thresholdSweep(group: GroupStats, spec: HistogramSpec, points = 101): ThresholdSweep {
  const { pos, neg, unl } = group.hist;
  const B = spec.bins;
  // Suffix sums: mass at or above bin b.
  const sp = new Array<number>(B + 1).fill(0);
  const sn = new Array<number>(B + 1).fill(0);
  const su = new Array<number>(B + 1).fill(0);
  for (let b = B - 1; b >= 0; b--) {
    sp[b] = sp[b + 1]! + pos[b]!;
    sn[b] = sn[b + 1]! + neg[b]!;
    su[b] = su[b + 1]! + unl[b]!;
  }
  const P = sp[0]!;
  const N = sn[0]!;
  const W = P + N + su[0]!;
  const out: ThresholdSweep = { thresholds: [], selection_rate: [], tpr: [], fpr: [] };
  for (let j = 0; j < points; j++) {
    const t = spec.lo + ((spec.hi - spec.lo) * j) / (points - 1);
    const b = Math.min(Math.max(Math.round(((t - spec.lo) / (spec.hi - spec.lo)) * B), 0), B);
    out.thresholds.push(round(t));
    out.selection_rate.push(W > 0 ? round((sp[b]! + sn[b]! + su[b]!) / W) : null);
    out.tpr.push(P > 0 ? round(sp[b]! / P) : null);
    out.fpr.push(N > 0 ? round(sn[b]! / N) : null);
  }
  return out;
}

/** Reliability diagram bins (10 equal-width by default); empty bins are left out. */
export function calibrationBins(group: GroupStats, spec: HistogramSpec, bins = 10): CalibrationBin[] {
  const width = (spec.hi - spec.lo) / spec.bins;
  const per = spec.bins / bins;
  const out: CalibrationBin[] = [];
  for (let c = 0; c < bins; c++) {
    let w = 0;
    let ws = 0;
    let wp = 0;
    for (let j = Math.round(c * per); j < Math.round((c + 1) * per); j++) {
      const m = group.hist.pos[j]! + group.hist.neg[j]!;
      w += m;
      ws += m * (spec.lo + (j + 0.5) * width);
      wp += group.hist.pos[j]!;
    }
    if (w > 0) {
      out.push({
        low: round(spec.lo + c * per * width),
        high: round(spec.lo + (c + 1) * per * width),
        weight: round(w),
        meanScore: round(ws / w),
        conversionRate: round(wp / w),
      });
    }
  }
  return out;
}

/** The group's score distribution over `bins` equal-width bins (shares sum to 1). */
export function scoreDistribution(group: GroupStats, spec: HistogramSpec, bins = 20): ScoreDistribution {
  const per = spec.bins / bins;
  const share: number[] = [];
  let total = 0;
  const mass: number[] = [];
  for (let c = 0; c < bins; c++) {
    let w = 0;
    for (let j = Math.round(c * per); j < Math.round((c + 1) * per); j++)
      w += group.hist.pos[j]! + group.hist.neg[j]! + group.hist.unl[j]!;
    mass.push(w);
    total += w;
  }
  for (const m of mass) share.push(total > 0 ? round(m / total) : 0);
  const edges = Array.from({ length: bins + 1 }, (_, c) => round(spec.lo + ((spec.hi - spec.lo) * c) / bins));
  return { edges, share };
}

/** Rounds to 12 significant digits so results serialise the same on every run and platform. */
export function round(x: number): number {
  return Number.parseFloat(x.toPrecision(12));
}
