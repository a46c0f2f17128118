import type { DataInput, ReadOptions } from '../data/index.js';
import { InputError, UsageError } from '../errors.js';
import {
  bootstrapCounts,
  createRng,
  type Interval,
  percentileInterval,
  type Rng,
  wilsonInterval,
} from '../metrics/math/index.js';
import type { FeatureColumns } from './logistic.js';
import { type Columns, readColumns } from './read-columns.js';
import type { Scorer } from './scorer.js';

export const COUNTERFACTUAL_SCHEMA = 'fairprobe.counterfactual/1';

/**
 * How proxy features are moved to the other group: `quantile` maps a numeric value at quantile q
 * of its group's distribution to the value at quantile q of the target group's distribution (a
 * value the target group actually has); `mean` shifts it by the difference of the group means
 * (x − mean(from) + mean(to)), keeping the row's own deviation. Categorical proxies are drawn
 * (seeded) from the target group's distribution under both methods.
 */
export const ProxyMethod = { quantile: 'quantile', mean: 'mean' } as const;
export type ProxyMethod = (typeof ProxyMethod)[keyof typeof ProxyMethod];

export interface CounterfactualOptions {
  readonly scorer: Scorer;
  /** The sensitive attribute to flip. */
  readonly attribute: string;
  /** The values to flip between (default: every value found); rows with other values are left out. */
  readonly values?: readonly string[] | undefined;
  /** Proxy features flipped along with the attribute. */
  readonly proxies?: readonly string[] | undefined;
  readonly proxyMethod?: ProxyMethod | undefined;
  /** Decision threshold on the score (default 0.5). */
  readonly threshold?: number | undefined;
  readonly seed: number;
  /** Bootstrap replicates of the mean score change (default 1000). */
  readonly replicates?: number | undefined;
  readonly confidence?: number | undefined;
  /** Groups with fewer rows are reported as suppressed (default 10). */
  readonly suppressBelow?: number | undefined;
  readonly batchSize?: number | undefined;
  readonly read?: ReadOptions | undefined;
}

/** Score changes of the rows of one group flipped to one other value. */
export interface CounterfactualPair {
  readonly from: string;
  readonly to: string;
  readonly n: number;
  readonly suppressed: boolean;
  /** Share of decisions that change, with a Wilson interval. */
  readonly changed: {
    readonly count: number;
    readonly share: number | null;
    readonly interval: Interval | null;
  };
  /** Not selected → selected, and selected → not selected. */
  readonly up: number;
  readonly down: number;
  /** Mean of (counterfactual score − score), with a percentile bootstrap interval. */
  readonly meanChange: { readonly value: number | null; readonly interval: Interval | null };
  readonly meanAbsChange: number | null;
  /** Quantiles of the score change: min, 5%, 25%, 50%, 75%, 95%, max. */
  readonly quantiles: Readonly<Record<'min' | 'p05' | 'p25' | 'p50' | 'p75' | 'p95' | 'max', number>> | null;
  /** Histogram of the score change: bin starts, common width, counts. */
  readonly histogram: {
    readonly start: number;
    readonly width: number;
    readonly counts: readonly number[];
  } | null;
}

export interface CounterfactualResult {
  readonly schema: typeof COUNTERFACTUAL_SCHEMA;
  readonly attribute: string;
  readonly values: readonly string[];
  readonly proxies: readonly string[];
  readonly proxyMethod: ProxyMethod;
  readonly threshold: number;
  readonly scorer: string;
  readonly seed: number;
  readonly confidence: number;
  readonly rows: { readonly read: number; readonly flipped: number; readonly leftOut: number };
  /** Every (from, to) pair. */
  readonly pairs: readonly CounterfactualPair[];
  /** All flipped rows together. */
  readonly overall: CounterfactualPair;
  readonly notes: readonly string[];
}

const HIST_BINS = 41;
const BOOT_BINS = 2000;

