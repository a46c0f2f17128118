import type { HistogramSpec } from '../data/index.js';
import type { GroupStats } from '../stats/index.js';

/**
 * One block of tied leads, by group: `mass` (Σ weight), `pos` (Σ weight with label 1) and `lab`
 * (Σ weight with a label), each indexed by group; and the block's score range.
 * The arrays are reused between blocks: read them inside the callback.
 */
export interface RankBlock {
  readonly mass: Float64Array;
  readonly pos: Float64Array;
  readonly lab: Float64Array;
  readonly scoreLow: number;
  readonly scoreHigh: number;
}

/** A ranked list as tied blocks in rank order (highest score first), split by group. */
export interface BlockSource {
  /** Number of groups. */
  readonly groups: number;
  forEach(fn: (block: RankBlock) => void): void;
}

/**
 * Blocks from the groups' score histograms: one block per bin, from the highest bin down. The leads
 * of a bin are tied for ranking purposes (their order within it is not known).
 */
export function histogramBlocks(groups: readonly GroupStats[], spec: HistogramSpec): BlockSource {
  const G = groups.length;
  const width = (spec.hi - spec.lo) / spec.bins;
  return {
    groups: G,
    forEach(fn) {
      const mass = new Float64Array(G);
      const pos = new Float64Array(G);
      const lab = new Float64Array(G);
      for (let b = spec.bins - 1; b >= 0; b--) {
        let any = false;
        for (let g = 0; g < G; g++) {
          const h = groups[g]!.hist;
          const p = h.pos[b]!;
          const n = h.neg[b]!;
          pos[g] = p;
          lab[g] = p + n;
          mass[g] = p + n + h.unl[b]!;
          if (mass[g]! > 0) any = true;
        }
        if (any) fn({ mass, pos, lab, scoreLow: spec.lo + b * width, scoreHigh: spec.lo + (b + 1) * width });
      }
    },
  };
}

/** A cell of exactly ranked data: label, Σ weight, Σ weight·score, and its tie-block index (`bin`). */
export interface RankedCell {
  readonly y: 0 | 1 | null;
  readonly w: number;
  /** Σ weight·score. */
  readonly s: number;
  /** Index of its block of equal scores, 0 for the highest score. */
  readonly bin: number | null;
}

/**
 * Blocks from cells sorted by block index (one block per distinct score); `groupOf` gives a cell's
 * group index (given the cell and its index in `cells`), or −1 to leave it out.
 */
export function cellBlocks<C extends RankedCell>(
  cells: readonly C[],
  groups: number,
  groupOf: (cell: C, index: number) => number,
): BlockSource {
  return {
    groups,
    forEach(fn) {
      const mass = new Float64Array(groups);
      const pos = new Float64Array(groups);
      const lab = new Float64Array(groups);
      let i = 0;
      while (i < cells.length) {
        const block = cells[i]!.bin;
        mass.fill(0);
        pos.fill(0);
        lab.fill(0);
        let w = 0;
        let ws = 0;
        for (; i < cells.length && cells[i]!.bin === block; i++) {
          const c = cells[i]!;
          const g = groupOf(c, i);
          if (g < 0) continue;
          mass[g]! += c.w;
          if (c.y !== null) lab[g]! += c.w;
          if (c.y === 1) pos[g]! += c.w;
          w += c.w;
          ws += c.s;
        }
        if (w > 0 && block !== null) {
          const s = ws / w;
          fn({ mass, pos, lab, scoreLow: s, scoreHigh: s });
        }
      }
    },
  };
}
