/**
 * report/: renderings of an AuditResult — terminal summary, Markdown, a self-contained HTML report
 * with a DPIA annex, SVG charts and their Vega-Lite specs. Computes no metric.
 */

export {
  attributeCharts,
  type ChartTable,
  calibrationSpec,
  disparityRatiosSpec,
  groupRatesSpec,
  intersectionHeatmapSpec,
  type ReportChart,
  reportCharts,
  rocSpec,
  scoreDistributionSpec,
  thresholdSweepSpec,
  VL_SCHEMA,
} from './charts/index.js';
export {
  type Block,
  type Field,
  type ReportDocument,
  type ReportOptions,
  type ReportSection,
  reportDocument,
  resultSha256,
} from './document.js';
export {
  type DpiaInfo,
  type DpiaRiskAssessment,
  type DpiaSignOff,
  mergeDpia,
  NOT_PROVIDED,
  parseDpia,
} from './dpia.js';
export { driftResultHtml, HISTORY_HEADER, historyHtml, historyRows } from './drift-pages.js';
export { escapeHtml, escapeMarkdown, jsonForScript } from './escape.js';
export { type Finding, findings } from './findings.js';
export { FOUR_FIFTHS } from './four-fifths.js';
export { type HtmlReportOptions, renderHtml } from './html.js';
export { type MarkdownReportOptions, renderMarkdown } from './markdown.js';
export { metricsReferenceMarkdown } from './metrics-reference.js';
export { chartPage, chartsPage, type PageSection } from './page.js';
export { formatMarkdown, formatSummary } from './summary.js';
export { renderChartSvgs, renderSvg } from './svg.js';
export { type ReportVerdict, readVerdicts } from './verdicts.js';
export {
  chartDirFor,
  ReportFormat,
  type WriteReportOptions,
  writeChartSpecs,
  writeReport,
} from './write-report.js';
