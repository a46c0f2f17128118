import { chiSquareSurvival } from './chi-square-distribution.js';

/** A chi-square statistic, its degrees of freedom and upper-tail p-value. */
export interface ChiSquareResult {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
}

export interface ChiSquareTestOptions {
  /**
   * Apply Yates' continuity correction to 2×2 tables, as R's `chisq.test` does by default
   * (each |O − E| is reduced by min(½, |O − E|)). Default `false` (scipy `correction=False`);
   * ignored for larger tables.
   */
  readonly continuityCorrection?: boolean;
}

/**
 * Pearson's chi-square test of independence for an r×c contingency table:
 * X² = Σ (O − E)² / E with E = row total · column total / grand total, df = (r − 1)(c − 1).
 * Counts may be non-integer (weighted). Matches R `chisq.test(x, correct = FALSE)` and scipy
 * `chi2_contingency(x, correction=False)`.
 *
 * @see https://en.wikipedia.org/wiki/Pearson%27s_chi-squared_test
 * @param table - Rows of non-negative counts, all rows of equal length; at least 2×2.
 * @param options - `continuityCorrection` (default false).
 * @returns `{ statistic, df, pValue }`, or `null` when a row or column total is 0 (an expected count is 0,
 *   so the statistic is undefined).
 * @throws {RangeError} When the table is smaller than 2×2, ragged, or holds a negative or non-finite count.
 * @example
 * chiSquareTest([[15, 35], [25, 25]]);
 * // => { statistic: 4.166666666666667, df: 1, pValue: 0.04122683333716362 }
 */
export function chiSquareTest(
  table: readonly (readonly number[])[],
  options: ChiSquareTestOptions = {},
): ChiSquareResult | null {
  const r = table.length;
  const c = table[0]?.length ?? 0;
  if (r < 2 || c < 2) throw new RangeError(`chiSquareTest requires at least a 2×2 table, got ${r}×${c}`);
  const rowTotals = new Float64Array(r);
  const colTotals = new Float64Array(c);
  for (let i = 0; i < r; i++) {
    const row = table[i]!;
    if (row.length !== c)
      throw new RangeError(
        `chiSquareTest requires rows of equal length; row ${i} has ${row.length}, not ${c}`,
      );
    for (let j = 0; j < c; j++) {
      const v = row[j]!;
      if (!(v >= 0 && Number.isFinite(v))) {
        throw new RangeError(`chiSquareTest requires finite non-negative counts, got ${v} at [${i}][${j}]`);
      }
      rowTotals[i]! += v;
      colTotals[j]! += v;
    }
  }
  if (rowTotals.some((t) => t === 0) || colTotals.some((t) => t === 0)) return null;
  let total = 0;
  for (const t of rowTotals) total += t;
  const yates = options.continuityCorrection === true && r === 2 && c === 2;
  let statistic = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const expected = (rowTotals[i]! * colTotals[j]!) / total;
      let diff = Math.abs(table[i]![j]! - expected);
      if (yates) diff -= Math.min(0.5, diff);
      statistic += (diff * diff) / expected;
    }
  }
  const df = (r - 1) * (c - 1);
  return { statistic, df, pValue: chiSquareSurvival(statistic, df) };
}
