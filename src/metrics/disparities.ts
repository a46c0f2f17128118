import type { GroupStats } from '../stats/index.js';
import { effectiveN, hanleyMcNeilSe } from './group-metrics.js';
import {
  benjaminiHochberg,
  bootstrapCounts,
  createRng,
  holm,
  ksPValue,
  ksStatistic,
  normalQuantile,
  percentileInterval,
  proportionTest,
  wassersteinDistance,
} from './math/index.js';
import { type CellName, GROUP_METRICS, metricDefinition, type RateSpec } from './registry.js';
import type { Estimate } from './types.js';

/** How the reference group of an attribute is chosen. */
export type ReferenceRule =
  | { readonly kind: 'largest' }
  | { readonly kind: 'group'; readonly values: readonly string[] }
  | { readonly kind: 'min-metric' }
  | { readonly kind: 'best' };

/** Multiple-testing correction across the groups compared within one attribute. */
export const Correction = { holm: 'holm', bh: 'bh', none: 'none' } as const;
export type Correction = (typeof Correction)[keyof typeof Correction];

export interface DisparityOptions {
  readonly reference: ReferenceRule;
  readonly confidence: number;
  readonly replicates: number;
  readonly seed: number;
  readonly correction: Correction;
}

/** A difference or ratio against the reference, with a bootstrap interval and a test. */
export interface Comparison extends Estimate {
  /** Values of the reference group this was compared with. */
  readonly reference: readonly string[];
  readonly pValue?: number | null | undefined;
  /** p-value after the multiple-testing correction across the attribute's groups. */
  readonly pAdjusted?: number | null | undefined;
  readonly test?: string | undefined;
}

/** One group's input to the disparity computation. */
export interface GroupInput {
  readonly stats: GroupStats;
  readonly metrics: Readonly<Record<string, Estimate>>;
}

export interface GroupDisparities {
  /** Difference and ratio of every rate against the reference group. */
  readonly rates: Record<string, { difference: Comparison; ratio: Comparison }>;
  /** Named disparity metrics (disparate_impact, equal_opportunity_difference, …). */
  readonly named: Record<string, Comparison>;
}

const CELLS: readonly CellName[] = ['tp', 'fp', 'tn', 'fn', 'up', 'un'];
const RATES = GROUP_METRICS.filter((m) => m.rate);
const TPR = RATES.find((m) => m.id === 'tpr')!.rate!;
const FPR = RATES.find((m) => m.id === 'fpr')!.rate!;
const TESTED: Record<string, string> = {
  base_rate: 'base_rate',
  selection_rate: 'selection_rate',
  tpr: 'tpr',
  fpr: 'fpr',
  ppv: 'ppv',
};

/** Cell positions of each rate's numerator and denominator, computed once. */
const POSITIONS = new WeakMap<RateSpec, { num: number[]; den: number[] }>();

function positionsOf(spec: RateSpec): { num: number[]; den: number[] } {
  let pos = POSITIONS.get(spec);
  if (!pos) {
    pos = { num: spec.num.map((n) => CELLS.indexOf(n)), den: spec.den.map((n) => CELLS.indexOf(n)) };
    POSITIONS.set(spec, pos);
  }
  return pos;
}

/** Picks the reference group index for a metric under a rule. */
export function pickReference(groups: readonly GroupInput[], rule: ReferenceRule, metric: string): number {
  if (rule.kind === 'group') {
    const i = groups.findIndex((g) => JSON.stringify(g.stats.key.values) === JSON.stringify(rule.values));
    return i;
  }
  if (rule.kind === 'largest') {
    let best = -1;
    let bestW = -1;
    groups.forEach((g, i) => {
      const w = CELLS.reduce((a, c) => a + g.stats.cells[c].w, 0);
      if (w > bestW) {
        bestW = w;
        best = i;
      }
    });
    return best;
  }
  const favourable = metricDefinition(metric, 'group')?.favourable ?? 'higher';
  const lowest = rule.kind === 'min-metric' || favourable === 'lower';
  let best = -1;
  let bestV = lowest ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  groups.forEach((g, i) => {
    const v = g.metrics[metric]?.value;
    if (v === null || v === undefined) return;
    if (lowest ? v < bestV : v > bestV) {
      bestV = v;
      best = i;
    }
  });
  return best;
}

/**
 * Disparities of every group of one attribute (or intersection) against its reference group:
 * difference and ratio of every rate with bootstrap intervals (count-level multinomial resampling,
 * seeded; cost independent of the row count), the named disparity metrics, and significance tests
 * (two-proportion z, or Fisher's exact test for small expected counts) corrected across groups.
 */
