import { gammaln } from 'simple-statistics';

const TABLE_SIZE = 256;
const TABLE = new Float64Array(TABLE_SIZE);
for (let i = 2; i < TABLE_SIZE; i++) TABLE[i] = TABLE[i - 1]! + Math.log(i);

/**
 * The natural logarithm of n!, ln Γ(n + 1). Exact sums of logs for n < 256, otherwise simple-statistics'
 * Lanczos `gammaln` (relative error about 1e-15, so about 2e-9 absolute at n = 1e6).
 *
 * @see https://en.wikipedia.org/wiki/Factorial#Logarithm
 * @param n - A non-negative integer.
 * @returns ln(n!).
 * @throws {RangeError} When `n` is not a non-negative integer.
 * @example
 * logFactorial(5);
 * // => 4.787491742782046 (ln 120)
 */
export function logFactorial(n: number): number {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`logFactorial requires a non-negative integer, got ${n}`);
  }
  return n < TABLE_SIZE ? TABLE[n]! : gammaln(n + 1);
}
