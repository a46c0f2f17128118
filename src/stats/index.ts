/**
 * stats/: sufficient statistics per group key (weighted confusion cells, score histograms by
 * label), built by one DuckDB pass or an in-memory accumulator, and merged by addition.
 * It knows no metric.
 */
export { accumulateRaw } from './accumulate.js';
export { mergeStats } from './merge.js';
export { buildStats, groupSetsFor, rolesText } from './rollup.js';
export { aggregationQuery, scanSql } from './scan-sql.js';
export {
  type ConfusionCells,
  emptyCells,
  emptyMoments,
  type GroupKey,
  type GroupStats,
  Intersections,
  keyId,
  type Moments,
  type Provenance,
  type ScoreHistograms,
  STATS_SCHEMA,
  type StatsSet,
} from './types.js';
export { parseStats, serializeStats, type StatsFile, StatsFileSchema } from './serialize.js';
