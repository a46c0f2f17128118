import { logFactorial } from './log-factorial.js';

/** The p-value of an exact test (there is no test statistic). */
export interface ExactTestResult {
  readonly pValue: number;
}

/** R's `fisher.test` counts tables whose probability is within this relative error of the observed one. */
const RELATIVE_TOLERANCE = 1e-7;
const LOG_RELATIVE = Math.log1p(RELATIVE_TOLERANCE);
/** Stop summing a tail once a term is below this fraction of the running sum. */
const NEGLIGIBLE = 1e-18;

function checkCell(v: number, name: string): void {
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new RangeError(`fisherExactTest requires non-negative integer counts, got ${name} = ${v}`);
  }
}

/**
 * Sum of exp(logd(k) − logd(start)) for k = start, start + step, … within [lo, hi], using the ratio
 * recurrence of the hypergeometric pmf (no lgamma per term). The pmf is log-concave, so terms decrease
 * away from the mode and the walk stops once they are negligible.
 */
function walk(start: number, step: 1 | -1, lo: number, hi: number, m: number, n: number, k: number): number {
  let term = 1;
  let sum = 1;
  for (let x = start; ; ) {
    const nextX = x + step;
    if (nextX < lo || nextX > hi) break;
    // d(x+1)/d(x) = (m − x)(k − x) / ((x + 1)(n − k + x + 1))
    const ratio =
      step === 1
        ? ((m - x) * (k - x)) / ((x + 1) * (n - k + x + 1))
        : (x * (n - k + x)) / ((m - x + 1) * (k - x + 1));
    term *= ratio;
    sum += term;
    x = nextX;
    if (term < sum * NEGLIGIBLE) break;
  }
  return sum;
}

function logSumExp(values: readonly number[]): number {
  const max = Math.max(...values);
  if (max === Number.NEGATIVE_INFINITY) return max;
  let s = 0;
  for (const v of values) s += Math.exp(v - max);
  return max + Math.log(s);
}

/**
 * Fisher's exact test, two-sided, for the 2×2 table [[a, b], [c, d]]. Conditioning on the margins, a
 * follows a hypergeometric distribution; the p-value sums the probabilities of all tables whose
 * probability is ≤ the observed one × (1 + 1e-7), as R's `fisher.test` and scipy's `fisher_exact` do.
 * Works in log space (log-factorials via lgamma, tails summed by the pmf's ratio recurrence from a
 * binary-searched boundary), so it is stable and fast for counts up to 1e6 and beyond, and p-values
 * far below 1e-300 underflow to 0 rather than going wrong.
 *
 * @see https://en.wikipedia.org/wiki/Fisher%27s_exact_test
 * @param table - `[[a, b], [c, d]]`, non-negative integers.
 * @returns `{ pValue }`; 1 when a margin is 0 (only one table is possible).
 * @throws {RangeError} When the table is not 2×2 or a count is not a non-negative safe integer.
 * @example
 * fisherExactTest([[3, 1], [1, 3]]);
 * // => { pValue: 0.485714... } (34/70) (R: fisher.test(matrix(c(3, 1, 1, 3), 2)))
 */
export function fisherExactTest(table: readonly (readonly number[])[]): ExactTestResult {
  if (table.length !== 2 || table[0]?.length !== 2 || table[1]?.length !== 2) {
    throw new RangeError('fisherExactTest requires a 2×2 table [[a, b], [c, d]]');
  }
  const a = table[0][0]!;
  const b = table[0][1]!;
  const c = table[1][0]!;
  const d = table[1][1]!;
  checkCell(a, 'a');
  checkCell(b, 'b');
  checkCell(c, 'c');
  checkCell(d, 'd');
  // a ~ Hypergeometric(m white, n black, k drawn): m = first column, n = second column, k = first row.
  const m = a + c;
  const n = b + d;
  const k = a + b;
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  if (lo === hi) return { pValue: 1 };
  const constant =
    logFactorial(m) + logFactorial(n) + logFactorial(k) + logFactorial(m + n - k) - logFactorial(m + n);
  const logd = (x: number): number =>
    constant - logFactorial(x) - logFactorial(m - x) - logFactorial(k - x) - logFactorial(n - k + x);

  const mode = Math.floor(((k + 1) * (m + 1)) / (m + n + 2));
  const threshold = logd(a) + LOG_RELATIVE;
  const logMode = logd(mode);
  if (logMode <= threshold) return { pValue: 1 };
  const logTotal = logMode + Math.log(walk(mode, 1, lo, hi, m, n, k) + walk(mode, -1, lo, hi, m, n, k) - 1);

  // Left tail [lo, left]: largest x < mode with logd(x) ≤ threshold (logd increases up to the mode).
  const parts: number[] = [];
  let low = lo;
  let high = mode - 1;
  let left = lo - 1;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    if (logd(mid) <= threshold) {
      left = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  if (left >= lo) parts.push(logd(left) + Math.log(walk(left, -1, lo, hi, m, n, k)));
  // Right tail [right, hi]: smallest x > mode with logd(x) ≤ threshold.
  low = mode + 1;
  high = hi;
  let right = hi + 1;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    if (logd(mid) <= threshold) {
      right = mid;
      high = mid - 1;
    } else low = mid + 1;
  }
  if (right <= hi) parts.push(logd(right) + Math.log(walk(right, 1, lo, hi, m, n, k)));
  if (parts.length === 0) return { pValue: 0 };
  return { pValue: Math.min(1, Math.exp(logSumExp(parts) - logTotal)) };
}
