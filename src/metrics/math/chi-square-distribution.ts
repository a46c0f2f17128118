import { regularizedGammaP, regularizedGammaQ } from './regularized-gamma.js';

function check(name: string, x: number, df: number): void {
  if (!(df > 0 && Number.isFinite(df))) throw new RangeError(`${name} requires finite df > 0, got ${df}`);
  if (Number.isNaN(x)) throw new RangeError(`${name} requires a number, got NaN`);
}

/**
 * The chi-square distribution function F(x; k) = P(k/2, x/2).
 *
 * @see https://en.wikipedia.org/wiki/Chi-squared_distribution#Cumulative_distribution_function
 * @param x - The statistic; values ≤ 0 give 0.
 * @param df - Degrees of freedom k > 0.
 * @throws {RangeError} When df is not a finite positive number or x is NaN.
 * @example
 * chiSquareCdf(2, 2);
 * // => 0.6321205588285579 (1 − e^−1)
 */
export function chiSquareCdf(x: number, df: number): number {
  check('chiSquareCdf', x, df);
  return x <= 0 ? 0 : regularizedGammaP(df / 2, x / 2);
}

/**
 * The chi-square upper tail 1 − F(x; k) = Q(k/2, x/2): the p-value of a chi-square statistic.
 * Computed directly (not as 1 − cdf), so tiny p-values keep their relative precision.
 *
 * @see https://en.wikipedia.org/wiki/Chi-squared_distribution
 * @param x - The statistic; values ≤ 0 give 1.
 * @param df - Degrees of freedom k > 0.
 * @throws {RangeError} When df is not a finite positive number or x is NaN.
 * @example
 * chiSquareSurvival(3.841458820694124, 1);
 * // => 0.05 (approximately)
 */
export function chiSquareSurvival(x: number, df: number): number {
  check('chiSquareSurvival', x, df);
  return x <= 0 ? 1 : regularizedGammaQ(df / 2, x / 2);
}
