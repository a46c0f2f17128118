/**
 * sql/: the portable aggregation query. `fairprobe sql` writes it in the dialect of the user's
 * engine (DuckDB, PostgreSQL, Spark SQL, Trino, BigQuery); its result (g0…gk, y, p, bin, chk, n, w,
 * w2, s, s2) is read back into the same sufficient statistics the embedded scan computes, so data
 * that never leaves a warehouse can be audited. The embedded scan uses the same expression builder.
 */
export {
  type AggregationSpec,
  type AggregationSpecOptions,
  aggregationSpec,
  parseQuerySpec,
  QUERY_SCHEMA,
} from './aggregation-spec.js';
export { type AggregationSqlOptions, aggregationSql } from './aggregation-sql.js';
export { DIALECTS, type DialectSyntax, dialectSyntax, quoteTable, SqlDialect } from './dialects.js';
export { isStatsFile, type LoadStatsOptions, loadStatsFiles } from './load-stats.js';
export {
  aggregateOver,
  inlineNumbers,
  type NumberLiteral,
  type ProjectionInput,
  projectionList,
  resultColumns,
} from './projection.js';
export {
  canonicalText,
  type QueryResultOptions,
  type QueryResultRows,
  statsFromQueryResult,
  statsFromRawCells,
} from './query-result.js';
