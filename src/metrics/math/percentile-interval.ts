import { quantile } from 'simple-statistics';
import type { Interval } from './wilson-interval.js';

export interface PercentileIntervalOptions {
  /** Two-sided confidence level in (0, 1). Default 0.95. */
  readonly confidence?: number;
}

/**
 * The percentile bootstrap interval: the (1 − c)/2 and (1 + c)/2 quantiles of the replicate values, by
 * simple-statistics' `quantile` (linear interpolation, R type 7 / numpy 'linear').
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
  // A plain array copied element by element (Array.from on a typed array is several times slower).
  const copy: number[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v))
      throw new RangeError(`percentileInterval requires finite values, got ${v} at ${i}`);
    copy[i] = v;
  }
  const [low, high] = quantile(copy, [(1 - confidence) / 2, (1 + confidence) / 2]);
  return { low: low!, high: high! };
}
