import { presentIndices } from './check-p-values.js';

/**
 * Holm's step-down correction for multiple testing (controls the family-wise error rate), as R's
 * `p.adjust(p, 'holm')`: with the m non-null p-values sorted ascending, p̃₍ᵢ₎ = min(1, maxⱼ≤ᵢ (m − j + 1)·p₍ⱼ₎).
 * Adjusted values are returned in the input order; `null` entries stay `null` and do not count in m.
 *
 * @see https://en.wikipedia.org/wiki/Holm%E2%80%93Bonferroni_method
 * @throws {RangeError} When a p-value is outside [0, 1] or NaN.
 * @example
 * holm([0.01, 0.04, 0.03, null]);
 * // => [0.03, 0.06, 0.06, null]
 */
export function holm(pValues: readonly (number | null)[]): (number | null)[] {
  const present = presentIndices('holm', pValues);
  const m = present.length;
  const order = present.sort((i, j) => (pValues[i] as number) - (pValues[j] as number) || i - j);
  const out: (number | null)[] = pValues.map(() => null);
  let running = 0;
  order.forEach((idx, rank) => {
    running = Math.max(running, (m - rank) * (pValues[idx] as number));
    out[idx] = Math.min(1, running);
  });
  return out;
}