/**
 * Counterfactual flip test: rescoring every row with its sensitive attribute changed to each other
 * value (and, optionally, named proxy features moved to the other group's distribution, see
 * {@link ProxyMethod}), it reports per (from, to) pair the share of decisions that change (Wilson
 * interval), how many go up and down, and the mean and distribution of score changes (percentile
 * bootstrap of the mean, resampling rows). A model that does not read the attribute (and no
 * proxies flipped) changes nothing: every share is exactly 0.
 * @throws {UsageError} fewer than two values, a proxy that is the attribute, bad threshold.
 * @example
 * const r = await counterfactual('datasets/prospects.csv', { scorer: await loadModelScorer('model'), attribute: 'gender', seed: 1 });
 * r.overall.changed.share // => 0 (a model without gender)
 */
export async function counterfactual(
  input: DataInput,
  options: CounterfactualOptions,
): Promise<CounterfactualResult> {
  const threshold = options.threshold ?? 0.5;
  if (!Number.isFinite(threshold))
    throw new UsageError('bad_threshold', `The threshold must be a number, not ${threshold}.`);
  const proxyMethod = options.proxyMethod ?? 'quantile';
  if (proxyMethod !== 'quantile' && proxyMethod !== 'mean') {
    throw new UsageError('bad_proxy_method', `Unknown proxy method "${proxyMethod}".`, {
      hint: 'Use quantile or mean.',
    });
  }
  const proxies = options.proxies ?? [];
  if (proxies.includes(options.attribute)) {
    throw new UsageError(
      'proxy_is_attribute',
      `"${options.attribute}" is the attribute itself, not a proxy.`,
      {
        column: options.attribute,
      },
    );
  }
  const confidence = options.confidence ?? 0.95;
  const replicates = options.replicates ?? 1000;
  const suppressBelow = options.suppressBelow ?? 10;
  const batchSize = options.batchSize ?? 10_000;
  const wanted = options.scorer.columns
    ? [...new Set([...options.scorer.columns, options.attribute, ...proxies])]
    : undefined;
  const data = await readColumns(input, { columns: wanted, read: options.read, role: 'feature' });
  for (const p of proxies) {
    if (!data.kinds.has(p)) {
      throw new InputError('missing_column', `The proxy column "${p}" is not in the data.`, {
        column: p,
        file: data.file,
      });
    }
  }
  const { columns, n } = data;
  const attr = columns[options.attribute];
  if (!attr) {
    throw new InputError('missing_column', `The attribute "${options.attribute}" is not in the data.`, {
      column: options.attribute,
    });
  }
  const attrNumeric = data.kinds.get(options.attribute) === 'number';
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const found = [...new Set(attr.map(text).filter((v): v is string => v !== null))].sort();
  const values = options.values ? [...options.values] : found;
  const unknown = values.filter((v) => !found.includes(v));
  if (unknown.length > 0) {
    throw new UsageError(
      'unknown_value',
      `"${options.attribute}" has no value ${JSON.stringify(unknown[0])}.`,
      {
        column: options.attribute,
        hint: `Values found: ${found.map((v) => JSON.stringify(v)).join(', ')}.`,
      },
    );
  }
  if (values.length < 2) {
    throw new UsageError(
      'flip_needs_two_values',
      `Flipping needs two values of "${options.attribute}"; found ${values.length}.`,
      {
        column: options.attribute,
      },
    );
  }
  const rng = createRng(options.seed);
  const groupOf = attr.map(text);
  const rowsOf = new Map(values.map((v) => [v, [] as number[]]));
  for (let i = 0; i < n; i++) rowsOf.get(groupOf[i] ?? '')?.push(i);
  const flippedRows = values.reduce((a, v) => a + rowsOf.get(v)!.length, 0);
  const proxyMaps = proxies.map((p) =>
    proxyMapper(columns, p, data.kinds.get(p) === 'number', values, rowsOf, proxyMethod),
  );

  const base = await scoreColumns(options.scorer, columns, n, batchSize);
  const deltas = new Map<string, { d: number[]; changed: number; up: number; down: number }>();
  for (const to of values) {
    const rows: number[] = [];
    for (const from of values) if (from !== to) rows.push(...rowsOf.get(from)!);
    rows.sort((a, b) => a - b);
    const cf: Columns = {};
    for (const [name, col] of Object.entries(columns)) cf[name] = rows.map((i) => col[i] ?? null);
    cf[options.attribute] = rows.map(() => (attrNumeric ? Number(to) : to));
    proxies.forEach((p, j) => {
      cf[p] = rows.map((i) => proxyMaps[j]!(columns[p]![i] ?? null, groupOf[i]!, to, rng));
    });
    const scores = await scoreColumns(options.scorer, cf, rows.length, batchSize);
    rows.forEach((i, r) => {
      const key = JSON.stringify([groupOf[i], to]);
      let acc = deltas.get(key);
      if (!acc) {
        acc = { d: [], changed: 0, up: 0, down: 0 };
        deltas.set(key, acc);
      }
      const before = base[i]! >= threshold;
      const after = scores[r]! >= threshold;
      acc.d.push(scores[r]! - base[i]!);
      if (before !== after) {
        acc.changed++;
        if (after) acc.up++;
        else acc.down++;
      }
    });
  }
  const summarise = (
    from: string,
    to: string,
    acc: { d: number[]; changed: number; up: number; down: number },
  ) => pairSummary(from, to, acc, { confidence, replicates, rng, suppressBelow });
  const pairs: CounterfactualPair[] = [];
  for (const from of values) {
    for (const to of values) {
      if (from === to) continue;
      pairs.push(
        summarise(from, to, deltas.get(JSON.stringify([from, to])) ?? { d: [], changed: 0, up: 0, down: 0 }),
      );
    }
  }
  const all = { d: [] as number[], changed: 0, up: 0, down: 0 };
  for (const acc of deltas.values()) {
    for (const x of acc.d) all.d.push(x);
    all.changed += acc.changed;
    all.up += acc.up;
    all.down += acc.down;
  }
  const notes: string[] = [];
  if (options.scorer.columns && !options.scorer.columns.includes(options.attribute)) {
    notes.push(
      `The model does not read "${options.attribute}"${proxies.length ? '; only the proxies changed its inputs' : ': flipping it alone cannot change a score'}.`,
    );
  }
  return {
    schema: COUNTERFACTUAL_SCHEMA,
    attribute: options.attribute,
    values,
    proxies,
    proxyMethod,
    threshold,
    scorer: options.scorer.description,
    seed: options.seed,
    confidence,
    rows: { read: n, flipped: flippedRows, leftOut: n - flippedRows },
    pairs,
    overall: summarise('(all)', '(other)', all),
    notes,
  };
}

