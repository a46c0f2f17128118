/**
 * fairprobe — audit prospect-scoring models for unequal treatment of groups of people.
 *
 * The pipeline: data (DuckDB) → stats (sufficient statistics, mergeable) → metrics (pure
 * functions) → AuditResult (versioned JSON) → report.
 *
 * @example
 * import { audit } from 'fairprobe';
 * const result = await audit('leads.csv', {
 *   roles: { score: 'score', label: 'converted', groups: [{ column: 'gender' }] },
 * });
 * result.attributes[0].groups[0].metrics.selection_rate.value // => 0.197
 */

export type {
  AttributeResult,
  AuditSettings,
  AuditWarning,
  GroupResult,
  GroupStatus,
  SuppressedGroup,
} from './audit/index.js';
// The audit
export { AUDIT_SCHEMA, type AuditOptions, type AuditResult, audit, auditStats } from './audit/index.js';
// Data
export {
  type ArrowInput,
  type ArrowTableLike,
  type ColumnProfile,
  type ColumnsInput,
  type DataInput,
  type GroupSpec,
  type InspectResult,
  inspectData,
  type LabelRule,
  MissingPolicy,
  openSource,
  parseGroupSpecs,
  type ReadOptions,
  type Roles,
  type RowsInput,
  type Source,
} from './data/index.js';
// Errors
export {
  ExitCode,
  FairprobeError,
  InputError,
  type OffendingRow,
  PolicyError,
  UsageError,
} from './errors.js';
// Metrics
export {
  AGGREGATE_METRICS,
  type Comparison,
  DISPARITY_METRICS,
  type Estimate,
  GROUP_METRICS,
  METRICS,
  type MetricDefinition,
  math,
  metricDefinition,
  type ReferenceRule,
} from './metrics/index.js';
// Reports
export { formatMarkdown, formatSummary } from './report/index.js';
// Statistics
export {
  accumulateRaw,
  buildStats,
  type GroupStats,
  Intersections,
  mergeStats,
  STATS_SCHEMA,
  type StatsSet,
} from './stats/index.js';
// Synthetic data
export { generateProspects, writeProspects, writeProspectsCsv } from './synth/index.js';
export { VERSION } from './version.js';
