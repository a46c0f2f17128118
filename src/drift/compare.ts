import { UsageError } from '../errors.js';
import { type CellName, effectiveN, math, metricDefinition, type RateSpec } from '../metrics/index.js';
import { type FeatureDist, type GroupStats, keyId, type StatsSet } from '../stats/index.js';
import { splitReference } from '../util/strings.js';
import { categoricalShift, numericShift, type ShiftMeasures } from './distribution.js';
import type {
  DistributionCheck,
  DriftComparison,
  DriftSettings,
  DriftStatus,
  FairnessCheck,
  GroupChange,
  GroupMixCheck,
} from './result.js';
import { bandStatus, DRIFT_DISPARITIES, type DriftDisparity, worstStatus } from './settings.js';

const { benjaminiHochberg, bootstrapCounts, createRng, holm, normalCdf, percentileInterval, proportionTest } =
  math;

const CELLS: readonly CellName[] = ['tp', 'fp', 'tn', 'fn', 'up', 'un'];

/** Groups with fewer rows than this on either side get no distribution measure (as audits suppress them). */
const SUPPRESS_BELOW = 10;

/** Labels of the two sides, for the result. */
export interface SideLabels {
  readonly baseline: string;
  readonly current: string;
}

function rowsOf(g: GroupStats): number {
  return CELLS.reduce((a, c) => a + g.cells[c].n, 0);
}

function weightOf(g: GroupStats): number {
  return CELLS.reduce((a, c) => a + g.cells[c].w, 0);
}

function groupMap(stats: StatsSet): Map<string, GroupStats> {
  return new Map(stats.groups.map((g) => [keyId(g.key), g]));
}

function adjust(ps: readonly (number | null)[], correction: DriftSettings['correction']): (number | null)[] {
  return correction === 'holm' ? holm(ps) : correction === 'bh' ? benjaminiHochberg(ps) : [...ps];
}

function scoreMeasures(a: GroupStats, b: GroupStats, stats: StatsSet, s: DriftSettings): ShiftMeasures {
  const h = (g: GroupStats) => g.hist.pos.map((v, i) => v + g.hist.neg[i]! + g.hist.unl[i]!);
  const { lo, hi, bins } = stats.histogram;
  const points = Array.from({ length: bins }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / bins);
  return numericShift(h(a), h(b), {
    bins: s.bins,
    epsilon: s.epsilon,
    nBaseline: effectiveN(a.cells, CELLS),
    nCurrent: effectiveN(b.cells, CELLS),
    points,
  });
}

function featureEffN(d: FeatureDist, withMissing: boolean): number {
  const n = d.w2 > 0 ? (d.w * d.w) / d.w2 : 0;
  return withMissing || d.w <= 0 ? n : (n * (d.w - d.missing)) / d.w;
}

function featureMeasures(a: FeatureDist, b: FeatureDist, s: DriftSettings): ShiftMeasures {
  if (a.kind === 'numeric' && b.kind === 'numeric') {
    const idx = [...new Set([...a.buckets.map((x) => x[0]), ...b.buckets.map((x) => x[0])])].sort(
      (x, y) => x - y,
    );
    const pos = new Map(idx.map((k, i) => [k, i]));
    const wa = new Array<number>(idx.length).fill(0);
    const wb = new Array<number>(idx.length).fill(0);
    const wx = new Array<number>(idx.length).fill(0);
    for (const [k, w, x] of a.buckets) {
      wa[pos.get(k)!]! += w;
      wx[pos.get(k)!]! += x;
    }
    for (const [k, w, x] of b.buckets) {
      wb[pos.get(k)!]! += w;
      wx[pos.get(k)!]! += x;
    }
    // Each bucket's point: Σ weight × point / Σ weight, pooled over both sides (the grid point,
    // gridPoint; stats files saved by earlier builds hold the mean of the bucket's values).
    const points = idx.map((_, i) => wx[i]! / (wa[i]! + wb[i]! || 1));
    return numericShift(wa, wb, {
      bins: s.bins,
      epsilon: s.epsilon,
      nBaseline: featureEffN(a, false),
      nCurrent: featureEffN(b, false),
      points,
      missing: [a.missing, b.missing],
    });
  }
  if (a.kind === 'categorical' && b.kind === 'categorical') {
    const withMissing = (d: typeof a) => (d.missing > 0 ? { ...d.counts, '(missing)': d.missing } : d.counts);
    return categoricalShift(withMissing(a), withMissing(b), {
      nBaseline: featureEffN(a, true),
      nCurrent: featureEffN(b, true),
      epsilon: s.epsilon,
    });
  }
  throw new UsageError(
    'feature_kind_mismatch',
    'A feature is numeric on one side and categorical on the other.',
    {
      hint: 'Collect baseline and current with the same feature kinds.',
    },
  );
}

