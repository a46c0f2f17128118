import type { HistogramSpec } from '../data/index.js';
import type { ConfusionCells, GroupStats, Moments } from '../stats/index.js';
import { normalQuantile, wilsonInterval } from './math/index.js';
import { type CellName, GROUP_METRICS, type RateSpec } from './registry.js';
import { type Estimate, undefinedEstimate } from './types.js';

/** What the data provides, which decides which metrics are defined. */
export interface MetricContext {
  readonly hasLabel: boolean;
  readonly hasDecision: boolean;
  readonly hasScore: boolean;
  /** Scores are probabilities (Brier and ECE need that). */
  readonly probabilityScores: boolean;
  readonly histogram: HistogramSpec;
  /** Confidence level of intervals, default 0.95. */
  readonly confidence: number;
}

function sum(cells: ConfusionCells, names: readonly CellName[], f: keyof Moments): number {
  let s = 0;
  for (const n of names) s += cells[n][f];
  return s;
}

/** Kish's effective sample size (Σw)²/Σw² of the given cells; equals the row count without weights. */
export function effectiveN(cells: ConfusionCells, names: readonly CellName[]): number {
  const w = sum(cells, names, 'w');
  const w2 = sum(cells, names, 'w2');
  return w2 > 0 ? (w * w) / w2 : 0;
}

/** A rate with its Wilson interval (on the effective sample size), or null with the reason. */
export function rate(cells: ConfusionCells, spec: RateSpec, confidence: number): Estimate {
  const den = sum(cells, spec.den, 'w');
  if (!(den > 0)) return undefinedEstimate(`not defined (${spec.empty})`);
  const num = sum(cells, spec.num, 'w');
  const p = num / den;
  const nEff = effectiveN(cells, spec.den);
  const interval = wilsonInterval(p * nEff, nEff, { confidence });
  return { value: p, interval, numerator: num, denominator: den };
}

/** AUC from weighted score histograms by label: Σ_b pos_b·(neg below b + ½ neg_b) / (P·N). */
export function histogramAuc(pos: readonly number[], neg: readonly number[]): number | null {
  let below = 0;
  let acc = 0;
  let P = 0;
  for (let b = 0; b < pos.length; b++) {
    const nb = neg[b]!;
    const pb = pos[b]!;
    acc += pb * (below + 0.5 * nb);
    below += nb;
    P += pb;
  }
  const N = below;
  return P > 0 && N > 0 ? acc / (P * N) : null;
}

/** Hanley & McNeil (1982) standard error of an AUC estimate with nPos positives and nNeg negatives. */
export function hanleyMcNeilSe(auc: number, nPos: number, nNeg: number): number {
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const v = (auc * (1 - auc) + (nPos - 1) * (q1 - auc * auc) + (nNeg - 1) * (q2 - auc * auc)) / (nPos * nNeg);
  return Math.sqrt(Math.max(v, 0));
}

/** Expected calibration error over `bins` equal-width bins, from the fine histograms. */
export function histogramEce(
  pos: readonly number[],
  neg: readonly number[],
  spec: HistogramSpec,
  bins = 10,
): number | null {
  const width = (spec.hi - spec.lo) / spec.bins;
  const per = spec.bins / bins;
  let total = 0;
  let ece = 0;
  for (let c = 0; c < bins; c++) {
    let w = 0;
    let ws = 0;
    let wp = 0;
    for (let j = Math.round(c * per); j < Math.round((c + 1) * per); j++) {
      const m = pos[j]! + neg[j]!;
      w += m;
      ws += m * (spec.lo + (j + 0.5) * width);
      wp += pos[j]!;
    }
    if (w > 0) ece += Math.abs(ws / w - wp / w) * w;
    total += w;
  }
  return total > 0 ? ece / total : null;
}

/**
 * Every group metric of the registry for one group.
 * @example
 * computeGroupMetrics(group, overall, ctx).selection_rate.value // => 0.197
 */
