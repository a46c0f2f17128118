import { UsageError } from '../errors.js';
import type { GroupStats, StatsSet } from '../stats/index.js';
import {
  columnBlocks,
  histogramBlocks,
  type RankedCell,
  type RankedColumns,
  rankedColumns,
} from './blocks.js';
import { computeRanking, type RankingInputSet, type RankingWarning } from './compute-ranking.js';
import type { RankingOptions, RankingResult } from './types.js';

/** What the audit adds: intervals, suppression and the reference group of each attribute set. */
export interface RankingAuditContext {
  readonly confidence?: number | undefined;
  readonly suppressBelow?: number | undefined;
  /** Bootstrap replicates for the intervals of exposure, skew@k and NDKL (default 0: none). */
  readonly replicates?: number | undefined;
  /** Seed of the bootstrap (default 42). */
  readonly seed?: number | undefined;
  /** The reference group of each attribute set (as the audit chose it). */
  readonly references?: readonly {
    readonly attributes: readonly string[];
    readonly values: readonly string[] | null;
    /** Groups the audit hides (suppressed or complementary): never shown in the ranking either. */
    readonly hidden?: readonly (readonly string[])[] | undefined;
  }[];
}

/** A cell of exactly ranked data with its group values in the StatsSet's attribute order. */
export interface ExactCell extends RankedCell {
  readonly g: readonly string[];
  readonly n: number;
}

/**
 * Exactly ranked cells as columns, sorted by block (`bin`): what {@link exactRankCells} returns
 * (a million cells cost a few typed arrays, not a million objects).
 */
export interface ExactCells extends RankedColumns {
  /** The distinct group values (in the StatsSet's attribute order) the cells point at. */
  readonly values: readonly (readonly string[])[];
  /** Per cell: the index of its group values in `values`. */
  readonly group: Int32Array;
  /** Per cell: rows. */
  readonly n: Float64Array;
}

function isExactCells(x: ExactCells | readonly ExactCell[]): x is ExactCells {
  return !Array.isArray(x);
}

/** {@link ExactCells} from cell objects in any order (cells without a block are left out). */
export function exactCellsOf(cells: readonly ExactCell[]): ExactCells {
  const sorted = cells.filter((c) => c.bin !== null).sort((a, b) => a.bin! - b.bin!);
  const { values, indexOf } = groupValueIndex();
  const group = Int32Array.from(sorted, (c) => indexOf(c.g));
  return { ...rankedColumns(sorted), values, group, n: Float64Array.from(sorted, (c) => c.n) };
}

function rowsOf(g: GroupStats): number {
  return Object.values(g.cells).reduce((a, m) => a + m.n, 0);
}

function effectiveRatio(stats: StatsSet): number {
  const c = stats.groups[0]!.cells;
  const all = Object.values(c);
  const w = all.reduce((a, m) => a + m.w, 0);
  const w2 = all.reduce((a, m) => a + m.w2, 0);
  return w > 0 && w2 > 0 ? Math.min(1, w / w2) : 1;
}

function setsOf(stats: StatsSet, context: RankingAuditContext) {
  return stats.groupSets.map((set) => {
    const id = JSON.stringify(set);
    const groups = stats.groups.filter((g) => JSON.stringify(g.key.attributes) === id);
    const ref = context.references?.find((r) => JSON.stringify(r.attributes) === id);
    return { set, groups, reference: ref?.values ?? null, hidden: ref?.hidden };
  });
}

function checkScores(stats: StatsSet): void {
  if (stats.provenance.roles.score === undefined) {
    throw new UsageError(
      'ranking_needs_score',
      'A ranking audit needs a score column to rank the leads by.',
      {
        hint: 'Pass --score COLUMN with --ranking.',
      },
    );
  }
}