/** Scores column arrays in batches of `batchSize` rows. */
export async function scoreColumns(
  scorer: Scorer,
  columns: FeatureColumns,
  n: number,
  batchSize = 10_000,
): Promise<Float64Array> {
  const out = new Float64Array(n);
  for (let s = 0; s < n; s += batchSize) {
    const e = Math.min(n, s + batchSize);
    const batch: Record<string, unknown[]> = {};
    for (const [name, col] of Object.entries(columns)) batch[name] = Array.prototype.slice.call(col, s, e);
    out.set(await scorer.score(batch as FeatureColumns, e - s), s);
  }
  return out;
}

type ProxyMap = (v: number | string | null, from: string, to: string, rng: Rng) => number | string | null;

/** Moves a proxy value from one group's distribution to another's (see {@link ProxyMethod}). */
function proxyMapper(
  columns: Columns,
  name: string,
  numeric: boolean,
  values: readonly string[],
  rowsOf: ReadonlyMap<string, number[]>,
  method: ProxyMethod,
): ProxyMap {
  const col = columns[name]!;
  if (!numeric) {
    const dist = new Map(
      values.map((g) => [
        g,
        rowsOf
          .get(g)!
          .map((i) => col[i])
          .filter((v): v is string | number => v !== null),
      ]),
    );
    return (v, _from, to, rng) => {
      const d = dist.get(to)!;
      return v === null || d.length === 0 ? v : (d[Math.floor(rng.next() * d.length)] ?? v);
    };
  }
  const sorted = new Map(
    values.map((g) => [
      g,
      Float64Array.from(
        rowsOf
          .get(g)!
          .map((i) => col[i])
          .filter((v): v is number => typeof v === 'number'),
      ).sort(),
    ]),
  );
  const mean = new Map(
    [...sorted].map(([g, s]) => [g, s.length ? s.reduce((a, b) => a + b, 0) / s.length : 0]),
  );
  return (v, from, to) => {
    if (typeof v !== 'number') return v;
    if (method === 'mean') return v - mean.get(from)! + mean.get(to)!;
    const a = sorted.get(from)!;
    const b = sorted.get(to)!;
    if (a.length === 0 || b.length === 0) return v;
    // Mid-rank quantile of v in its group, then the target group's value at that quantile.
    const q = (lowerBound(a, v) + upperBound(a, v)) / 2 / a.length;
    return b[Math.min(b.length - 1, Math.floor(q * b.length))]!;
  };
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (a[m]! < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

function upperBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (a[m]! <= v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

function quantileSorted(s: Float64Array, p: number): number {
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]!) - s[lo]!);
}

