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
 * Ranked cells as columns (index j = one cell, sorted by block): block index, Σ weight, Σ weight·score
 * and label (1, 0, or −1 for none).
 */
export interface RankedColumns {
  readonly bin: Float64Array;
  readonly w: Float64Array;
  readonly s: Float64Array;
  readonly y: Int8Array;
}

/** Cells as {@link RankedColumns} (cells with no block get bin NaN and are never read). */
export function rankedColumns(cells: readonly RankedCell[]): RankedColumns {
  const n = cells.length;
  const out = {
    bin: new Float64Array(n),
    w: new Float64Array(n),
    s: new Float64Array(n),
    y: new Int8Array(n),
  };
  for (let j = 0; j < n; j++) {
    const c = cells[j]!;
    out.bin[j] = c.bin ?? Number.NaN;
    out.w[j] = c.w;
    out.s[j] = c.s;
    out.y[j] = c.y === null ? -1 : c.y;
  }
  return out;
}

/**
 * Blocks from cells sorted by block index (one block per distinct score); `group[j]` is cell j's
 * group index, or −1 to leave it out.
 */
export function columnBlocks(cols: RankedColumns, groups: number, group: Int32Array): BlockSource {
  const { bin, w: cw, s: cs, y: cy } = cols;
  const n = bin.length;
  return {
    groups,
    forEach(fn) {
      const mass = new Float64Array(groups);
      const pos = new Float64Array(groups);
      const lab = new Float64Array(groups);
      let i = 0;
      while (i < n) {
        const block = bin[i]!;
        mass.fill(0);
        pos.fill(0);
        lab.fill(0);
        let w = 0;
        let ws = 0;
        // NaN ≠ NaN: a cell without a block is a block of its own, and skipped below.
        do {
          const g = group[i]!;
          if (g >= 0) {
            const x = cw[i]!;
            mass[g]! += x;
            if (cy[i]! >= 0) lab[g]! += x;
            if (cy[i] === 1) pos[g]! += x;
            w += x;
            ws += cs[i]!;
          }
          i++;
        } while (i < n && bin[i] === block);
        if (w > 0 && !Number.isNaN(block)) {
          const s = ws / w;
          fn({ mass, pos, lab, scoreLow: s, scoreHigh: s });
        }
      }
    },
  };
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
  return columnBlocks(
    rankedColumns(cells),
    groups,
    Int32Array.from(cells, (c, j) => groupOf(c, j)),
  );
}
