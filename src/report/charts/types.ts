import type { TopLevelSpec } from 'vega-lite';
import type { AttributeResult, AuditResult, GroupResult } from '../../audit/index.js';
import { groupName } from '../format.js';

/** The Vega-Lite schema every spec declares (the version vega-lite in node_modules compiles). */
export const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** A chart's numbers as a table: every chart has one (accessibility, print, screen readers). */
export interface ChartTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** What the table shows when it is not exactly the chart's data (e.g. a coarser grid). */
  readonly note?: string | undefined;
}

/** One chart of a report: spec, title, text description and the same numbers as a table. */
export interface ReportChart {
  /** A stable id made of [a-z0-9-] only (never data text): `a0-group-rates`. */
  readonly id: string;
  readonly title: string;
  /** A sentence describing what the chart shows (aria-label, figcaption, Markdown alt text). */
  readonly description: string;
  readonly spec: TopLevelSpec;
  readonly table: ChartTable;
}

/** Most groups drawn in one curve chart (ROC, calibration, distributions, sweeps); the largest by n. */
export const MAX_CURVE_GROUPS = 10;

/** Shared look: system fonts, no view border, readable sizes in print. */
export const CHART_CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, labelLimit: 220 },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 220 },
  title: { fontSize: 13, subtitleFontSize: 11, anchor: 'start' as const },
} as const;

/** The attribute at `index`, or a RangeError naming the valid range. */
export function attributeAt(result: AuditResult, index: number): AttributeResult {
  const a = result.attributes[index];
  if (!a) throw new RangeError(`attribute index ${index} is out of range 0..${result.attributes.length - 1}`);
  return a;
}

/** A group's label in charts: its name, with " (reference)" on the reference group. */
export function groupLabel(g: GroupResult): string {
  return g.isReference ? `${groupName(g)} (reference)` : groupName(g);
}

/** The groups with curves, largest first, at most {@link MAX_CURVE_GROUPS}, then back in result order. */
export function curveGroups(a: AttributeResult): GroupResult[] {
  const withCurves = a.groups.filter((g) => g.curves);
  if (withCurves.length <= MAX_CURVE_GROUPS) return withCurves;
  const keep = new Set(
    [...withCurves]
      .sort((x, y) => y.n - x.n || groupName(x).localeCompare(groupName(y)))
      .slice(0, MAX_CURVE_GROUPS),
  );
  return withCurves.filter((g) => keep.has(g));
}

/** The note for curve charts that leave groups out. */
export function curveNote(a: AttributeResult): string | undefined {
  const n = a.groups.filter((g) => g.curves).length;
  return n > MAX_CURVE_GROUPS
    ? `The ${MAX_CURVE_GROUPS} largest of ${n} groups are drawn; every group's rates are in the tables above.`
    : undefined;
}

/** A chart id prefix from the attribute's position (never from its name). */
export function chartId(index: number, kind: string): string {
  return `a${index}-${kind}`;
}

/** A quantitative position channel over [0, 1] (scores and rates). */
export function unitScale(field: string, title: string) {
  return { field, type: 'quantitative' as const, title, scale: { domain: [0, 1] } };
}

/** The tooltip entries of an estimate's interval, in the estimate's number format. */
export function intervalTooltip(format: string) {
  return [
    { field: 'low', title: 'Interval low', format },
    { field: 'high', title: 'Interval high', format },
  ];
}
