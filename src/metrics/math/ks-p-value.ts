/**
 * The Kolmogorov distribution's survival function Q(λ) = 2 Σⱼ≥₁ (−1)^(j−1) e^(−2j²λ²), switching to the
 * equivalent theta-function form 1 − (√(2π)/λ) Σⱼ≥₁ e^(−(2j−1)²π²/(8λ²)) for small λ, where the first
 * series converges slowly.
 */
function kolmogorovSurvival(lambda: number): number {
  // Below λ = 0.05 the survival function equals 1 to double precision (1 − Q < 1e-200).
  if (lambda < 0.05) return 1;
  if (lambda < 1.18) {
    const w = (Math.PI * Math.PI) / (8 * lambda * lambda);
    let s = 0;
    for (let j = 1; j <= 7; j++) s += Math.exp(-(2 * j - 1) * (2 * j - 1) * w);
    return Math.max(0, Math.min(1, 1 - (Math.sqrt(2 * Math.PI) / lambda) * s));
  }
  let s = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    s += j % 2 === 1 ? term : -term;
    if (term < 1e-17 * s) break;
  }
  return Math.max(0, Math.min(1, 2 * s));
}

/**
 * Asymptotic two-sided p-value of the two-sample Kolmogorov–Smirnov statistic with Stephens' small-sample
 * correction: p = Q_KS((√nₑ + 0.12 + 0.11/√nₑ)·D), nₑ = n_A·n_B/(n_A + n_B), where Q_KS is the Kolmogorov
 * distribution's survival function. This is scipy's `ks_2samp(mode='asymp')` before scipy 1.5 and
 * Numerical Recipes' `kstwo`/`probks`; scipy ≥ 1.5 (`method='asymp'`) uses `kstwo.sf(D, round(nₑ))`
 * instead, which differs slightly for small samples. Sample sizes may be non-integer (effective sizes of
 * weighted data).
 *
 * @see https://en.wikipedia.org/wiki/Kolmogorov%E2%80%93Smirnov_test#Kolmogorov_distribution
 * @param d - The statistic, in [0, 1].
 * @param nA - Size (or effective size) of sample A, ≥ 0.
 * @param nB - Size (or effective size) of sample B, ≥ 0.
 * @returns The p-value in [0, 1], or `null` when nA or nB is 0.
 * @throws {RangeError} When d ∉ [0, 1] or a size is negative or not finite.
 * @example
 * ksPValue(0.5, 20, 20);
 * // => 0.0081616... (λ = (√10 + 0.12 + 0.11/√10)·0.5 ≈ 1.6585; scipy kstwobign.sf(λ))
 */
export function ksPValue(d: number, nA: number, nB: number): number | null {
  if (!(d >= 0 && d <= 1)) throw new RangeError(`ksPValue requires d in [0, 1], got ${d}`);
  for (const n of [nA, nB]) {
    if (!(n >= 0 && Number.isFinite(n)))
      throw new RangeError(`ksPValue requires finite sample sizes ≥ 0, got ${n}`);
  }
  if (nA === 0 || nB === 0) return null;
  const en = Math.sqrt((nA * nB) / (nA + nB));
  return kolmogorovSurvival((en + 0.12 + 0.11 / en) * d);
}
