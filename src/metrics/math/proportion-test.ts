import { fisherExactTest } from './fisher-exact-test.js';
import { twoProportionZTest } from './two-proportion-z-test.js';

/** The tests {@link proportionTest} chooses between. */
export const ProportionTestMethod = {
  z: 'z',
  fisher: 'fisher',
} as const;
export type ProportionTestMethod = (typeof ProportionTestMethod)[keyof typeof ProportionTestMethod];

/** Result of {@link proportionTest}: `statistic` is z for the z-test and `null` for Fisher's test. */
export interface ProportionTestResult {
  readonly method: ProportionTestMethod;
  readonly statistic: number | null;
  readonly pValue: number;
}

/** Expected cell count below which the normal approximation is not trusted (Cochran's rule). */
const MIN_EXPECTED = 5;

/**
 * Two-sided test that two proportions x₁/n₁ and x₂/n₂ are equal. Builds the 2×2 table
 * [[x₁, n₁ − x₁], [x₂, n₂ − x₂]]; when any expected count (row total · column total / grand total) is
 * below 5 it uses {@link fisherExactTest}, otherwise {@link twoProportionZTest}. Fisher's test needs
 * integer counts, so weighted (non-integer) counts are rounded to the nearest integer for it.
 *
 * @see https://en.wikipedia.org/wiki/Fisher%27s_exact_test (Cochran's rule of thumb)
 * @returns `{ method, statistic, pValue }`, or `null` when n₁ = 0 or n₂ = 0.
 * @throws {RangeError} When a count is negative or not finite, or xᵢ > nᵢ.
 * @example
 * proportionTest(3, 4, 1, 4);
 * // => { method: 'fisher', statistic: null, pValue: 0.485714... }
 * proportionTest(15, 50, 25, 50).method;
 * // => 'z'
 */
export function proportionTest(x1: number, n1: number, x2: number, n2: number): ProportionTestResult | null {
  // Validates the arguments and handles the empty-group case.
  const z = twoProportionZTest(x1, n1, x2, n2);
  if (n1 === 0 || n2 === 0) return null;
  const total = n1 + n2;
  const successes = x1 + x2;
  const minExpected = (Math.min(n1, n2) * Math.min(successes, total - successes)) / total;
  if (z !== null && minExpected >= MIN_EXPECTED) {
    return { method: ProportionTestMethod.z, statistic: z.statistic, pValue: z.pValue };
  }
  const r1 = Math.round(x1);
  const r2 = Math.round(x2);
  const { pValue } = fisherExactTest([
    [r1, Math.round(n1) - r1],
    [r2, Math.round(n2) - r2],
  ]);
  return { method: ProportionTestMethod.fisher, statistic: null, pValue };
}
