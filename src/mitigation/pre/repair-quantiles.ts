/** One group's distinct values of a feature, ascending, with their total weights. */
export interface GroupValues {
  readonly values: Float64Array;
  readonly weights: Float64Array;
}

/**
 * Mid-rank quantile level of each distinct value in a group: (weight below + half its own weight) /
 * group weight. Tied rows share one level, so a repair never splits ties.
 */
export function midQuantiles(g: GroupValues): Float64Array {
  let total = 0;
  for (const w of g.weights) total += w;
  const u = new Float64Array(g.values.length);
  let below = 0;
  for (let i = 0; i < u.length; i++) {
    u[i] = total > 0 ? (below + g.weights[i]! / 2) / total : 0.5;
    below += g.weights[i]!;
  }
  return u;
}

/** A group's quantile function at level `p`: linear between its mid-rank points, flat beyond them. */
export function quantileAt(values: Float64Array, levels: Float64Array, p: number): number {
  const n = values.length;
  if (p <= levels[0]!) return values[0]!;
  if (p >= levels[n - 1]!) return values[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (levels[mid]! <= p) lo = mid;
    else hi = mid;
  }
  const t = (p - levels[lo]!) / (levels[hi]! - levels[lo]!);
  return values[lo]! + t * (values[hi]! - values[lo]!);
}

function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  const m = xs.length >> 1;
  return xs.length % 2 ? xs[m]! : (xs[m - 1]! + xs[m]!) / 2;
}

/**
 * The disparate-impact remover (Feldman et al. 2015) for one numeric feature. A value `x` at
 * quantile level `u` of its group moves to `(1 − λ)·x + λ·m(u)`, where `m(u)` is the median over
 * the groups of their quantile functions at `u` (the "median distribution"). λ = 0 changes
 * nothing; λ = 1 gives every group the same distribution (up to the groups' discrete levels).
 * Ranks within a group are kept.
 * @see https://doi.org/10.1145/2783258.2783311
 * @returns the repaired value of each distinct value of each group, aligned with the input.
 * @example
 * repairValues([{ values: Float64Array.of(0, 1), weights: Float64Array.of(1, 1) },
 *   { values: Float64Array.of(10, 11), weights: Float64Array.of(1, 1) }], 1)
 * // => [Float64Array [5, 6], Float64Array [5, 6]]
 */
export function repairValues(groups: readonly GroupValues[], lambda: number): Float64Array[] {
  if (!(lambda >= 0 && lambda <= 1)) throw new RangeError(`repairValues requires λ in [0, 1], got ${lambda}`);
  const present = groups.filter((g) => g.values.length > 0);
  const levels = groups.map(midQuantiles);
  const presentLevels = groups.map((g, i) => ({ g, l: levels[i]! })).filter((x) => x.g.values.length > 0);
  return groups.map((g, gi) => {
    const out = new Float64Array(g.values.length);
    for (let i = 0; i < out.length; i++) {
      const x = g.values[i]!;
      if (lambda === 0 || present.length === 0) {
        out[i] = x;
        continue;
      }
      const u = levels[gi]![i]!;
      const m = median(presentLevels.map(({ g: h, l }) => quantileAt(h.values, l, u)));
      out[i] = lambda === 1 ? m : (1 - lambda) * x + lambda * m;
    }
    return out;
  });
}
