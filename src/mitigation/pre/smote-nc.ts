import type { Rng } from '../../metrics/math/index.js';
import { NeighbourIndex, type SearchCost } from './neighbours.js';

/** Feature columns of every row: numeric values (NaN = missing) and categorical codes (-1 = missing). */
export interface FeatureTable {
  readonly numeric: readonly Float64Array[];
  readonly categorical: readonly Int32Array[];
}

export interface SmoteOptions {
  /** Neighbours per seed row (default 5). */
  readonly k?: number | undefined;
  readonly rng: Rng;
  /** Row weights (all rows): seed rows are drawn in proportion to them. */
  readonly weights?: Float64Array | undefined;
  /** Draws per synthetic row before it is refused as an exact copy of a real row (default 10). */
  readonly maxTries?: number | undefined;
}

/** Synthetic rows of one stratum, with where each came from and its distance to the real rows. */
export interface SmoteResult {
  readonly numeric: Float64Array[];
  readonly categorical: Int32Array[];
  /** Row the synthetic row was grown from, its neighbour (a row of the same stratum) and the gap in (0, 1). */
  readonly seedRow: Int32Array;
  readonly neighbourRow: Int32Array;
  readonly gap: Float64Array;
  /** Distance to the closest real row of the stratum (SMOTE-NC metric, in standard deviations). */
  readonly distanceToReal: Float64Array;
  /** Rows made (≤ the count asked for). */
  readonly generated: number;
  /** Rows not made: every draw gave an exact copy of a real row, or the stratum has one distinct row. */
  readonly refused: number;
  /** Distinct feature vectors in the stratum (the points searched). */
  readonly distinctPoints: number;
  readonly cost: SearchCost & { readonly buildMs: number; readonly searchMs: number };
}

/**
 * SMOTE-NC within one stratum (Chawla et al. 2002): each synthetic row grows from a seed row of
 * the stratum (drawn uniformly, or by weight) and one of its `k` nearest neighbours in the same
 * stratum: numeric features at `seed + gap·(neighbour − seed)` with gap uniform in (0, 1),
 * categorical features by the majority of the `k` neighbours (ties: the nearest tied neighbour).
 *
 * The distance is Euclidean over numeric features scaled by their standard deviation in the
 * stratum, plus 1 (one standard deviation: SMOTE-NC's median-of-deviations rule after scaling) per
 * differing categorical value. Neighbours are distinct feature vectors different from the seed, so
 * a synthetic row is never the seed itself. Every row is checked against the closest real row of the
 * stratum; an exact copy is drawn again (up to `maxTries`) and otherwise refused.
 * Rows with a missing numeric feature are neither seeds nor neighbours.
 * @example
 * const out = smoteNc({ numeric: [Float64Array.of(0, 1, 2)], categorical: [] }, Int32Array.of(0, 1, 2), 4, { rng: createRng(1) });
 * out.generated // => 4
 */
