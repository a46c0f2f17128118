import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/index.js';
import { attributeName, groupName, pValue, r4 } from '../format.js';
import { bandRatioText, bandStatus, bandStatusText, FOUR_FIFTHS } from '../four-fifths.js';
import { attributeAt, CHART_CONFIG, chartId, intervalTooltip, type ReportChart, VL_SCHEMA } from './types.js';

/** The rate ratios drawn against the reference group, in this order. */
export const RATIO_METRICS = [
  { id: 'selection_rate', label: 'Selection rate ratio (disparate impact)' },
  { id: 'tpr', label: 'TPR ratio' },
  { id: 'fpr', label: 'FPR ratio' },
  { id: 'ppv', label: 'Precision ratio' },
] as const;

export interface RatioRow {
  readonly group: string;
  readonly metric: string;
  readonly value: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly status: string;
}

function metricsOf(result: AuditResult, index: number) {
  const a = attributeAt(result, index);
  return RATIO_METRICS.filter((m) =>
    a.groups.some((g) => !g.isReference && g.rates?.[m.id]?.ratio.value != null),
  );
}

/** One row per non-reference group and ratio: value, bootstrap interval and band status. */
export function disparityRatiosData(result: AuditResult, index: number): RatioRow[] {
  const a = attributeAt(result, index);
  return metricsOf(result, index).flatMap((m) =>
    a.groups
      .filter((g) => !g.isReference)
      .map((g) => {
        const c = g.rates?.[m.id]?.ratio;
        return {
          group: groupName(g),
          metric: m.label,
          value: r4(c?.value),
          low: r4(c?.interval?.low),
          high: r4(c?.interval?.high),
          status: bandStatusText(bandStatus(c?.value)),
        };
      }),
  );
}

/**
 * Ratios of each group's rates to the reference group's, with bootstrap intervals, over the shaded
 * four-fifths band (0.8–1.25) and a rule at parity (1).
 */
export function disparityRatiosSpec(result: AuditResult, index: number): TopLevelSpec {
  const a = attributeAt(result, index);
  const metrics = metricsOf(result, index).map((m) => m.label);
  const rows = disparityRatiosData(result, index).filter((d) => d.value !== null);
  const groups = [...new Set(rows.map((d) => d.group))];
  const ref = a.reference.values ? a.reference.values.join(' & ') : 'the reference group';
  const max = Math.max(1.5, ...rows.map((d) => d.high ?? d.value ?? 0));
  const y = {
    field: 'group',
    type: 'nominal' as const,
    sort: groups,
    title: null,
    scale: { paddingInner: 0.25 },
  };
  const yOffset = { field: 'metric', type: 'nominal' as const, sort: metrics };
  const x = {
    field: 'value',
    type: 'quantitative' as const,
    title: `Ratio to ${ref}`,
    scale: { domain: [0, Math.ceil(max * 4) / 4] },
  };
  return {
    $schema: VL_SCHEMA,
    title: {
      text: `Ratios to the reference group: ${attributeName(a)}`,
      subtitle: `Shaded: the four-fifths band (${FOUR_FIFTHS.low}–${FOUR_FIFTHS.high}); vertical line: parity (1).`,
    },
    description: `Ratio of each ${attributeName(a)} group's selection rate, TPR, FPR and precision to those of ${ref}, with bootstrap intervals, against the four-fifths band from 0.8 to 1.25.`,
    width: 460,
    height: { step: 13 },
    layer: [
      {
        data: { values: [{ value: FOUR_FIFTHS.low, high: FOUR_FIFTHS.high }] },
        mark: { type: 'rect', color: '#9ecae9', opacity: 0.35 },
        encoding: { x, x2: { field: 'high' } },
      },
      {
        data: { values: [{ value: 1 }] },
        mark: { type: 'rule', color: '#555', strokeDash: [4, 3] },
        encoding: { x },
      },
      {
        data: { values: rows },
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
              x,
              color: { field: 'metric', type: 'nominal', sort: metrics, title: 'Ratio' },
              shape: { field: 'metric', type: 'nominal', sort: metrics, title: 'Ratio' },
              tooltip: [
                { field: 'group', title: 'Group' },
                { field: 'metric', title: 'Ratio' },
                { field: 'value', title: 'Estimate', format: '.3f' },
                ...intervalTooltip('.3f'),
                { field: 'status', title: 'Status' },
              ],
            },
          },
        ],
      },
    ],
    config: CHART_CONFIG,
  };
}

/** The disparity-ratio chart with its table (value, interval, adjusted p, band status). */
export function disparityRatiosChart(result: AuditResult, index: number): ReportChart | null {
  const a = attributeAt(result, index);
  const metrics = metricsOf(result, index);
  if (metrics.length === 0) return null;
  const spec = disparityRatiosSpec(result, index);
  return {
    id: chartId(index, 'ratios'),
    title: `Ratios to the reference group: ${attributeName(a)}`,
    description: String(spec.description),
    spec,
    table: {
      columns: ['Group', 'Ratio', 'Estimate [interval]', 'p (adj.)', 'Four-fifths band'],
      rows: metrics.flatMap((m) =>
        a.groups
          .filter((g) => !g.isReference)
          .map((g) => {
            const c = g.rates?.[m.id]?.ratio;
            return [
              groupName(g),
              m.label,
              bandRatioText(c),
              pValue(c?.pAdjusted),
              bandStatusText(bandStatus(c?.value)),
            ];
          }),
      ),
    },
  };
}
