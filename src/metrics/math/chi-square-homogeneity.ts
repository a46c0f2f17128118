import { histogramTotals } from './check-histograms.js';
import { type ChiSquareResult, chiSquareTest } from './chi-square-test.js';

/**
 * Pearson's chi-square test of homogeneity: do two samples of a categorical variable come from the same
 * distribution? It is {@link chiSquareTest} on the 2×k table [countsA, countsB] after dropping categories
 * empty in both samples (they carry no information), so df = (non-empty categories − 1). Matches scipy
 * `chi2_contingency([countsA, countsB], correction=False)` on the non-empty columns.
 *
 * @see https://en.wikipedia.org/wiki/Chi-squared_test#Pearson's_chi-squared_test
 * @param countsA - Counts (or weighted counts) per category in sample A.
 * @param countsB - Counts over the same categories in sample B.
 * @returns `{ statistic, df, pValue }`, or `null` when a sample is empty or fewer than two categories are
 *   non-empty.
 * @throws {RangeError} When lengths differ, there are no categories, or a count is negative or not finite.
 * @example
 * chiSquareHomogeneity([10, 20, 30], [20, 20, 20]);
 * // => { statistic: 5.333333333333334, df: 2, pValue: 0.06948345122280153 }
 */
export function chiSquareHomogeneity(
  countsA: ArrayLike<number>,
  countsB: ArrayLike<number>,
): ChiSquareResult | null {
  const [totalA, totalB] = histogramTotals('chiSquareHomogeneity', countsA, countsB);
  if (totalA === 0 || totalB === 0) return null;
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < countsA.length; i++) {
    if (countsA[i]! === 0 && countsB[i]! === 0) continue;
    a.push(countsA[i]!);
    b.push(countsB[i]!);
  }
  if (a.length < 2) return null;
  return chiSquareTest([a, b]);
}