function distributionChecks(base: StatsSet, cur: StatsSet, attrs: readonly string[], s: DriftSettings) {
  const checks: DistributionCheck[] = [];
  const bg = groupMap(base);
  const cg = groupMap(cur);
  const hasScore = Boolean(base.provenance.roles.score) && Boolean(cur.provenance.roles.score);
  const curFeatures = new Map((cur.features?.columns ?? []).map((f) => [f.column, f]));
  const features = (base.features?.columns ?? []).filter((f) => curFeatures.get(f.column)?.kind === f.kind);
  const keys = base.groups
    .filter(
      (g) =>
        g.key.attributes.length === 0 ||
        (g.key.attributes.length === 1 && attrs.includes(g.key.attributes[0]!)),
    )
    .map((g) => keyId(g.key))
    .filter((k) => cg.has(k));
  for (const k of keys) {
    const a = bg.get(k)!;
    const b = cg.get(k)!;
    const na = rowsOf(a);
    const nb = rowsOf(b);
    const small = na < s.minRows || nb < s.minRows;
    // Privacy: no distribution measure of a group under SUPPRESS_BELOW rows on either side.
    const hidden = na < SUPPRESS_BELOW || nb < SUPPRESS_BELOW;
    const common = {
      attributes: [...a.key.attributes],
      values: [...a.key.values],
      baselineRows: na,
      currentRows: nb,
    };
    const push = (column: string, kind: DistributionCheck['kind'], measured: ShiftMeasures) => {
      const m: ShiftMeasures = hidden
        ? { psi: null, bins: 0, js: null, chiSquare: null, ks: null, ksPValue: null, wasserstein: null }
        : measured;
      checks.push({
        column,
        kind,
        ...common,
        psi: m.psi,
        bins: m.bins,
        js: m.js,
        ...(kind !== 'categorical'
          ? { ks: m.ks ?? null, ksPValue: m.ksPValue ?? null, wasserstein: m.wasserstein ?? null }
          : {}),
        chiSquare: m.chiSquare,
        pAdjusted: null,
        status: small || hidden ? 'insufficient' : 'ok',
        ...(small || hidden
          ? {
              reason: hidden
                ? `suppressed: fewer than ${SUPPRESS_BELOW} rows on one side`
                : `fewer than ${s.minRows} rows on one side`,
            }
          : {}),
      });
    };
    if (hasScore) push('score', 'score', scoreMeasures(a, b, base, s));
    for (const f of features) {
      const da = a.features?.[f.column];
      const db = b.features?.[f.column];
      if (da && db) push(f.column, f.kind, featureMeasures(da, db, s));
    }
  }
  return checks;
}

/** The values of an attribute whose groups a stats set left out for privacy (`StatsSet.suppressed`). */
function leftOutValues(st: StatsSet, attr: string): Set<string> {
  return new Set(
    (st.suppressed?.groups ?? [])
      .filter((k) => k.attributes.length === 1 && k.attributes[0] === attr)
      .map((k) => k.values[0]!),
  );
}

/** The group-mix category that pools groups left out of either side's stats. */
const LEFT_OUT = '(left out of the stats)';

