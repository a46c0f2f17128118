import { normalCdf } from './normal-cdf.js';

const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;
const SQRT_2PI = Math.sqrt(2 * Math.PI);

function poly(coeffs: readonly number[], x: number): number {
  let r = 0;
  for (const c of coeffs) r = r * x + c;
  return r;
}

/** Acklam's rational approximation (relative error < 1.2e-9), before refinement. */
function acklam(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(C, q) / (poly(D, q) * q + 1);
  }
  if (p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    return -poly(C, q) / (poly(D, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(A, r) * q) / (poly(B, r) * r + 1);
}

/**
 * The standard normal quantile Φ⁻¹(p): Acklam's rational approximation refined by two Halley steps
 * against {@link normalCdf}, accurate to about 1e-15. simple-statistics' `probit` uses a closed-form
 * approximation (probit(0.975) = 1.9572 rather than 1.95996) and clamps p to [1e-4, 1 − 1e-4], which
 * would move Wilson bounds in the third decimal, hence this function.
 *
 * @see https://en.wikipedia.org/wiki/Normal_distribution#Quantile_function
 * @param p - A probability in [0, 1]; 0 and 1 give −Infinity and Infinity.
 * @throws {RangeError} When p is outside [0, 1] or NaN.
 * @example
 * normalQuantile(0.975);
 * // => 1.9599639845400547
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile requires p in [0, 1], got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  // Work in the lower tail, where normalCdf keeps relative precision, and reflect.
  const lower = p < 0.5;
  const target = lower ? p : 1 - p;
  let x = acklam(target);
  for (let i = 0; i < 2; i++) {
    const e = normalCdf(x) - target;
    const u = e * SQRT_2PI * Math.exp((x * x) / 2);
    x -= u / (1 + (x * u) / 2);
  }
  return lower ? x : -x;
}
