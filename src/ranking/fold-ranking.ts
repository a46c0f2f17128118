import type { BlockSource, RankBlock } from './blocks.js';
import type { DiscountModel } from './discount.js';

/** What to read from a ranked list while walking it once from the top. */
export interface FoldOptions {
  /** Depths k at which to read each group's mass in the top k (cut-offs and curve depths). */
  readonly ks: readonly number[];
  /** Cut-offs at which to read NDKL (over the whole positions 1…⌊k⌋). */
  readonly ndklKs: readonly number[];
  readonly discount: DiscountModel;
  /** Segments of at most this many positions are summed term by term for NDKL (default 64). */
  readonly exactSegment?: number | undefined;
  /** Longer tied blocks are summed over this many sub-blocks (default 32). */
  readonly subBlocks?: number | undefined;
}

/** Each group's place in the top k. */
export interface PrefixAt {
  /** Mass in the top k: tied leads of the boundary block count in proportion (r / block mass). */
  readonly count: Float64Array;
  /** Mass with label 1 in the top k, likewise. */
  readonly pos: Float64Array;
  /** The count under the most and least favourable order of the boundary block. */
  readonly low: Float64Array;
  readonly high: Float64Array;
  /** Mass of the tied block the boundary splits (0 when it falls between blocks). */
  readonly boundaryMass: number;
  readonly scoreLow: number;
  readonly scoreHigh: number;
}

export interface FoldResult {
  /** Per group: Σ weight, Σ weight with label 1, Σ weight with a label. */
  readonly mass: Float64Array;
  readonly pos: Float64Array;
  readonly lab: Float64Array;
  readonly total: number;
  readonly prefix: Map<number, PrefixAt>;
  /** NDKL at each cut-off against the population mix and the qualified mix (null: not defined). */
  readonly ndkl: Map<number, { readonly population: number; readonly qualified: number | null }>;
  /** Per group: Σ over members of the attention of their positions (tied leads share equally). */
  readonly exposure: Float64Array;
}

/** Positions per segment below which NDKL is summed term by term; longer tied blocks use sub-blocks. */
const EXACT_SEGMENT = 64;
const SUB_BLOCKS = 32;

/**
 * Walks a ranked list once, from the top, and reads everything the ranking metrics need: each
 * group's mass in the top k, NDKL at each cut-off, and exposure.
 *
 * Ties: a block of tied leads occupies positions (a, a + M]. A boundary at k inside it gives each
 * group the share (k − a)/M of its mass in the block (the expected count when ties are broken in a
 * uniformly random order), and `low`/`high` the counts under the least and most favourable order.
 * Each tied lead gets the average attention of the block's positions, (D(a + M) − D(a)) / M
 * (its expected exposure under a random order; the total is the same as for any order).
 * NDKL's prefix mix at position i within a block is interpolated the same way; blocks longer than
 * 64 positions are summed over 32 sub-blocks by the midpoint rule (KL varies slowly within a block).
 * Pure and O(blocks × groups + positions up to the largest cut-off × groups).
 */
