import { createRng } from '../metrics/math/index.js';

/**
 * A seeded split stratified by `key`: the rows of each stratum (strata in sorted order) are
 * shuffled, the first `share` of them go to `picked`, the rest to `rest`; both sorted by row.
 * @example
 * stratifiedSplit([0, 1, 2, 3], (i) => (i < 2 ? 'a' : 'b'), 0.5, 1).picked.length // => 2
 */
export function stratifiedSplit(
  rows: readonly number[],
  key: (i: number) => string,
  share: number,
  seed: number,
): { picked: number[]; rest: number[] } {
  const rng = createRng(seed);
  const strata = new Map<string, number[]>();
  for (const i of rows) {
    const k = key(i);
    let l = strata.get(k);
    if (!l) {
      l = [];
      strata.set(k, l);
    }
    l.push(i);
  }
  const picked: number[] = [];
  const rest: number[] = [];
  for (const k of [...strata.keys()].sort()) {
    const l = strata.get(k)!;
    for (let i = l.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [l[i], l[j]] = [l[j]!, l[i]!];
    }
    const m = Math.round(l.length * share);
    picked.push(...l.slice(0, m));
    rest.push(...l.slice(m));
  }
  return { picked: picked.sort((a, b) => a - b), rest: rest.sort((a, b) => a - b) };
}