function groupMix(
  base: StatsSet,
  cur: StatsSet,
  attrs: readonly string[],
  s: DriftSettings,
): GroupMixCheck[] {
  const nEff = (st: StatsSet) => effectiveN(st.groups[0]!.cells, CELLS);
  return attrs.map((attr) => {
    // Groups left out of either side (fairprobe stats --suppress-below) are pooled on both sides
    // with the rows of no kept group, so that a group hidden on one side is not taken for a shift.
    const pooled = new Set([...leftOutValues(base, attr), ...leftOutValues(cur, attr)]);
    const of = (st: StatsSet) => {
      const kept = new Map<string, { w: number; n: number }>();
      let w = 0;
      let n = 0;
      for (const g of st.groups) {
        if (g.key.attributes.length !== 1 || g.key.attributes[0] !== attr) continue;
        const v = g.key.values[0]!;
        if (pooled.has(v)) continue;
        kept.set(v, { w: weightOf(g), n: rowsOf(g) });
        w += weightOf(g);
        n += rowsOf(g);
      }
      if (pooled.size > 0)
        kept.set(LEFT_OUT, {
          w: Math.max(0, weightOf(st.groups[0]!) - w),
          n: rowsOf(st.groups[0]!) - n,
        });
      return kept;
    };
    const a = of(base);
    const b = of(cur);
    const values = [...new Set([...a.keys(), ...b.keys()])];
    const wa = values.map((v) => a.get(v)?.w ?? 0);
    const wb = values.map((v) => b.get(v)?.w ?? 0);
    const ta = wa.reduce((x, y) => x + y, 0) || 1;
    const tb = wb.reduce((x, y) => x + y, 0) || 1;
    const m = categoricalShift(
      Object.fromEntries(values.map((v, i) => [v, wa[i]!])),
      Object.fromEntries(values.map((v, i) => [v, wb[i]!])),
      { nBaseline: nEff(base), nCurrent: nEff(cur), epsilon: s.epsilon },
    );
    return {
      attributes: [attr],
      groups: values.map((v, i) => ({
        values: [v],
        baselineShare: wa[i]! / ta,
        currentShare: wb[i]! / tb,
        baselineRows: a.get(v)?.n ?? 0,
        currentRows: b.get(v)?.n ?? 0,
      })),
      psi: m.psi,
      js: m.js,
      chiSquare: m.chiSquare,
      pAdjusted: null,
      status: 'ok',
    };
  });
}

function groupChanges(
  base: StatsSet,
  cur: StatsSet,
  attrs: readonly string[],
  s: DriftSettings,
): GroupChange[] {
  const out: GroupChange[] = [];
  const bg = groupMap(base);
  const cg = groupMap(cur);
  for (const [from, to, other, change] of [
    [cg, bg, base, 'new'],
    [bg, cg, cur, 'vanished'],
  ] as const) {
    for (const [k, g] of from) {
      if (g.key.attributes.length !== 1 || !attrs.includes(g.key.attributes[0]!) || to.has(k)) continue;
      // Left out of the other side's stats for privacy: neither new nor vanished.
      if (leftOutValues(other, g.key.attributes[0]!).has(g.key.values[0]!)) continue;
      const rows = rowsOf(g);
      if (rows === 0) continue;
      out.push({
        attributes: [...g.key.attributes],
        values: [...g.key.values],
        change,
        rows,
        status: rows >= s.minRows ? 'warn' : 'ok',
      });
    }
  }
  return out;
}

/** A group rate's definition, with its numerator and denominator cells as positions in {@link CELLS}. */
interface RateDef {
  readonly spec: RateSpec;
  readonly num: readonly number[];
  readonly den: readonly number[];
}

function rateOf(cells: ArrayLike<number>, rate: RateDef): number | null {
  let num = 0;
  let den = 0;
  for (const i of rate.den) den += cells[i]!;
  for (const i of rate.num) num += cells[i]!;
  return den > 0 ? num / den : null;
}

const rates = new Map<string, RateDef>();
/** A group metric's rate (cached: it is read for every bootstrap replicate). */
function RATE(id: string): RateDef {
  let v = rates.get(id);
  if (!v) {
    const spec = metricDefinition(id, 'group')!.rate!;
    const at = (cs: readonly CellName[]) => cs.map((c) => CELLS.indexOf(c));
    v = { spec, num: at(spec.num), den: at(spec.den) };
    rates.set(id, v);
  }
  return v;
}

/** A rate of group cells `g` minus the same rate of reference cells `r`. */
function rateDifference(g: ArrayLike<number>, r: ArrayLike<number>, m: string): number | null {
  const x = rateOf(g, RATE(m));
  const y = rateOf(r, RATE(m));
  return x === null || y === null ? null : x - y;
}

