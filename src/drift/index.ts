/**
 * drift/: distribution shift between a baseline's and a current data set's sufficient statistics
 * (PSI, KS, Jensen–Shannon, Wasserstein) for the score and features, per group; drift of the
 * fairness metrics themselves; time windows over one file; an append-only run history.
 */

export { isStatsFile } from '../stats/index.js';
export { driftCharts, historyCharts, historyUncharted, type TrendPoint, trendChart } from './charts.js';
export {
  collectDriftStats,
  collectWindowStats,
  type DriftCollectOptions,
  type WindowedStats,
  type WindowStats,
} from './collect.js';
export { compareStats, compareUngated, gateComparisons, type SideLabels } from './compare.js';
export {
  type ChiSquare,
  categoricalShift,
  type NumericShiftOptions,
  numericShift,
  pointWasserstein,
  quantileBinStarts,
  rebin,
  type ShiftMeasures,
} from './distribution.js';
export { formatDriftLine, formatDriftTable, type TableFn } from './format.js';
export {
  appendHistory,
  checkHistoryFile,
  HISTORY_LOCK_WAIT_MS,
  HISTORY_SCHEMA,
  type History,
  type HistoryRun,
  type HistoryValue,
  readHistory,
} from './history.js';
export {
  type DistributionCheck,
  DRIFT_SCHEMA,
  type DriftComparison,
  type DriftResult,
  DriftResultSchema,
  type DriftSettings,
  DriftStatus,
  driftJsonSchema,
  type FairnessCheck,
  type GroupChange,
  type GroupMixCheck,
} from './result.js';
export {
  type DriftOptions,
  type DriftSide,
  drift,
  driftDetailed,
  driftFromStats,
  driftWindows,
  type WindowDriftOptions,
} from './run-drift.js';
export { FEATURE_GRID, TimeUnit } from './scan.js';
export {
  type Band,
  bandStatus,
  DEFAULT_BANDS,
  DRIFT_DISPARITIES,
  type DriftPolicySection,
  DriftPolicySectionSchema,
  type DriftSettingsInput,
  resolveDriftSettings,
  worstStatus,
} from './settings.js';
