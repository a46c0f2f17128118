import { histogramTotals } from './check-histograms.js';

/**
 * The two-sample Kolmogorov–Smirnov statistic between two histograms over the same bins:
 * D = maxᵢ |F_A(eᵢ) − F_B(eᵢ)| over the bin edges eᵢ, where F is the normalised cumulative weight.
 * With one bin per distinct value this equals the sample statistic (scipy `ks_2samp(...).statistic`);
 * with coarser bins it is a lower bound of it.
 *
 * @see https://en.wikipedia.org/wiki/Kolmogorov%E2%80%93Smirnov_test#Two-sample_Kolmogorov%E2%80%93Smirnov_test
 * @param histA - Non-negative weights per bin.
 * @param histB - Non-negative weights over the same bins.
 * @returns D in [0, 1], or `null` when either histogram is empty (total 0).
 * @throws {RangeError} When lengths differ, there are no bins, or a weight is negative or not finite.
 * @example
 * ksStatistic([1, 1, 0], [0, 1, 1]);
 * // => 0.5
 */
export function ksStatistic(histA: ArrayLike<number>, histB: ArrayLike<number>): number | null {
  const [totalA, totalB] = histogramTotals('ksStatistic', histA, histB);
  if (totalA === 0 || totalB === 0) return null;
  let cumA = 0;
  let cumB = 0;
  let d = 0;
  for (let i = 0; i < histA.length; i++) {
    cumA += histA[i]!;
    cumB += histB[i]!;
    d = Math.max(d, Math.abs(cumA / totalA - cumB / totalB));
  }
  return Math.min(1, d);
}