function pairSummary(
  from: string,
  to: string,
  acc: { d: number[]; changed: number; up: number; down: number },
  o: { confidence: number; replicates: number; rng: Rng; suppressBelow: number },
): CounterfactualPair {
  const n = acc.d.length;
  if (n < o.suppressBelow || n === 0) {
    return {
      from,
      to,
      n,
      suppressed: n > 0,
      changed: { count: 0, share: null, interval: null },
      up: 0,
      down: 0,
      meanChange: { value: null, interval: null },
      meanAbsChange: null,
      quantiles: null,
      histogram: null,
    };
  }
  const s = Float64Array.from(acc.d).sort();
  let sum = 0;
  let abs = 0;
  for (const x of s) {
    sum += x;
    abs += Math.abs(x);
  }
  const mean = sum / n;
  const lo = s[0]!;
  const hi = s[n - 1]!;
  return {
    from,
    to,
    n,
    suppressed: false,
    changed: {
      count: acc.changed,
      share: acc.changed / n,
      interval: wilsonInterval(acc.changed, n, { confidence: o.confidence }),
    },
    up: acc.up,
    down: acc.down,
    meanChange: { value: mean, interval: bootstrapMean(s, o) },
    meanAbsChange: abs / n,
    quantiles: {
      min: lo,
      p05: quantileSorted(s, 0.05),
      p25: quantileSorted(s, 0.25),
      p50: quantileSorted(s, 0.5),
      p75: quantileSorted(s, 0.75),
      p95: quantileSorted(s, 0.95),
      max: hi,
    },
    histogram: histogram(s),
  };
}

/** A symmetric histogram of score changes around 0 (so "no change" is one bin). */
function histogram(s: Float64Array) {
  const m = Math.max(Math.abs(s[0]!), Math.abs(s[s.length - 1]!));
  const half = m > 0 ? m : 0.01;
  const width = (2 * half) / HIST_BINS;
  const start = -half;
  const counts = new Array<number>(HIST_BINS).fill(0);
  for (const x of s) counts[Math.min(HIST_BINS - 1, Math.max(0, Math.floor((x - start) / width)))]!++;
  return { start, width, counts };
}

/**
 * Percentile bootstrap of the mean, by multinomial resampling of the counts of 2000 equal-width
 * bins of the (sorted) changes, each bin standing for its own mean: the cost does not grow with rows.
 */
function bootstrapMean(
  s: Float64Array,
  o: { confidence: number; replicates: number; rng: Rng },
): Interval | null {
  const n = s.length;
  const lo = s[0]!;
  const hi = s[n - 1]!;
  if (hi === lo) return { low: lo, high: hi };
  if (o.replicates < 1) return null;
  const width = (hi - lo) / BOOT_BINS;
  const counts = new Float64Array(BOOT_BINS);
  const sums = new Float64Array(BOOT_BINS);
  for (const x of s) {
    const b = Math.min(BOOT_BINS - 1, Math.floor((x - lo) / width));
    counts[b]!++;
    sums[b]! += x;
  }
  const used = [...counts.keys()].filter((b) => counts[b]! > 0);
  const c = Float64Array.from(used, (b) => counts[b]!);
  const m = Float64Array.from(used, (b) => sums[b]! / counts[b]!);
  const boot = bootstrapCounts(c, { replicates: o.replicates, rng: o.rng });
  const means = boot.rows.map((row) => {
    let t = 0;
    for (let j = 0; j < row.length; j++) t += row[j]! * m[j]!;
    return t / n;
  });
  return percentileInterval(means, { confidence: o.confidence });
}
