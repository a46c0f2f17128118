import { UsageError } from '../errors.js';
import type { GroupStats, StatsSet } from '../stats/index.js';
import { cellBlocks, histogramBlocks, type RankedCell } from './blocks.js';
import { computeRanking, type RankingInputSet, type RankingWarning } from './compute-ranking.js';
import type { RankingOptions, RankingResult } from './types.js';

/** What the audit adds: intervals, suppression and the reference group of each attribute set. */
export interface RankingAuditContext {
  readonly confidence?: number | undefined;
  readonly suppressBelow?: number | undefined;
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
    },
    options,
  );
}

/**
 * The ranking view from exactly ranked cells (one per distinct score, group and label; `bin` is the
 * rank of the score among distinct scores, 0 for the highest), grouped like the StatsSet.
 * @throws {UsageError} when the stats have no score.
 */
export function rankingFromCells(
  stats: StatsSet,
  cells: readonly ExactCell[],
  options: RankingOptions = {},
  context: RankingAuditContext = {},
): { ranking: RankingResult; warnings: RankingWarning[] } {
  checkScores(stats);
  const sorted = cells.filter((c) => c.bin !== null).sort((a, b) => a.bin! - b.bin!);
  // Each cell's value index per attribute, once; a set's group is then a mixed-radix number.
  const codes = stats.attributes.map((a, j) => {
    const index = new Map((stats.values[a] ?? []).map((v, i) => [v, i]));
    return Int32Array.from(sorted, (c) => index.get(c.g[j]!) ?? -1);
  });
  const attrIndex = new Map(stats.attributes.map((a, i) => [a, i]));
  const sets: RankingInputSet[] = setsOf(stats, context).map(({ set, groups, reference, hidden }) => {
    const cols = set.map((a) => attrIndex.get(a)!);
    const radix = set.map((a) => (stats.values[a] ?? []).length);
    const keyOf = (values: readonly number[]) => values.reduce((x, v, i) => x * radix[i]! + v, 0);
    const index = new Map(
      groups.map((g, i) => [keyOf(g.key.values.map((v, j) => (stats.values[set[j]!] ?? []).indexOf(v))), i]),
    );
    const rows = new Array<number>(groups.length).fill(0);
    const of = new Int32Array(sorted.length);
    for (let j = 0; j < sorted.length; j++) {
      let key = 0;
      let ok = true;
      for (let i = 0; i < cols.length; i++) {
        const v = codes[cols[i]!]![j]!;
        if (v < 0) ok = false;
        key = key * radix[i]! + v;
      }
      const g = ok ? (index.get(key) ?? -1) : -1;
      of[j] = g;
      if (g >= 0) rows[g]! += sorted[j]!.n;
    }
    return {
      attributes: set,
      groups: groups.map((g, i) => ({ values: g.key.values, rows: rows[i]! })),
      blocks: cellBlocks(sorted, groups.length, (_, j) => of[j]!),
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
    },
    options,
  );
}
