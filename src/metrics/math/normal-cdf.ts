import { regularizedGammaQ } from './regularized-gamma.js';

/**
 * The standard normal distribution function Φ(z), accurate in both tails: for z < 0,
 * Φ(z) = ½·Q(½, z²/2) (the regularized upper incomplete gamma), so Φ(−10) ≈ 7.6e−24 keeps its relative
 * precision. simple-statistics' `cumulativeStdNormalProbability` is a 4-decimal table lookup, too coarse
 * for p-values, hence this function.
 *
 * @see https://dlmf.nist.gov/7.11#E2 (erfc(x) = Γ(½, x²)/√π)
 * @param z - Any number; ±Infinity give 1 and 0.
 * @throws {RangeError} When z is NaN.
 * @example
 * normalCdf(1.959963984540054);
 * // => 0.975 (approximately)
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('normalCdf requires a number, got NaN');
  if (z === 0) return 0.5;
  const tail = 0.5 * regularizedGammaQ(0.5, (z * z) / 2);
  return z < 0 ? tail : 1 - tail;
}
