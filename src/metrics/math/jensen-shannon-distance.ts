import { histogramTotals } from './check-histograms.js';

export interface JensenShannonOptions {
  /** Logarithm base. Default 2, which bounds the distance by 1. scipy's default is e. */
  readonly base?: number;
}

/**
 * The Jensen–Shannon distance, the square root of the Jensen–Shannon divergence, as
 * `scipy.spatial.distance.jensenshannon(p, q, base)`: with p, q normalised and m = (p + q)/2,
 * JS = √(½ KL(p‖m) + ½ KL(q‖m)), KL in the given log base (0·log 0 = 0).
 *
 * @see https://en.wikipedia.org/wiki/Jensen%E2%80%93Shannon_divergence
 * @param pA - Non-negative weights per bin (normalised here).
 * @param pB - Non-negative weights over the same bins.
 * @param options - `base` (default 2).
 * @returns The distance, in [0, 1] for base 2 (in [0, √(ln 2 / ln base)] in general), or `null` when
 *   either distribution is empty (total 0).
 * @throws {RangeError} When lengths differ, a weight is negative or not finite, or base ≤ 1.
 * @example
 * jensenShannonDistance([1, 0, 0], [0, 1, 0]);
 * // => 1
 * jensenShannonDistance([1, 0], [0.5, 0.5], { base: Math.E });
 * // => 0.46450140402245893
 */
export function jensenShannonDistance(
  pA: ArrayLike<number>,
  pB: ArrayLike<number>,
  options: JensenShannonOptions = {},
): number | null {
  const base = options.base ?? 2;
  if (!(base > 1 && Number.isFinite(base))) {
    throw new RangeError(`jensenShannonDistance requires a finite base > 1, got ${base}`);
  }
  const [totalA, totalB] = histogramTotals('jensenShannonDistance', pA, pB);
  if (totalA === 0 || totalB === 0) return null;
  let divergence = 0;
  for (let i = 0; i < pA.length; i++) {
    const p = pA[i]! / totalA;
    const q = pB[i]! / totalB;
    // p / m written as 2p / (p + q): m = (p + q) / 2 underflows to 0 for subnormal weights.
    if (p > 0) divergence += p * Math.log((2 * p) / (p + q));
    if (q > 0) divergence += q * Math.log((2 * q) / (p + q));
  }
  return Math.sqrt(Math.max(0, divergence / 2 / Math.log(base)));
}