/** A disparity of group cells `g` against reference cells `r`. */
function disparity(id: DriftDisparity, g: ArrayLike<number>, r: ArrayLike<number>): number | null {
  switch (id) {
    case 'disparate_impact': {
      const x = rateOf(g, RATE('selection_rate'));
      const y = rateOf(r, RATE('selection_rate'));
      return x === null || y === null || !(y > 0) ? null : x / y;
    }
    case 'statistical_parity_difference':
      return rateDifference(g, r, 'selection_rate');
    case 'equal_opportunity_difference':
      return rateDifference(g, r, 'tpr');
    case 'predictive_parity_difference':
      return rateDifference(g, r, 'ppv');
    case 'average_odds_difference': {
      const t = rateDifference(g, r, 'tpr');
      const f = rateDifference(g, r, 'fpr');
      return t === null || f === null ? null : 0.5 * (t + f);
    }
  }
}

/** A fairness check that cannot be computed on one side: values as they are, no change or test. */
function insufficientCheck<K extends object>(key: K, a: number | null, b: number | null) {
  return {
    ...key,
    baseline: a,
    current: b,
    change: null,
    interval: null,
    pValue: null,
    pAdjusted: null,
    status: 'insufficient' as const,
    reason: reasonFor(a, b),
  };
}

function reasonFor(base: number | null, cur: number | null): string {
  return base === null && cur === null
    ? 'not defined in baseline or current'
    : base === null
      ? 'not defined in the baseline'
      : 'not defined in the current data';
}

interface Side {
  readonly g: GroupStats;
  /** Bootstrap replicates of the six cell weights, or null when there is nothing to resample. */
  readonly reps: readonly Float64Array[] | null;
}

function sideOf(g: GroupStats, s: DriftSettings, rng: math.Rng): Side {
  const w = CELLS.map((c) => g.cells[c].w);
  const total = w.reduce((a, b) => a + b, 0);
  if (!(total > 0) || s.replicates <= 0) return { g, reps: null };
  const size = Math.max(1, Math.round(effectiveN(g.cells, CELLS)));
  return { g, reps: bootstrapCounts(w, { replicates: s.replicates, rng, size }).rows };
}

