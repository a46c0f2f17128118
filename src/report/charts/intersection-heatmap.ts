import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/index.js';
import { attributeName, count, pct, r4, rateWithInterval, setting } from '../format.js';
import { attributeAt, CHART_CONFIG, chartId, type ReportChart, VL_SCHEMA } from './types.js';

export interface HeatmapCell {
  readonly row: string;
  readonly column: string;
  readonly value: number | null;
  /** The text drawn in the cell: the rate, "suppressed" or "no rows". */
  readonly label: string;
  readonly n: number | null;
}

/** The rate an intersection heatmap shows: selection rate when there is a decision, else base rate. */
export function heatmapMetric(result: AuditResult): { id: string; label: string } {
  return result.decision.kind === 'none'
    ? { id: 'base_rate', label: 'Base rate' }
    : { id: 'selection_rate', label: 'Selection rate' };
}

/**
 * One cell per combination of the two attributes' values: the rate, or why there is none
 * (suppressed groups show no number and no row count).
 */
export function intersectionHeatmapData(result: AuditResult, index: number): HeatmapCell[] {
  const a = attributeAt(result, index);
  if (a.attributes.length !== 2) return [];
  const m = heatmapMetric(result);
  const below = setting(result, 'suppressBelow', 10);
  const cells: HeatmapCell[] = a.groups.map((g) => {
    const v = g.metrics[m.id]?.value;
    return {
      row: g.values[0]!,
      column: g.values[1]!,
      value: r4(v),
      label: v == null ? 'not defined' : pct(v),
      n: g.n,
    };
  });
  for (const s of a.suppressed) {
    cells.push({
      row: s.values[0]!,
      column: s.values[1]!,
      value: null,
      label: s.reason === 'empty' ? 'no rows' : `suppressed (< ${below})`,
      n: null,
    });
  }
  return cells;
}

/** A heatmap of the rate over the intersection of two attributes, every cell labelled with its value. */
export function intersectionHeatmapSpec(result: AuditResult, index: number): TopLevelSpec {
  const a = attributeAt(result, index);
  const m = heatmapMetric(result);
  const data = intersectionHeatmapData(result, index);
  const rows = [...new Set(data.map((d) => d.row))].sort();
  const columns = [...new Set(data.map((d) => d.column))].sort();
  const max = Math.max(0.01, ...data.map((d) => d.value ?? 0));
  const x = {
    field: 'column',
    type: 'nominal' as const,
    sort: columns,
    title: a.attributes[1]!,
    axis: { labelAngle: 0 },
  };
  const y = { field: 'row', type: 'nominal' as const, sort: rows, title: a.attributes[0]! };
  return {
    $schema: VL_SCHEMA,
    title: {
      text: `${m.label} by ${attributeName(a)}`,
      subtitle: 'Each cell shows its value; grey cells have no value shown.',
    },
    description: `${m.label} for every combination of ${a.attributes[0]} and ${a.attributes[1]}; suppressed and empty combinations are labelled as such.`,
    data: { values: data },
    width: { step: 78 },
    height: { step: 30 },
    encoding: { x, y },
    layer: [
      { mark: { type: 'rect', color: '#eeeeee' } },
      {
        transform: [{ filter: 'datum.value != null' }],
        mark: { type: 'rect' },
        encoding: {
          color: {
            field: 'value',
            type: 'quantitative',
            title: m.label,
            scale: { scheme: 'blues', domain: [0, max] },
            legend: { format: '.0%' },
          },
          tooltip: [
            { field: 'row', title: a.attributes[0]! },
            { field: 'column', title: a.attributes[1]! },
            { field: 'label', title: m.label },
            { field: 'n', title: 'n' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          text: { field: 'label', type: 'nominal' },
          color: {
            condition: { test: `datum.value != null && datum.value > ${r4(max * 0.6)}`, value: 'white' },
            value: 'black',
          },
        },
      },
    ],
    config: CHART_CONFIG,
  };
}

/** The heatmap for a two-attribute intersection (null for single attributes or deeper intersections). */
export function intersectionHeatmapChart(result: AuditResult, index: number): ReportChart | null {
  const a = attributeAt(result, index);
  if (a.attributes.length !== 2 || a.groups.length === 0) return null;
  const m = heatmapMetric(result);
  const below = setting(result, 'suppressBelow', 10);
  const spec = intersectionHeatmapSpec(result, index);
  return {
    id: chartId(index, 'heatmap'),
    title: `${m.label} by ${attributeName(a)}`,
    description: String(spec.description),
    spec,
    table: {
      columns: [a.attributes[0]!, a.attributes[1]!, 'n', m.label],
      rows: [
        ...a.groups.map((g) => [g.values[0]!, g.values[1]!, count(g.n), rateWithInterval(g.metrics[m.id])]),
        ...a.suppressed.map((s) => [
          s.values[0]!,
          s.values[1]!,
          s.reason === 'empty' ? '0' : `< ${below}`,
          s.reason === 'empty' ? 'no rows' : 'suppressed',
        ]),
      ],
    },
  };
}