/**
 * The ranking view from the audit's score histograms, without another scan. Leads in one bin are
 * tied for ranking purposes (see {@link computeRanking} for how ties count); every cut-off states
 * the mass of the bin its boundary falls in, the bound on each group's count error.
 * @throws {UsageError} when the stats have no score.
 * @example
 * rankingFromStats(stats, { at: ['100', '20%'] }).ranking.sets[0].ndkl[0].population.value // => 0.0123…
 */
export function rankingFromStats(
  stats: StatsSet,
  options: RankingOptions = {},
  context: RankingAuditContext = {},
): { ranking: RankingResult; warnings: RankingWarning[] } {
  checkScores(stats);
  const sets: RankingInputSet[] = setsOf(stats, context).map(({ set, groups, reference, hidden }) => ({
    attributes: set,
    groups: groups.map((g) => ({ values: g.key.values, rows: rowsOf(g) })),
    blocks: histogramBlocks(groups, stats.histogram),
    reference,
    hidden,
  }));
  return computeRanking(
    sets,
    {
      mode: 'histogram',
      confidence: context.confidence,
      suppressBelow: context.suppressBelow,
      effectiveRatio: effectiveRatio(stats),
      replicates: context.replicates,
      seed: context.seed,
    },
    options,
  );
}

/**
 * The ranking view from exactly ranked cells (one per distinct score, group and label; `bin` is the
 * rank of the score among distinct scores, 0 for the highest), grouped like the StatsSet: as
 * {@link ExactCells} (from {@link exactRankCells}) or as cell objects in any order.
 * @throws {UsageError} when the stats have no score.
 */
export function rankingFromCells(
  stats: StatsSet,
  cells: ExactCells | readonly ExactCell[],
  options: RankingOptions = {},
  context: RankingAuditContext = {},
): { ranking: RankingResult; warnings: RankingWarning[] } {
  checkScores(stats);
  const cols = isExactCells(cells) ? cells : exactCellsOf(cells);
  const count = cols.group.length;
  const attrIndex = new Map(stats.attributes.map((a, i) => [a, i]));
  const sets: RankingInputSet[] = setsOf(stats, context).map(({ set, groups, reference, hidden }) => {
    const attrCols = set.map((a) => attrIndex.get(a)!);
    const index = new Map(groups.map((g, i) => [JSON.stringify(g.key.values), i]));
    // Each distinct group-values array is mapped to the set's group once, not once per cell.
    const groupOfValues = Int32Array.from(
      cols.values,
      (v) => index.get(JSON.stringify(attrCols.map((c) => v[c]!))) ?? -1,
    );
    const rows = new Array<number>(groups.length).fill(0);
    const of = new Int32Array(count);
    for (let j = 0; j < count; j++) {
      const g = groupOfValues[cols.group[j]!]!;
      of[j] = g;
      if (g >= 0) rows[g]! += cols.n[j]!;
    }
    return {
      attributes: set,
      groups: groups.map((g, i) => ({ values: g.key.values, rows: rows[i]! })),
      blocks: columnBlocks(cols, groups.length, of),
      reference,
      hidden,
    };
  });
  return computeRanking(
    sets,
    {
      mode: 'exact',
      confidence: context.confidence,
      suppressBelow: context.suppressBelow,
      effectiveRatio: effectiveRatio(stats),
      replicates: context.replicates,
      seed: context.seed,
    },
    options,
  );
}

/**
 * Numbers distinct group-value arrays in first-seen order: `indexOf(g)` gives the index of `g` in
 * `values`, adding it when new.
 */
export function groupValueIndex(): {
  readonly values: (readonly string[])[];
  indexOf(g: readonly string[]): number;
} {
  const ids = new Map<string, number>();
  const values: (readonly string[])[] = [];
  return {
    values,
    indexOf(g) {
      const id = JSON.stringify(g);
      let i = ids.get(id);
      if (i === undefined) {
        i = values.length;
        ids.set(id, i);
        values.push(g);
      }
      return i;
    },
  };
}