export function smoteNc(
  table: FeatureTable,
  rows: Int32Array,
  count: number,
  options: SmoteOptions,
): SmoteResult {
  const t0 = performance.now();
  const k = options.k ?? 5;
  const maxTries = options.maxTries ?? 10;
  const { rng, weights } = options;
  const d = table.numeric.length;
  const c = table.categorical.length;
  const usable = rows.filter((r) => table.numeric.every((col) => !Number.isNaN(col[r]!)));
  // 1. Scale: standard deviation of each numeric feature in the stratum (1 when constant).
  const scale = table.numeric.map((col) => {
    let m = 0;
    for (const r of usable) m += col[r]!;
    m /= Math.max(usable.length, 1);
    let v = 0;
    for (const r of usable) v += (col[r]! - m) ** 2;
    const sd = Math.sqrt(v / Math.max(usable.length - 1, 1));
    return sd > 0 ? sd : 1;
  });
  // 2. Distinct feature vectors (a neighbour equal to the seed would only copy it).
  const pointOf = new Int32Array(usable.length);
  const rowOfPoint: number[] = [];
  const keys = new Map<string, number>();
  for (let i = 0; i < usable.length; i++) {
    const r = usable[i]!;
    let key = '';
    for (let j = 0; j < d; j++) key += `${table.numeric[j]![r]},`;
    for (let j = 0; j < c; j++) key += `${table.categorical[j]![r]},`;
    let p = keys.get(key);
    if (p === undefined) {
      p = rowOfPoint.length;
      keys.set(key, p);
      rowOfPoint.push(r);
    }
    pointOf[i] = p;
  }
  const n = rowOfPoint.length;
  const coords = new Float64Array(n * d);
  const cats = new Int32Array(n * c);
  for (let p = 0; p < n; p++) {
    const r = rowOfPoint[p]!;
    for (let j = 0; j < d; j++) coords[p * d + j] = table.numeric[j]![r]! / scale[j]!;
    for (let j = 0; j < c; j++) cats[p * c + j] = table.categorical[j]![r]!;
  }
  const index = new NeighbourIndex({ n, d, c, coords, cats }, 1);
  const t1 = performance.now();
  // 3. Seeds by weight: cumulative weights over the usable rows.
  const cum = new Float64Array(usable.length);
  let total = 0;
  for (let i = 0; i < usable.length; i++) {
    total += weights ? weights[usable[i]!]! : 1;
    cum[i] = total;
  }
  const drawSeed = (): number => {
    const u = rng.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const neighbours = new Map<number, Int32Array>();
  const knnOf = (p: number): Int32Array => {
    let nb = neighbours.get(p);
    if (!nb) {
      nb = index.knn(coords.subarray(p * d, p * d + d), cats.subarray(p * c, p * c + c), k, p).index;
      neighbours.set(p, nb);
    }
    return nb;
  };
  const out = {
    numeric: table.numeric.map(() => new Float64Array(count)),
    categorical: table.categorical.map(() => new Int32Array(count)),
    seedRow: new Int32Array(count),
    neighbourRow: new Int32Array(count),
    gap: new Float64Array(count),
    distanceToReal: new Float64Array(count),
  };
  const q = new Float64Array(d);
  const qc = new Int32Array(c);
  const vals = new Float64Array(d);
  let made = 0;
  let refused = 0;
  if (usable.length === 0 || total <= 0) refused = count;
  else {
    for (let j = 0; j < count; j++) {
      let done = false;
      for (let attempt = 0; attempt < maxTries && !done; attempt++) {
        const si = drawSeed();
        const p = pointOf[si]!;
        const nbs = knnOf(p);
        if (nbs.length === 0) break; // one distinct vector: every row would be a copy
        const nb = nbs[Math.floor(rng.next() * nbs.length)]!;
        let gap = rng.next();
        while (gap === 0) gap = rng.next();
        const seedRow = usable[si]!;
        const nbRow = rowOfPoint[nb]!;
        for (let f = 0; f < d; f++) {
          const a = table.numeric[f]![seedRow]!;
          vals[f] = a + gap * (table.numeric[f]![nbRow]! - a);
          q[f] = vals[f]! / scale[f]!;
        }
        for (let f = 0; f < c; f++) qc[f] = majority(nbs, cats, c, f);
        const nearest = index.knn(q, qc, 1);
        const dist = nearest.dist[0] ?? Number.POSITIVE_INFINITY;
        if (dist < 1e-18) continue; // an exact copy of a real row: draw again
        for (let f = 0; f < d; f++) out.numeric[f]![made] = vals[f]!;
        for (let f = 0; f < c; f++) out.categorical[f]![made] = qc[f]!;
        out.seedRow[made] = seedRow;
        out.neighbourRow[made] = nbRow;
        out.gap[made] = gap;
        out.distanceToReal[made] = Math.sqrt(dist);
        made++;
        done = true;
      }
      if (!done) refused++;
    }
  }
  const t2 = performance.now();
  return {
    numeric: out.numeric.map((a) => a.slice(0, made)),
    categorical: out.categorical.map((a) => a.slice(0, made)),
    seedRow: out.seedRow.slice(0, made),
    neighbourRow: out.neighbourRow.slice(0, made),
    gap: out.gap.slice(0, made),
    distanceToReal: out.distanceToReal.slice(0, made),
    generated: made,
    refused,
    distinctPoints: n,
    cost: { ...index.cost, buildMs: t1 - t0, searchMs: t2 - t1 },
  };
}

/** The most frequent code of categorical feature `f` among the neighbours (ties: the nearest one). */
function majority(nbs: Int32Array, cats: Int32Array, c: number, f: number): number {
  let best = cats[nbs[0]! * c + f]!;
  let bestCount = 0;
  for (let i = 0; i < nbs.length; i++) {
    const v = cats[nbs[i]! * c + f]!;
    let n = 0;
    for (let j = 0; j < nbs.length; j++) if (cats[nbs[j]! * c + f] === v) n++;
    if (n > bestCount) {
      best = v;
      bestCount = n;
    }
  }
  return best;
}