export function foldRanking(src: BlockSource, options: FoldOptions): FoldResult {
  const G = src.groups;
  const mass = new Float64Array(G);
  const posT = new Float64Array(G);
  const labT = new Float64Array(G);
  src.forEach((b) => {
    for (let g = 0; g < G; g++) {
      mass[g]! += b.mass[g]!;
      posT[g]! += b.pos[g]!;
      labT[g]! += b.lab[g]!;
    }
  });
  const total = mass.reduce((x, y) => x + y, 0);
  const allPos = posT.reduce((x, y) => x + y, 0);
  const tPop = mass.map((m) => (total > 0 ? m / total : 0));
  const tQual = allPos > 0 ? posT.map((p) => p / allPos) : null;
  const eps = 1e-9 * Math.max(1, total);
  const D = options.discount.cumulative;
  const v = options.discount.at;
  const exactSegment = options.exactSegment ?? EXACT_SEGMENT;
  const subBlocks = options.subBlocks ?? SUB_BLOCKS;

  const ks = [...new Set(options.ks)].sort((x, y) => x - y);
  const nd = [...new Set(options.ndklKs.map((k) => Math.floor(k + eps)))]
    .filter((k) => k >= 1)
    .sort((x, y) => x - y);
  const ndMax = nd[nd.length - 1] ?? 0;
  const prefix = new Map<number, PrefixAt>();
  const ndkl = new Map<number, { population: number; qualified: number | null }>();
  const exposure = new Float64Array(G);
  const cum = new Float64Array(G);
  const cumPos = new Float64Array(G);
  let a = 0;
  let dA = 0;
  let ev = 0;
  let ndIdx = 0;
  let nextPos = 1;
  let sPop = 0;
  let sQual = 0;
  let qualInfinite = tQual === null;
  let last: RankBlock | undefined;
  const zeros = new Float64Array(G);

  /** KL divergences of the prefix mix at (fractional) position i of the current block from the targets. */
  let kp = 0;
  let kq = 0;
  const kl = (i: number, m: Float64Array, M: number): void => {
    const f = Math.min(1, Math.max(0, (i - a) / M));
    kp = 0;
    kq = 0;
    for (let g = 0; g < G; g++) {
      const d = (cum[g]! + m[g]! * f) / i;
      if (d <= 0) continue;
      kp += d * Math.log(d / tPop[g]!);
      if (tQual) {
        if (tQual[g]! > 0) kq += d * Math.log(d / tQual[g]!);
        else kq = Number.POSITIVE_INFINITY;
      }
    }
  };
  const accumulate = (i0: number, i1: number, m: Float64Array, M: number) => {
    const len = i1 - i0 + 1;
    if (len <= exactSegment) {
      for (let i = i0; i <= i1; i++) {
        kl(i, m, M);
        const w = v(i);
        sPop += w * kp;
        sQual += w * kq;
      }
      return;
    }
    let prev = i0 - 1;
    let dPrev = D(prev);
    for (let j = 1; j <= subBlocks; j++) {
      const end = i0 - 1 + Math.round((j * len) / subBlocks);
      if (end <= prev) continue;
      kl((prev + 1 + end) / 2, m, M);
      const dEnd = D(end);
      const w = dEnd - dPrev;
      dPrev = dEnd;
      sPop += w * kp;
      sQual += w * kq;
      prev = end;
    }
  };
  const read = (k: number, blk: RankBlock, M: number) => {
    const r = Math.min(Math.max(k - a, 0), M);
    const inside = r > eps && r < M - eps;
    const f = inside ? r / M : r >= M - eps ? 1 : 0;
    const count = new Float64Array(G);
    const pos = new Float64Array(G);
    const low = new Float64Array(G);
    const high = new Float64Array(G);
    for (let g = 0; g < G; g++) {
      const m = blk.mass[g]!;
      count[g] = cum[g]! + m * f;
      pos[g] = cumPos[g]! + blk.pos[g]! * f;
      low[g] = inside ? cum[g]! + Math.max(0, r - (M - m)) : count[g]!;
      high[g] = inside ? cum[g]! + Math.min(r, m) : count[g]!;
    }
    prefix.set(k, {
      count,
      pos,
      low,
      high,
      boundaryMass: inside ? M : 0,
      scoreLow: blk.scoreLow,
      scoreHigh: blk.scoreHigh,
    });
  };

  src.forEach((blk) => {
    let M = 0;
    for (let g = 0; g < G; g++) M += blk.mass[g]!;
    if (!(M > 0)) return;
    const b = a + M;
    while (ev < ks.length && ks[ev]! <= b + eps) read(ks[ev++]!, blk, M);
    const hi = Math.min(Math.floor(b + eps), ndMax);
    while (nextPos <= hi && ndIdx < nd.length) {
      const stop = Math.min(hi, nd[ndIdx]!);
      accumulate(nextPos, stop, blk.mass, M);
      nextPos = stop + 1;
      if (stop === nd[ndIdx]) {
        const z = D(stop);
        ndkl.set(stop, {
          population: sPop / z,
          qualified: qualInfinite || !Number.isFinite(sQual) ? null : sQual / z,
        });
        if (!Number.isFinite(sQual)) qualInfinite = true;
        ndIdx++;
      }
    }
    // D(a) is the previous block's D(b): each boundary is evaluated once.
    const dB = D(b);
    const x = (dB - dA) / M;
    dA = dB;
    for (let g = 0; g < G; g++) {
      exposure[g]! += blk.mass[g]! * x;
      cum[g]! += blk.mass[g]!;
      cumPos[g]! += blk.pos[g]!;
    }
    a = b;
    // Only the scores of the last block are read again (with zero masses), below.
    last = { mass: zeros, pos: zeros, lab: zeros, scoreLow: blk.scoreLow, scoreHigh: blk.scoreHigh };
  });
  // Rounding can leave k = total just past the last block: read it as the whole list.
  if (last) {
    while (ev < ks.length) read(ks[ev++]!, last, 1);
    while (ndIdx < nd.length) {
      const z = D(nd[ndIdx]!);
      ndkl.set(nd[ndIdx]!, { population: sPop / z, qualified: qualInfinite ? null : sQual / z });
      ndIdx++;
    }
  }
  return { mass, pos: posT, lab: labT, total, prefix, ndkl, exposure };
}