function fairness(
  base: StatsSet,
  cur: StatsSet,
  attrs: readonly string[],
  s: DriftSettings,
): FairnessCheck[] {
  const checks: FairnessCheck[] = [];
  const rng = createRng(s.seed);
  const bg = groupMap(base);
  const cg = groupMap(cur);
  const hasDecision = base.decision.kind !== 'none' && cur.decision.kind !== 'none';
  const metrics = s.metrics.filter((m) => hasDecision || !NEEDS_DECISION.has(m));
  const conf = { confidence: s.confidence };
  const cellsOf = (g: GroupStats) => CELLS.map((c) => g.cells[c].w);
  const sides = new Map<string, [Side, Side]>();
  const sidesOf = (k: string): [Side, Side] => {
    let v = sides.get(k);
    if (!v) {
      v = [sideOf(bg.get(k)!, s, rng), sideOf(cg.get(k)!, s, rng)];
      sides.set(k, v);
    }
    return v;
  };
  const keysOf = (attr: string | null) =>
    base.groups
      .filter((g) =>
        attr === null
          ? g.key.attributes.length === 0
          : g.key.attributes.length === 1 && g.key.attributes[0] === attr,
      )
      .map((g) => keyId(g.key))
      // Groups under SUPPRESS_BELOW rows are never shown (privacy), whatever --min-rows says.
      .filter((k) => {
        const least = Math.max(s.minRows, SUPPRESS_BELOW);
        return cg.has(k) && rowsOf(bg.get(k)!) >= least && rowsOf(cg.get(k)!) >= least;
      });
  // 1. Group metrics, overall and per group: a two-proportion test of baseline vs current.
  for (const attr of [null, ...attrs]) {
    for (const k of keysOf(attr)) {
      const [sa, sb] = sidesOf(k);
      for (const m of metrics) {
        const rate = RATE(m);
        const spec = rate.spec;
        const a = rateOf(cellsOf(sa.g), rate);
        const b = rateOf(cellsOf(sb.g), rate);
        const key = {
          metric: m,
          kind: 'group' as const,
          attributes: [...sa.g.key.attributes],
          values: [...sa.g.key.values],
        };
        if (a === null || b === null) {
          checks.push(insufficientCheck(key, a, b));
          continue;
        }
        const diffs: number[] = [];
        if (sa.reps && sb.reps) {
          for (let r = 0; r < s.replicates; r++) {
            const x = rateOf(sa.reps[r]!, rate);
            const y = rateOf(sb.reps[r]!, rate);
            if (x !== null && y !== null) diffs.push(y - x);
          }
        }
        const ea = effectiveN(sa.g.cells, spec.den);
        const eb = effectiveN(sb.g.cells, spec.den);
        const t = proportionTest(Math.round(a * ea), Math.round(ea), Math.round(b * eb), Math.round(eb));
        checks.push({
          ...key,
          baseline: a,
          current: b,
          change: b - a,
          interval: percentileInterval(diffs, conf),
          pValue: t?.pValue ?? null,
          pAdjusted: null,
          test: t ? (t.method === 'fisher' ? "Fisher's exact test" : 'two-proportion z-test') : undefined,
          status: 'ok',
        });
      }
    }
  }
  // 2. Disparities against the reference group (chosen in the baseline): Wald test with the bootstrap SE.
  for (const attr of attrs) {
    const keys = keysOf(attr);
    const ref = pickRef(keys, bg, s.reference, attr);
    if (ref === undefined) continue;
    const [ra, rb] = sidesOf(ref);
    for (const k of keys) {
      if (k === ref) continue;
      const [ga, gb] = sidesOf(k);
      for (const id of s.disparities as DriftDisparity[]) {
        if (!hasDecision) continue;
        const a = disparity(id, cellsOf(ga.g), cellsOf(ra.g));
        const b = disparity(id, cellsOf(gb.g), cellsOf(rb.g));
        const key = {
          metric: id,
          kind: 'disparity' as const,
          attributes: [...ga.g.key.attributes],
          values: [...ga.g.key.values],
          reference: [...ra.g.key.values],
        };
        if (a === null || b === null) {
          checks.push(insufficientCheck(key, a, b));
          continue;
        }
        const diffs: number[] = [];
        if (ga.reps && gb.reps && ra.reps && rb.reps) {
          for (let r = 0; r < s.replicates; r++) {
            const x = disparity(id, ga.reps[r]!, ra.reps[r]!);
            const y = disparity(id, gb.reps[r]!, rb.reps[r]!);
            if (x !== null && y !== null) diffs.push(y - x);
          }
        }
        const change = b - a;
        let pValue: number | null = null;
        if (diffs.length > 1) {
          const mean = diffs.reduce((x, y) => x + y, 0) / diffs.length;
          const sd = Math.sqrt(diffs.reduce((x, y) => x + (y - mean) ** 2, 0) / (diffs.length - 1));
          if (sd > 0) pValue = Math.min(1, 2 * normalCdf(-Math.abs(change / sd)));
        }
        checks.push({
          ...key,
          baseline: a,
          current: b,
          change,
          interval: percentileInterval(diffs, conf),
          pValue,
          pAdjusted: null,
          test: pValue === null ? undefined : 'Wald test with bootstrap standard error',
          status: 'ok',
        });
      }
    }
  }
  return checks;
}

const NEEDS_DECISION = new Set([
  'selection_rate',
  'tpr',
  'fpr',
  'fnr',
  'tnr',
  'ppv',
  'npv',
  'fdr',
  'for',
  'accuracy',
  'ppr',
]);

function pickRef(
  keys: readonly string[],
  groups: Map<string, GroupStats>,
  rule: string,
  attr: string,
): string | undefined {
  if (rule !== 'largest') {
    for (const part of splitReference(rule)) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === attr) {
        const k = keyId({ attributes: [attr], values: [part.slice(eq + 1).trim()] });
        if (!keys.includes(k)) {
          throw new UsageError(
            'unknown_reference',
            `The reference group ${k} is not in both baseline and current with enough rows.`,
            {
              hint: `Groups: ${keys.join(', ')}.`,
            },
          );
        }
        return k;
      }
    }
  }
  let best: string | undefined;
  let bestW = -1;
  for (const k of keys) {
    const w = weightOf(groups.get(k)!);
    if (w > bestW) {
      bestW = w;
      best = k;
    }
  }
  return best;
}

