import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/index.js';
import { attributeName, count, r4, rateWithInterval } from '../format.js';
import {
  attributeAt,
  CHART_CONFIG,
  chartId,
  groupLabel,
  intervalTooltip,
  type ReportChart,
  VL_SCHEMA,
} from './types.js';

/** The rates drawn per group, in this order, when the result defines them. */
export const RATE_METRICS = [
  { id: 'selection_rate', label: 'Selection rate' },
  { id: 'base_rate', label: 'Base rate' },
  { id: 'tpr', label: 'True positive rate' },
] as const;

export interface GroupRateRow {
  readonly group: string;
  readonly metric: string;
  readonly value: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly n: number;
}

/** The metrics of {@link RATE_METRICS} that at least one group of the attribute defines. */
function metricsOf(result: AuditResult, index: number) {
  const a = attributeAt(result, index);
  return RATE_METRICS.filter((m) => a.groups.some((g) => g.metrics[m.id]?.value != null));
}

/** One row per group and rate: value and interval (null when the rate is not defined). */
export function groupRatesData(result: AuditResult, index: number): GroupRateRow[] {
  const a = attributeAt(result, index);
  return metricsOf(result, index).flatMap((m) =>
    a.groups.map((g) => {
      const e = g.metrics[m.id];
      return {
        group: groupLabel(g),
        metric: m.label,
        value: r4(e?.value),
        low: r4(e?.interval?.low),
        high: r4(e?.interval?.high),
        n: g.n,
      };
    }),
  );
}

/**
 * Group rates with interval error bars: selection rate, base rate and TPR of each group of an
 * attribute, the reference group named "(reference)". Colour and shape both encode the metric.
 */
export function groupRatesSpec(result: AuditResult, index: number): TopLevelSpec {
  const a = attributeAt(result, index);
  const metrics = metricsOf(result, index).map((m) => m.label);
  const groups = a.groups.map(groupLabel);
  const level = Math.round(100 * Number(result.options.confidence ?? 0.95));
  const y = {
    field: 'group',
    type: 'nominal' as const,
    sort: groups,
    title: null,
    scale: { paddingInner: 0.25 },
  };
  const yOffset = { field: 'metric', type: 'nominal' as const, sort: metrics };
  return {
    $schema: VL_SCHEMA,
    title: {
      text: `Rates by ${attributeName(a)}`,
      subtitle: `Points: estimates; bars: ${level}% intervals (Wilson).`,
    },
    description: `Selection rate, base rate and true positive rate for each ${attributeName(a)} group, with ${level}% confidence intervals.`,
    data: { values: groupRatesData(result, index).filter((d) => d.value !== null) },
    width: 460,
    height: { step: 13 },
    encoding: { y, yOffset },
    layer: [
      {
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'low', type: 'quantitative' },
          x2: { field: 'high' },
          color: { field: 'metric', type: 'nominal', sort: metrics },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 50, opacity: 1 },
        encoding: {
          x: {
            field: 'value',
            type: 'quantitative',
            title: 'Rate',
            axis: { format: '.0%' },
            scale: { domain: [0, 1] },
          },
          color: { field: 'metric', type: 'nominal', sort: metrics, title: 'Metric' },
          shape: { field: 'metric', type: 'nominal', sort: metrics, title: 'Metric' },
          tooltip: [
            { field: 'group', title: 'Group' },
            { field: 'metric', title: 'Metric' },
            { field: 'value', title: 'Estimate', format: '.1%' },
            ...intervalTooltip('.1%'),
            { field: 'n', title: 'n' },
          ],
        },
      },
    ],
    config: CHART_CONFIG,
  };
}

/** The group-rates chart with its title, description and table. */
export function groupRatesChart(result: AuditResult, index: number): ReportChart | null {
  const a = attributeAt(result, index);
  const metrics = metricsOf(result, index);
  if (metrics.length === 0) return null;
  const spec = groupRatesSpec(result, index);
  return {
    id: chartId(index, 'group-rates'),
    title: `Rates by ${attributeName(a)}`,
    description: String(spec.description),
    spec,
    table: {
      columns: ['Group', 'n', ...metrics.map((m) => m.label)],
      rows: a.groups.map((g) => [
        groupLabel(g),
        count(g.n),
        ...metrics.map((m) => rateWithInterval(g.metrics[m.id])),
      ]),
    },
  };
}
