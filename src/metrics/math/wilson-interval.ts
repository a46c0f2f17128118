import { normalQuantile } from './normal-quantile.js';

/** A closed interval [low, high]. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

export interface WilsonIntervalOptions {
  /** Two-sided confidence level in (0, 1). Default 0.95. */
  readonly confidence?: number;
}

/**
 * The Wilson score interval for a binomial proportion (without continuity correction), as R's
 * `prop.test(x, n, correct = FALSE)$conf.int` and statsmodels' `proportion_confint(method='wilson')`:
 *
 *   centre = (p̂ + z²/2n) / (1 + z²/n),  half-width = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)
 *
 * with p̂ = successes / n and z = Φ⁻¹(1 − (1 − confidence)/2). Successes and n may be non-integer
 * (weighted counts): pass the effective sample size as `n` and p̂·n as `successes`.
 *
 * @see https://en.wikipedia.org/wiki/Binomial_proportion_confidence_interval#Wilson_score_interval
 * @param successes - Number (or weight) of successes, 0 ≤ successes ≤ n.
 * @param n - Number of trials (or effective sample size), n ≥ 0.
 * @param options - `confidence` (default 0.95).
 * @returns `{ low, high }` within [0, 1], or `null` when n = 0 (the proportion is undefined).
 * @throws {RangeError} When n or successes is negative or not finite, successes > n, or confidence ∉ (0, 1).
 * @example
 * wilsonInterval(8, 10);
 * // => { low: 0.4901625..., high: 0.9433178... }
 * wilsonInterval(0, 0);
 * // => null
 */
export function wilsonInterval(
  successes: number,
  n: number,
  options: WilsonIntervalOptions = {},
): Interval | null {
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`wilsonInterval requires confidence in (0, 1), got ${confidence}`);
  }
  if (!(n >= 0 && Number.isFinite(n)))
    throw new RangeError(`wilsonInterval requires a finite n ≥ 0, got ${n}`);
  if (!(successes >= 0 && successes <= n)) {
    throw new RangeError(`wilsonInterval requires 0 ≤ successes ≤ n, got successes ${successes} and n ${n}`);
  }
  if (n === 0) return null;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const p = successes / n;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    low: successes === 0 ? 0 : Math.max(0, Math.min(p, centre - half)),
    high: successes === n ? 1 : Math.min(1, Math.max(p, centre + half)),
  };
}
