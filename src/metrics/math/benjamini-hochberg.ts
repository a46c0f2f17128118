import { presentIndices } from './check-p-values.js';

/**
 * The Benjamini–Hochberg step-up correction (controls the false discovery rate), as R's
 * `p.adjust(p, 'BH')`: with the m non-null p-values sorted ascending, p̃₍ᵢ₎ = min(1, minⱼ≥ᵢ m·p₍ⱼ₎/j).
 * Adjusted values are returned in the input order; `null` entries stay `null` and do not count in m.
 *
 * @see https://en.wikipedia.org/wiki/False_discovery_rate#Benjamini%E2%80%93Hochberg_procedure
 * @throws {RangeError} When a p-value is outside [0, 1] or NaN.
 * @example
 * benjaminiHochberg([0.01, 0.04, 0.03, null]);
 * // => [0.03, 0.04, 0.04, null]
 */
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  const present = presentIndices('benjaminiHochberg', pValues);
  const m = present.length;
  const order = present.sort((i, j) => (pValues[i] as number) - (pValues[j] as number) || i - j);
  const out: (number | null)[] = pValues.map(() => null);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const idx = order[rank]!;
    running = Math.min(running, (m / (rank + 1)) * (pValues[idx] as number));
    out[idx] = running;
  }
  return out;
}
