import { histogramTotals } from './check-histograms.js';

/**
 * The 1-D Wasserstein-1 (earth mover's) distance between two histograms over the same bins:
 * W = ∫ |F_A(x) − F_B(x)| dx over [e₀, e_k], with each CDF linear within a bin (weight spread uniformly
 * over the bin). The integral is exact: on a bin of width w where the CDF difference goes linearly from
 * δ₀ to δ₁, it is w(|δ₀| + |δ₁|)/2 if they share a sign and w(δ₀² + δ₁²)/(2(|δ₀| + |δ₁|)) otherwise.
 * It equals scipy's `wasserstein_distance` between the two "uniform within bins" densities, and is in the
 * units of the binned variable.
 *
 * @see https://en.wikipedia.org/wiki/Wasserstein_metric#One-dimensional_distributions
 * @param histA - Non-negative weights per bin.
 * @param histB - Non-negative weights over the same bins.
 * @param edges - Strictly increasing finite bin edges, length = bins + 1.
 * @returns W ≥ 0, or `null` when either histogram is empty (total 0).
 * @throws {RangeError} When lengths disagree, edges are not strictly increasing and finite, or a weight is
 *   negative or not finite.
 * @example
 * wassersteinDistance([1, 0], [0, 1], [0, 1, 2]);
 * // => 1 (uniform on [0, 1] vs uniform on [1, 2])
 */
export function wassersteinDistance(
  histA: ArrayLike<number>,
  histB: ArrayLike<number>,
  edges: ArrayLike<number>,
): number | null {
  const [totalA, totalB] = histogramTotals('wassersteinDistance', histA, histB);
  if (edges.length !== histA.length + 1) {
    throw new RangeError(
      `wassersteinDistance requires bins + 1 = ${histA.length + 1} edges, got ${edges.length}`,
    );
  }
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    if (!Number.isFinite(e) || (i > 0 && !(e > edges[i - 1]!))) {
      throw new RangeError(`wassersteinDistance requires strictly increasing finite edges, got ${e} at ${i}`);
    }
  }
  if (totalA === 0 || totalB === 0) return null;
  let cumA = 0;
  let cumB = 0;
  let d0 = 0;
  let w = 0;
  for (let i = 0; i < histA.length; i++) {
    cumA += histA[i]!;
    cumB += histB[i]!;
    const d1 = cumA / totalA - cumB / totalB;
    const width = edges[i + 1]! - edges[i]!;
    const a0 = Math.abs(d0);
    const a1 = Math.abs(d1);
    if (a0 + a1 > 0)
      w += d0 * d1 >= 0 ? (width * (a0 + a1)) / 2 : (width * (d0 * d0 + d1 * d1)) / (2 * (a0 + a1));
    d0 = d1;
  }
  return w;
}