/**
 * Compares a baseline's and a current data set's sufficient statistics: distribution drift of the
 * score and each feature, overall and per group (PSI, JS, chi-square on baseline-quantile bins; KS
 * and Wasserstein on the fine grid); fairness drift of each group metric and disparity (change with a
 * bootstrap interval and a corrected test); the group mix; new and vanished groups. A check is a warn
 * or an alarm when its magnitude passes the band **and** the shift is significant after the
 * multiple-testing correction, so sampling noise in small groups does not raise alarms.
 * @throws {UsageError} when the two were computed with different score bins.
 * @example
 * const c = compareStats(baseStats, currentStats, resolveDriftSettings({}), { baseline: 'Q3', current: 'Q4' });
 * c.status // => 'alarm'
 */
export function compareStats(
  baseline: StatsSet,
  current: StatsSet,
  settings: DriftSettings,
  labels: SideLabels,
): DriftComparison {
  const c = compareUngated(baseline, current, settings, labels);
  gateComparisons([c], settings);
  return c;
}

/**
 * Sets the status of every check of a run's comparisons: the p-values of all checks of the run
 * (distribution and group-mix chi-square tests, fairness-change tests) are corrected together as one
 * family, and a check warns or alarms only when its magnitude passes the band and its corrected
 * p-value is below the significance level. So the chance that a run without real drift raises any
 * alarm is at most about the significance level, however many groups, features and windows it has.
 */
export function gateComparisons(comparisons: DriftComparison[], s: DriftSettings): void {
  type Live = {
    p: number | null;
    band: DriftStatus;
    set: (pAdj: number | null, status: DriftStatus, reason?: string) => void;
  };
  const live: Live[] = [];
  for (const c of comparisons) {
    for (const d of [...c.distribution, ...c.groupMix]) {
      if (d.status === 'insufficient') continue;
      live.push({
        p: d.chiSquare?.pValue ?? null,
        band: d.psi === null ? 'ok' : bandStatus(d.psi, s.bands.psi),
        set: (pAdj, status, reason) => {
          d.pAdjusted = pAdj;
          d.status = status;
          if (reason && 'column' in d) d.reason = reason;
        },
      });
    }
    for (const x of c.fairness) {
      if (x.status === 'insufficient' || x.change === null) continue;
      const isRatio = x.kind === 'disparity' && DRIFT_DISPARITIES[x.metric as DriftDisparity] === 'ratio';
      live.push({
        p: x.pValue,
        band: bandStatus(Math.abs(x.change), isRatio ? s.bands.fairness.ratio : s.bands.fairness.difference),
        set: (pAdj, status, reason) => {
          x.pAdjusted = pAdj;
          x.status = status;
          if (reason) x.reason = reason;
        },
      });
    }
  }
  const adj = adjust(
    live.map((l) => l.p),
    s.correction,
  );
  live.forEach((l, i) => {
    const pAdj = adj[i] ?? null;
    if (l.band === 'ok') l.set(pAdj, 'ok');
    else if (pAdj !== null && pAdj < s.significance) l.set(pAdj, l.band);
    else l.set(pAdj, 'ok', `past the ${l.band} band but within sampling noise (p adj. ≥ ${s.significance})`);
  });
  for (const c of comparisons) {
    const all = [...c.distribution, ...c.groupMix, ...c.groupChanges, ...c.fairness].map((x) => x.status);
    c.status = worstStatus(all);
    c.counts = {
      alarm: all.filter((x) => x === 'alarm').length,
      warn: all.filter((x) => x === 'warn').length,
    };
  }
}

function decisionText(d: StatsSet['decision']): string {
  if (d.kind === 'threshold') return `leads with score ≥ ${d.threshold}`;
  if (d.kind === 'prediction') return `the leads marked in column "${d.column}"`;
  if (d.kind === 'none') return 'no one (it has no score or decision)';
  return 'leads by group thresholds';
}

function listText(xs: readonly string[]): string {
  return xs.length === 0 ? 'nothing' : xs.map((x) => `"${x}"`).join(', ');
}