export function computeGroupMetrics(
  group: GroupStats,
  overall: GroupStats,
  ctx: MetricContext,
): Record<string, Estimate> {
  const c = group.cells;
  const out: Record<string, Estimate> = {};
  const all: CellName[] = ['tp', 'fp', 'tn', 'fn', 'up', 'un'];
  const W = sum(c, all, 'w');
  const rows = sum(c, all, 'n');
  const noLabel = undefinedEstimate('not defined (no label column)');
  const noDecision = undefinedEstimate('not defined (no score or prediction column)');
  const noScore = undefinedEstimate('not defined (no score column)');
  for (const m of GROUP_METRICS) {
    if ((m.needs.includes('label') || m.needs === 'label') && !ctx.hasLabel) {
      out[m.id] = noLabel;
      continue;
    }
    if (m.needs.includes('decision') && !ctx.hasDecision) {
      out[m.id] = noDecision;
      continue;
    }
    if (m.needs.includes('score') && !ctx.hasScore) {
      out[m.id] = noScore;
      continue;
    }
    if (m.rate) {
      out[m.id] = rate(c, m.rate, ctx.confidence);
      continue;
    }
    switch (m.id) {
      case 'n':
        out.n = { value: rows };
        break;
      case 'share': {
        const total = sum(overall.cells, all, 'w');
        out.share =
          total > 0
            ? { value: W / total, numerator: W, denominator: total }
            : undefinedEstimate('not defined (no rows)');
        break;
      }
      case 'ppr': {
        const sel = sum(c, ['tp', 'fp', 'up'], 'w');
        const allSel = sum(overall.cells, ['tp', 'fp', 'up'], 'w');
        out.ppr =
          allSel > 0
            ? { value: sel / allSel, numerator: sel, denominator: allSel }
            : undefinedEstimate('not defined (nobody selected)');
        break;
      }
      case 'mean_score': {
        const ws = sum(c, all, 's');
        if (!(W > 0)) {
          out.mean_score = undefinedEstimate('not defined (no rows in group)');
          break;
        }
        const mean = ws / W;
        // E[s²] − mean² cancels: a remainder below the sums' precision (fixed point at 1e-12 per
        // row) is rounding, not spread, and counts as 0.
        const meanSq = sum(c, all, 's2') / W;
        const variance = meanSq - mean * mean > 1e-10 * Math.max(meanSq, 1e-12) ? meanSq - mean * mean : 0;
        const nEff = effectiveN(c, all);
        const z = normalQuantile(1 - (1 - ctx.confidence) / 2);
        const half = nEff > 1 ? z * Math.sqrt(variance / nEff) : Number.NaN;
        out.mean_score = {
          value: mean,
          interval: Number.isFinite(half) ? { low: mean - half, high: mean + half } : null,
        };
        break;
      }
      case 'auc': {
        const a = histogramAuc(group.hist.pos, group.hist.neg);
        if (a === null) {
          out.auc = undefinedEstimate(
            `not defined (${sum(c, ['tp', 'fn'], 'w') > 0 ? 'no negatives' : 'no positives'} in group)`,
          );
          break;
        }
        const se = hanleyMcNeilSe(a, effectiveN(c, ['tp', 'fn']), effectiveN(c, ['fp', 'tn']));
        const z = normalQuantile(1 - (1 - ctx.confidence) / 2);
        out.auc = { value: a, interval: { low: Math.max(0, a - z * se), high: Math.min(1, a + z * se) } };
        break;
      }
      case 'brier': {
        if (!ctx.probabilityScores) {
          out.brier = undefinedEstimate('not defined (scores are not probabilities)');
          break;
        }
        const Wl = sum(c, ['tp', 'fp', 'tn', 'fn'], 'w');
        if (!(Wl > 0)) {
          out.brier = undefinedEstimate('not defined (no labeled rows in group)');
          break;
        }
        // Σ w(s − 1)² over positives + Σ w s² over negatives.
        const posS2 = sum(c, ['tp', 'fn'], 's2');
        const posS = sum(c, ['tp', 'fn'], 's');
        const posW = sum(c, ['tp', 'fn'], 'w');
        const negS2 = sum(c, ['fp', 'tn'], 's2');
        out.brier = { value: (posS2 - 2 * posS + posW + negS2) / Wl };
        break;
      }
      case 'ece': {
        if (!ctx.probabilityScores) {
          out.ece = undefinedEstimate('not defined (scores are not probabilities)');
          break;
        }
        const e = histogramEce(group.hist.pos, group.hist.neg, ctx.histogram);
        out.ece = e === null ? undefinedEstimate('not defined (no labeled rows in group)') : { value: e };
        break;
      }
    }
  }
  return out;
}
