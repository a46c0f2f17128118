/**
 * stats/: sufficient statistics per group key (weighted confusion cells, score histograms by
 * label), built by one DuckDB pass or an in-memory accumulator, and merged by addition.
 * It knows no metric.
 */
export { accumulateRaw } from './accumulate.js';
export { gridKey, gridPoint } from './feature-grid.js';
export { STATS_JSON_SCHEMA_PATH, statsJsonSchema, statsJsonSchemaText } from './json-schema.js';
export { mergeFeatureDists, mergeStats, mergeSuppressed } from './merge.js';
export { buildStats, groupSetsFor, rolesText } from './rollup.js';
export { aggregationQuery, rawCellsOf, scanSql } from './scan-sql.js';
export { parseStats, type StatsFile, StatsFileSchema, serializeStats } from './serialize.js';
export { isStatsFile, readStatsFile } from './stats-file.js';
export {
  type CategoricalFeatureDist,
  type ConfusionCells,
  emptyCells,
  emptyMoments,
  type FeatureDist,
  type FeatureGrid,
  type FeatureSet,
  type FeatureSpec,
  type GroupKey,
  type GroupStats,
  Intersections,
  keyId,
  type Moments,
  type NumericFeatureDist,
  type Provenance,
  type ScoreHistograms,
  STATS_SCHEMA,
  type StatsSet,
  type SuppressedKey,
  type SuppressedStats,
} from './types.js';