export function computeDisparities(
  groups: readonly GroupInput[],
  options: DisparityOptions,
): GroupDisparities[] {
  const rng = createRng(options.seed);
  const R = options.replicates;
  const reps = groups.map((g) => {
    const w = CELLS.map((c) => g.stats.cells[c].w);
    const total = w.reduce((a, b) => a + b, 0);
    if (!(total > 0) || R <= 0) return null;
    const size = Math.max(1, Math.round(effectiveN(g.stats.cells, CELLS)));
    return bootstrapCounts(w, { replicates: R, rng, size });
  });
  // Each group's rate on every replicate, computed once per rate (a group is compared with its
  // reference for every rate, and a reference with every group).
  const rateCache = groups.map(() => new Map<RateSpec, Float64Array>());
  const replicateRates = (i: number, spec: RateSpec): Float64Array | undefined => {
    const rep = reps[i];
    if (!rep) return undefined;
    let rates = rateCache[i]!.get(spec);
    if (!rates) {
      rates = new Float64Array(R);
      // Σ numerator cells / Σ denominator cells of each replicate, read from the replicates' buffer.
      const { num, den } = positionsOf(spec);
      const d = rep.data;
      const k = rep.cells;
      for (let r = 0, base = 0; r < R; r++, base += k) {
        let n = 0;
        let m = 0;
        for (const j of den) m += d[base + j]!;
        for (const j of num) n += d[base + j]!;
        rates[r] = m > 0 ? n / m : Number.NaN;
      }
      rateCache[i]!.set(spec, rates);
    }
    return rates;
  };
  const out: GroupDisparities[] = groups.map(() => ({ rates: {}, named: {} }));
  // Replicate values of one comparison, reused across comparisons.
  const diffs = new Float64Array(Math.max(R, 0));
  const ratios = new Float64Array(Math.max(R, 0));
  const pending: { metric: string; group: number; p: number | null }[] = [];
  for (const m of RATES) {
    const spec = m.rate!;
    const refIndex = pickReference(groups, options.reference, m.id);
    groups.forEach((g, i) => {
      const ref = groups[refIndex];
      const refValues = ref ? ref.stats.key.values : [];
      const a = g.metrics[m.id]?.value;
      const b = ref?.metrics[m.id]?.value;
      if (!ref || a === null || a === undefined || b === null || b === undefined) {
        const reason = !ref
          ? 'not defined (no reference group)'
          : `not defined (${(a == null ? g : ref).metrics[m.id]?.reason ?? 'rate undefined'})`;
        out[i]!.rates[m.id] = {
          difference: { value: null, reason, reference: refValues },
          ratio: { value: null, reason, reference: refValues },
        };
        return;
      }
      let nd = 0;
      let nr = 0;
      if (reps[i] && reps[refIndex] && i !== refIndex) {
        const xa = replicateRates(i, spec)!;
        const xb = replicateRates(refIndex, spec)!;
        for (let r = 0; r < R; r++) {
          const x = xa[r]!;
          const y = xb[r]!;
          if (Number.isFinite(x) && Number.isFinite(y)) {
            diffs[nd++] = x - y;
            if (y > 0) ratios[nr++] = x / y;
          }
        }
      }
      const conf = { confidence: options.confidence };
      let test: { pValue: number; method: string } | null = null;
      if (TESTED[m.id] && i !== refIndex) {
        const ea = effectiveN(g.stats.cells, spec.den);
        const eb = effectiveN(ref.stats.cells, spec.den);
        const t = proportionTest(Math.round(a * ea), Math.round(ea), Math.round(b * eb), Math.round(eb));
        if (t)
          test = {
            pValue: t.pValue,
            method: t.method === 'fisher' ? "Fisher's exact test" : 'two-proportion z-test',
          };
        pending.push({ metric: m.id, group: i, p: test?.pValue ?? null });
      }
      out[i]!.rates[m.id] = {
        difference: {
          value: a - b,
          interval: i === refIndex ? { low: 0, high: 0 } : percentileInterval(diffs.subarray(0, nd), conf),
          reference: refValues,
          pValue: test?.pValue,
          test: test?.method,
        },
        ratio:
          b > 0
            ? {
                value: a / b,
                interval:
                  i === refIndex ? { low: 1, high: 1 } : percentileInterval(ratios.subarray(0, nr), conf),
                reference: refValues,
                pValue: test?.pValue,
                test: test?.method,
              }
            : { value: null, reason: 'not defined (reference rate is 0)', reference: refValues },
      };
    });
  }
  // Multiple-testing correction per metric across the groups compared.
  for (const metric of Object.keys(TESTED)) {
    const items = pending.filter((p) => p.metric === metric);
    const ps = items.map((p) => p.p);
    const adj =
      options.correction === 'holm' ? holm(ps) : options.correction === 'bh' ? benjaminiHochberg(ps) : ps;
    items.forEach((it, k) => {
      const r = out[it.group]!.rates[metric]!;
      out[it.group]!.rates[metric] = {
        difference: { ...r.difference, pAdjusted: adj[k] ?? null },
        ratio: { ...r.ratio, pAdjusted: adj[k] ?? null },
      };
    });
  }
  // Named disparity metrics, derived from the rate comparisons.
  groups.forEach((g, i) => {
    const r = out[i]!.rates;
    const named = out[i]!.named;
    if (r.selection_rate) {
      named.disparate_impact = r.selection_rate.ratio;
      named.statistical_parity_difference = r.selection_rate.difference;
    }
    if (r.tpr) named.equal_opportunity_difference = r.tpr.difference;
    if (r.ppv) named.predictive_parity_difference = r.ppv.difference;
    if (r.tpr && r.fpr) {
      const t = r.tpr.difference;
      const f = r.fpr.difference;
      if (t.value !== null && f.value !== null) {
        // Bootstrap the average of the two differences replicate by replicate.
        const refIndex = pickReference(groups, options.reference, 'tpr');
        const vals: number[] = [];
        if (reps[i] && reps[refIndex] && i !== refIndex) {
          const tprA = replicateRates(i, TPR)!;
          const tprB = replicateRates(refIndex, TPR)!;
          const fprA = replicateRates(i, FPR)!;
          const fprB = replicateRates(refIndex, FPR)!;
          for (let k = 0; k < R; k++) {
            const v = 0.5 * (tprA[k]! - tprB[k]! + fprA[k]! - fprB[k]!);
            if (Number.isFinite(v)) vals.push(v);
          }
        }
        named.average_odds_difference = {
          value: 0.5 * (t.value + f.value),
          interval:
            i === refIndex
              ? { low: 0, high: 0 }
              : percentileInterval(vals, { confidence: options.confidence }),
          reference: t.reference,
        };
      } else {
        named.average_odds_difference = { value: null, reason: t.reason ?? f.reason, reference: t.reference };
      }
    }
    // AUC and calibration gaps: normal approximation with Hanley–McNeil standard errors.
    const refIndex = pickReference(groups, options.reference, 'auc');
    const ref = groups[refIndex];
    const z = normalQuantile(1 - (1 - options.confidence) / 2);
    const a = g.metrics.auc?.value;
    const b = ref?.metrics.auc?.value;
    if (ref && a != null && b != null) {
      const se = Math.hypot(
        hanleyMcNeilSe(a, effectiveN(g.stats.cells, ['tp', 'fn']), effectiveN(g.stats.cells, ['fp', 'tn'])),
        hanleyMcNeilSe(
          b,
          effectiveN(ref.stats.cells, ['tp', 'fn']),
          effectiveN(ref.stats.cells, ['fp', 'tn']),
        ),
      );
      named.auc_gap = {
        value: a - b,
        interval: i === refIndex ? { low: 0, high: 0 } : { low: a - b - z * se, high: a - b + z * se },
        reference: ref.stats.key.values,
      };
    } else if (g.metrics.auc) {
      named.auc_gap = {
        value: null,
        reason: g.metrics.auc.reason ?? ref?.metrics.auc?.reason ?? 'not defined',
        reference: ref?.stats.key.values ?? [],
      };
    }
    const ea = g.metrics.ece?.value;
    const eb = ref?.metrics.ece?.value;
    if (g.metrics.ece) {
      named.calibration_gap =
        ref && ea != null && eb != null
          ? { value: ea - eb, reference: ref.stats.key.values }
          : {
              value: null,
              reason: g.metrics.ece.reason ?? 'not defined',
              reference: ref?.stats.key.values ?? [],
            };
    }
  });
  return out;
}

/** KS statistic (with p-value) and Wasserstein distance between a group's scores and the rest's. */
export function scoreGaps(
  group: GroupStats,
  overall: GroupStats,
  edges: readonly number[],
): { ks: Comparison; wasserstein: Comparison } | null {
  const h = (s: GroupStats) => s.hist.pos.map((v, i) => v + s.hist.neg[i]! + s.hist.unl[i]!);
  const g = h(group);
  const all = h(overall);
  const rest = all.map((v, i) => Math.max(v - g[i]!, 0));
  const ks = ksStatistic(g, rest);
  if (ks === null) return null;
  const nG = effectiveN(group.cells, CELLS);
  const nAll = effectiveN(overall.cells, CELLS);
  const p = ksPValue(ks, Math.max(1, Math.round(nG)), Math.max(1, Math.round(Math.max(nAll - nG, 1))));
  const wd = wassersteinDistance(g, rest, edges);
  return {
    ks: { value: ks, reference: ['(rest)'], pValue: p, test: 'two-sample Kolmogorov–Smirnov (asymptotic)' },
    wasserstein: { value: wd, reference: ['(rest)'] },
  };
}
