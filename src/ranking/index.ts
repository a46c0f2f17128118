/**
 * ranking/: fairness of the list ordered by score — who reaches the top k, how much attention each
 * group gets under a position-bias model, and disparate impact along the list. Pure functions over
 * the audit's score histograms, exactly ranked cells, or an in-memory list; the exact-rank query is
 * the one place that reads data.
 */
export {
  type BlockSource,
  cellBlocks,
  columnBlocks,
  histogramBlocks,
  type RankBlock,
  type RankedCell,
  type RankedColumns,
  rankedColumns,
} from './blocks.js';
export {
  computeRanking,
  type RankingContext,
  type RankingInputSet,
  type RankingWarning,
  SKEW_ABSENT,
} from './compute-ranking.js';
export { curveDepths, cutoffLabel, parseCutoffs, type ResolvedCutoff, resolveCutoffs } from './cutoffs.js';
export { type DiscountModel, discountModel } from './discount.js';
export { type ExactRankQueries, exactRankCells, exactRankQueries } from './exact-scan.js';
export { type FoldOptions, type FoldResult, foldRanking, type PrefixAt } from './fold-ranking.js';
export {
  parseRankingMetric,
  RANKING_AT_METRICS,
  RANKING_LIST_METRICS,
  RANKING_METRIC_PATTERN,
  type RankingMetricName,
  rankingCutoffsOf,
  readRankingMetric,
} from './metric-names.js';
export { rankingOptionsFrom } from './options.js';
export { type RankItem, type RankListOptions, rankList } from './rank-list.js';
export {
  type ExactCell,
  type ExactCells,
  exactCellsOf,
  type RankingAuditContext,
  rankingFromCells,
  rankingFromStats,
} from './ranking-from-stats.js';
export { RankingResultSchema } from './schema.js';
export {
  DEFAULT_CUTOFFS,
  type Discount,
  FOUR_FIFTHS_RATIO,
  RANKING_REPLICATES,
  type RankingCutoff,
  type RankingExposure,
  type RankingGroup,
  type RankingGroupAt,
  RankingMode,
  type RankingOptions,
  type RankingResult,
  type RankingSet,
} from './types.js';
