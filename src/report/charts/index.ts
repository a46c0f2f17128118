/** charts/: one Vega-Lite spec builder per chart, each a pure function of an AuditResult. */
import type { AuditResult } from '../../audit/index.js';
import { calibrationChart } from './calibration.js';
import { disparityRatiosChart } from './disparity-ratios.js';
import { groupRatesChart } from './group-rates.js';
import { intersectionHeatmapChart } from './intersection-heatmap.js';
import { rankingCharts } from './ranking-charts.js';
import { rocChart } from './roc-curves.js';
import { scoreDistributionChart } from './score-distribution.js';
import { thresholdSweepChart } from './threshold-sweep.js';
import type { ReportChart } from './types.js';

export { type CalibrationRow, calibrationChart, calibrationData, calibrationSpec } from './calibration.js';
export {
  disparityRatiosChart,
  disparityRatiosData,
  disparityRatiosSpec,
  RATIO_METRICS,
  type RatioRow,
} from './disparity-ratios.js';
export {
  type GroupRateRow,
  groupRatesChart,
  groupRatesData,
  groupRatesSpec,
  RATE_METRICS,
} from './group-rates.js';
export {
  type HeatmapCell,
  heatmapMetric,
  intersectionHeatmapChart,
  intersectionHeatmapData,
  intersectionHeatmapSpec,
} from './intersection-heatmap.js';
export { MAX_RANKING_GROUPS, rankingCharts, rankingSetCharts } from './ranking-charts.js';
export { type DepthRow, rankingDepthChart, rankingDepthData, rankingDepthSpec } from './ranking-depth.js';
export {
  type ExposureRow,
  rankingExposureChart,
  rankingExposureData,
  rankingExposureSpec,
} from './ranking-exposure.js';
export {
  type RankingShareRow,
  rankingSetAt,
  rankingSharesChart,
  rankingSharesData,
  rankingSharesSpec,
} from './ranking-shares.js';
export { type RocSeries, rocChart, rocData, rocSpec } from './roc-curves.js';
export {
  type DistributionRow,
  scoreDistributionChart,
  scoreDistributionData,
  scoreDistributionSpec,
} from './score-distribution.js';
export {
  type SweepSeries,
  thresholdSweepChart,
  thresholdSweepData,
  thresholdSweepSpec,
} from './threshold-sweep.js';
export { type ChartTable, MAX_CURVE_GROUPS, type ReportChart, VL_SCHEMA } from './types.js';

/** The charts of one attribute (or intersection), in report order; charts without data are left out. */
export function attributeCharts(result: AuditResult, index: number): ReportChart[] {
  const builders = [
    groupRatesChart,
    disparityRatiosChart,
    rocChart,
    calibrationChart,
    scoreDistributionChart,
    thresholdSweepChart,
    intersectionHeatmapChart,
  ];
  return builders.map((b) => b(result, index)).filter((c): c is ReportChart => c !== null);
}

/** Every chart of the report, attribute by attribute, then the ranking charts (when asked). */
export function reportCharts(result: AuditResult): ReportChart[] {
  return [...result.attributes.flatMap((_, i) => attributeCharts(result, i)), ...rankingCharts(result)];
}