/** {@link compareStats} before {@link gateComparisons}: raw p-values, no warn or alarm yet. */
export function compareUngated(
  baseline: StatsSet,
  current: StatsSet,
  settings: DriftSettings,
  labels: SideLabels,
): DriftComparison {
  const warnings: DriftComparison['warnings'] = [];
  if (
    baseline.provenance.roles.score &&
    current.provenance.roles.score &&
    JSON.stringify(baseline.histogram) !== JSON.stringify(current.histogram)
  ) {
    throw new UsageError('stats_mismatch', 'The baseline and current score histograms have different bins.', {
      hint: 'Collect the current data with the baseline’s histogram (fairprobe drift does this for data files).',
    });
  }
  const grids = [baseline.features?.grid, current.features?.grid];
  if (grids[0] && grids[1] && JSON.stringify(grids[0]) !== JSON.stringify(grids[1])) {
    throw new UsageError(
      'stats_mismatch',
      'The baseline and current stats keep their numeric features on different grids (one was saved by an earlier fairprobe).',
      {
        hint: 'Compare a stats file with data (the data is read on the stats file’s grid), or save both stats files with this version.',
      },
    );
  }
  if (JSON.stringify(baseline.decision) !== JSON.stringify(current.decision)) {
    // Selection rates under two rules differ by construction: every fairness check would alarm.
    throw new UsageError(
      'decision_mismatch',
      `The baseline selects ${decisionText(baseline.decision)} but the current data selects ${decisionText(current.decision)}: their selection and error rates are not comparable.`,
      {
        hint: 'Use the same decision on both sides (--threshold, or the policy’s decision: threshold): give the baseline’s, or collect the baseline again with the new one.',
      },
    );
  }
  const attrs = baseline.attributes.filter((a) => current.attributes.includes(a));
  if (attrs.length === 0 && baseline.attributes.length + current.attributes.length > 0) {
    throw new UsageError(
      'no_common_attributes',
      `The baseline is grouped by ${listText(baseline.attributes)} and the current data by ${listText(current.attributes)}: no group attribute is on both sides, so no group can be compared.`,
      {
        hint: 'Group both sides by the same attributes (--group), or give no --group to use the baseline’s.',
      },
    );
  }
  for (const a of [...baseline.attributes, ...current.attributes]) {
    if (!attrs.includes(a))
      warnings.push({
        code: 'attribute_missing',
        message: `"${a}" is a group attribute of the ${baseline.attributes.includes(a) ? 'baseline' : 'current'} side only; it is not compared.`,
      });
  }
  for (const f of settings.features) {
    const inB = baseline.features?.columns.find((c) => c.column === f.column);
    const inC = current.features?.columns.find((c) => c.column === f.column);
    if (!inB || !inC)
      warnings.push({
        code: 'feature_missing',
        message: `The feature "${f.column}" is summarised on the ${!inB ? 'current' : 'baseline'} side only; it is not compared.`,
      });
    else if (inB.kind !== inC.kind)
      warnings.push({
        code: 'feature_kind_differs',
        message: `The feature "${f.column}" is ${inB.kind} in the baseline stats but ${inC.kind} in the current; it is not compared.`,
      });
  }
  for (const [st, which] of [
    [baseline, 'baseline'],
    [current, 'current'],
  ] as const) {
    const left = (st.suppressed?.groups ?? []).filter((k) => k.attributes.every((a) => attrs.includes(a)));
    if (left.length > 0)
      warnings.push({
        code: 'groups_left_out_of_stats',
        message: `The ${which} stats left out ${left.length} group(s) for privacy (\`--suppress-below ${st.suppressed!.below}\`): they are not compared, and the group mix pools them as "${LEFT_OUT}".`,
      });
  }
  const distribution = distributionChecks(baseline, current, attrs, settings);
  const mix = groupMix(baseline, current, attrs, settings);
  const changes = groupChanges(baseline, current, attrs, settings);
  const fair = fairness(baseline, current, attrs, settings);
  const side = (st: StatsSet, label: string) => ({
    label,
    rows: st.rows.read,
    sources: st.provenance.sources.map((x) => ({ name: x.name, sha256: x.sha256 })),
  });
  return {
    baseline: side(baseline, labels.baseline),
    current: side(current, labels.current),
    status: 'ok',
    counts: { alarm: 0, warn: 0 },
    distribution,
    fairness: fair,
    groupMix: mix,
    groupChanges: changes,
    warnings,
  };
}
