/**
 * data/: opening sources, column roles, validation with precise errors, and the projection of
 * only the needed columns (data minimisation). It computes no metric.
 */
export { type Engine, type EngineOptions, openEngine } from './engine.js';
export { type DetectedFormat, detectFormat, FileFormat } from './format.js';
export { checkDuplicateIds } from './ids.js';
export type { ArrowInput, ArrowTableLike, ColumnsInput, DataInput, MemoryTable, RowsInput } from './input.js';
export { isArrowTable, memoryTable } from './input.js';
export {
  type ColumnProfile,
  type InspectResult,
  inspectData,
  type RoleGuess,
  type SuggestedRoles,
  suggestRoles,
} from './inspect.js';
export { type LabelMapping, type LabelRule, mapLabelValues } from './labels.js';
export {
  type Cell,
  type DroppedRows,
  MISSING_GROUP,
  MissingPolicy,
  type Normalized,
  type NormalizeOptions,
  normalizeCells,
  type RowAccount,
} from './normalize.js';
export {
  type BinWeights,
  DEFAULT_HISTOGRAM,
  type DecisionSpec,
  type GroupThresholdsDecision,
  type HistogramSpec,
  MAX_HISTOGRAM_BINS,
  type PlanOptions,
  planScan,
  probabilityThresholdProblem,
  type RawCell,
  RowCheck,
  type ScanPlan,
  ScoreScale,
} from './plan.js';
export { type ProgressListener, type ScanProgress, withProgress } from './progress.js';
export { binLabel, checkEdges, columnsOf, type GroupSpec, parseGroupSpecs, type Roles } from './roles.js';
export {
  type ColumnInfo,
  type ColumnKind,
  estimateRows,
  openSource,
  type ReadOptions,
  type Relation,
  type Source,
  type SourceInfo,
  sourceReadError,
} from './source.js';
