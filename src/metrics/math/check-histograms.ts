/**
 * Validates two histograms over the same bins (finite, non-negative weights, equal length ≥ 1) and
 * returns their totals. Internal helper of the distribution distances.
 */
export function histogramTotals(name: string, a: ArrayLike<number>, b: ArrayLike<number>): [number, number] {
  if (a.length !== b.length) {
    throw new RangeError(
      `${name} requires histograms over the same bins, got ${a.length} and ${b.length} bins`,
    );
  }
  if (a.length === 0) throw new RangeError(`${name} requires at least one bin`);
  return [total(name, a, 'A'), total(name, b, 'B')];
}

function total(name: string, h: ArrayLike<number>, which: string): number {
  let s = 0;
  for (let i = 0; i < h.length; i++) {
    const v = h[i]!;
    if (!(v >= 0 && Number.isFinite(v))) {
      throw new RangeError(`${name} requires finite non-negative weights, got ${v} in bin ${i} of ${which}`);
    }
    s += v;
  }
  return s;
}
