import { normalCdf } from './normal-cdf.js';

/** A test statistic and its two-sided p-value. */
export interface TestResult {
  readonly statistic: number;
  readonly pValue: number;
}

function checkProportion(name: string, x: number, n: number, which: string): void {
  if (!(n >= 0 && Number.isFinite(n)))
    throw new RangeError(`${name} requires a finite n${which} ≥ 0, got ${n}`);
  if (!(x >= 0 && x <= n)) {
    throw new RangeError(`${name} requires 0 ≤ x${which} ≤ n${which}, got x${which} ${x} and n${which} ${n}`);
  }
}

/**
 * Two-sided two-proportion z-test with the pooled standard error:
 *
 *   z = (p̂₁ − p̂₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)),  p̂ = (x₁ + x₂)/(n₁ + n₂),  p = 2Φ(−|z|)
 *
 * z² equals the statistic of R's `prop.test(c(x1, x2), c(n1, n2), correct = FALSE)`. Counts may be
 * non-integer (weighted).
 *
 * @see https://en.wikipedia.org/wiki/Two-proportion_Z-test
 * @returns `{ statistic: z, pValue }`, or `null` when n₁ = 0, n₂ = 0, or the pooled proportion is 0 or 1
 *   (the standard error is 0, so z is undefined).
 * @throws {RangeError} When a count is negative or not finite, or xᵢ > nᵢ.
 * @example
 * twoProportionZTest(15, 50, 25, 50);
 * // => { statistic: -2.041241452319315, pValue: 0.04122683333716362 }
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): TestResult | null {
  checkProportion('twoProportionZTest', x1, n1, '1');
  checkProportion('twoProportionZTest', x2, n2, '2');
  if (n1 === 0 || n2 === 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  if (!(variance > 0)) return null;
  const statistic = (x1 / n1 - x2 / n2) / Math.sqrt(variance);
  return { statistic, pValue: Math.min(1, 2 * normalCdf(-Math.abs(statistic))) };
}
