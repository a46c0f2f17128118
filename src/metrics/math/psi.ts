import { histogramTotals } from './check-histograms.js';

export interface PsiOptions {
  /**
   * Pseudo-count added to a bin that is empty in one distribution (and not the other) before
   * normalising, so that ln(a/e) stays finite. Default 0.5. Must be > 0.
   */
  readonly epsilon?: number;
}

/**
 * The population stability index between an expected (baseline) and an actual (current) histogram of
 * counts over the same bins: PSI = Σᵢ (aᵢ − eᵢ)·ln(aᵢ/eᵢ), with aᵢ, eᵢ the bin proportions.
 *
 * Small-count correction: a bin with zero count in one distribution but not in the other gets `epsilon`
 * (default 0.5) added to the zero count before each histogram is normalised (so its total grows by
 * epsilon per such bin); bins empty in both are skipped. Inputs are therefore counts (or weighted counts),
 * not proportions. Common reading: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 major shift.
 *
 * @see https://doi.org/10.3390/risks7010029 (Yurdakul & Naranjo, "Statistical properties of the population stability index")
 * @param expected - Baseline counts per bin.
 * @param actual - Current counts over the same bins.
 * @param options - `epsilon` (default 0.5).
 * @returns PSI ≥ 0, or `null` when either histogram is empty (total 0).
 * @throws {RangeError} When lengths differ, a count is negative or not finite, or epsilon ≤ 0.
 * @example
 * psi([50, 50], [40, 60]);
 * // => 0.04054651081081645 ((0.4 − 0.5)·ln(0.8) + (0.6 − 0.5)·ln(1.2))
 */
export function psi(
  expected: ArrayLike<number>,
  actual: ArrayLike<number>,
  options: PsiOptions = {},
): number | null {
  const epsilon = options.epsilon ?? 0.5;
  if (!(epsilon > 0 && Number.isFinite(epsilon))) {
    throw new RangeError(`psi requires a finite epsilon > 0, got ${epsilon}`);
  }
  const [totalE, totalA] = histogramTotals('psi', expected, actual);
  if (totalE === 0 || totalA === 0) return null;
  const k = expected.length;
  const e = new Float64Array(k);
  const a = new Float64Array(k);
  let sumE = 0;
  let sumA = 0;
  for (let i = 0; i < k; i++) {
    const ei = expected[i]!;
    const ai = actual[i]!;
    if (ei === 0 && ai === 0) continue;
    e[i] = ei === 0 ? epsilon : ei;
    a[i] = ai === 0 ? epsilon : ai;
    sumE += e[i]!;
    sumA += a[i]!;
  }
  let index = 0;
  for (let i = 0; i < k; i++) {
    if (e[i] === 0) continue;
    const pe = e[i]! / sumE;
    const pa = a[i]! / sumA;
    // ln(pa/pe) from the counts, so proportions that underflow to 0 cannot produce ±Infinity.
    index += (pa - pe) * (Math.log(a[i]!) - Math.log(sumA) - Math.log(e[i]!) + Math.log(sumE));
  }
  return Math.max(0, index);
}
