/**
 * metrics/: the metric registry (one definition per metric), group metrics with Wilson intervals,
 * disparities against a reference group with bootstrap intervals and corrected significance
 * tests, fairlearn-style aggregates and inequality indices, and curves from histograms.
 * Pure functions over sufficient statistics: no rows, no files.
 */
export { type AggregateValue, computeAggregates, inequalityIndices } from './aggregates.js';
export {
  type CalibrationBin,
  calibrationBins,
  round,
  type ScoreDistribution,
  scoreDistribution,
  type ThresholdSweep,
  thresholdSweep,
} from './curves.js';
export {
  type Comparison,
  Correction,
  computeDisparities,
  type DisparityOptions,
  type GroupDisparities,
  type GroupInput,
  pickReference,
  type ReferenceRule,
  scoreGaps,
} from './disparities.js';
export {
  computeGroupMetrics,
  effectiveN,
  hanleyMcNeilSe,
  histogramAuc,
  histogramEce,
  type MetricContext,
  rate,
} from './group-metrics.js';
export * as math from './math/index.js';
export {
  AGGREGATE_METRICS,
  type CellName,
  DISPARITY_METRICS,
  GROUP_METRICS,
  METRICS,
  type MetricDefinition,
  metricDefinition,
  RANKING_METRICS,
  type RateSpec,
} from './registry.js';
export { type Estimate, Favourable, MetricNeeds, undefinedEstimate } from './types.js';
