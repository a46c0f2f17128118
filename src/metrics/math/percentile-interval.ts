import { quantileSorted, quickselect } from 'simple-statistics';
import type { Interval } from './wilson-interval.js';

export interface PercentileIntervalOptions {
  /** Two-sided confidence level in (0, 1). Default 0.95. */
  readonly confidence?: number;
}

/** Reused by every call (values are copied into it, never kept). */
let scratch = new Float64Array(1024);

/**
 * The percentile bootstrap interval: the (1 − c)/2 and (1 + c)/2 quantiles of the replicate values
 * (linear interpolation, R type 7 / numpy 'linear'), by simple-statistics' `quantileSorted` over
 * order statistics placed by its `quickselect`.
 *
 * @see https://en.wikipedia.org/wiki/Bootstrapping_(statistics)#Percentile_bootstrap
 * @param values - Replicate statistics. Drop undefined (null) replicates first and report how many.
 * @param options - `confidence` (default 0.95).
 * @returns `{ low, high }`, or `null` when `values` is empty.
 * @throws {RangeError} When a value is not finite or confidence ∉ (0, 1).
 * @example
 * percentileInterval([1, 2, 3, 4, 5], { confidence: 0.5 });
 * // => { low: 2, high: 4 }
 */
export function percentileInterval(
  values: ArrayLike<number>,
  options: PercentileIntervalOptions = {},
): Interval | null {
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`percentileInterval requires confidence in (0, 1), got ${confidence}`);
  }
  if (values.length === 0) return null;
  // The values are copied into a scratch buffer reused across calls (an audit computes thousands of
  // intervals of 1,000 replicates; copies per call were most of its garbage), the order statistics
  // the two quantiles read are placed with simple-statistics' quickselect, and quantileSorted reads
  // them (it only looks at the positions around (n − 1)·p, which are then in sorted order).
  const n = values.length;
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
  const x = scratch.subarray(0, n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v))
      throw new RangeError(`percentileInterval requires finite values, got ${v} at ${i}`);
    x[i] = v;
  }
  const ps = [(1 - confidence) / 2, (1 + confidence) / 2];
  const positions = [...new Set(ps.flatMap((p) => [Math.floor((n - 1) * p), Math.ceil((n - 1) * p)]))].sort(
    (a, b) => a - b,
  );
  const arr = x as unknown as number[];
  let left = 0;
  for (const k of positions) {
    quickselect(arr, k, left, n - 1);
    left = k + 1;
  }
  return { low: quantileSorted(arr, ps[0]!), high: quantileSorted(arr, ps[1]!) };
}
