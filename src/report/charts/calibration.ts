import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/index.js';
import { attributeName, count, fixed, pct, r4 } from '../format.js';
import {
  attributeAt,
  CHART_CONFIG,
  chartId,
  curveGroups,
  curveNote,
  groupLabel,
  type ReportChart,
  unitScale,
  VL_SCHEMA,
} from './types.js';

export interface CalibrationRow {
  readonly group: string;
  readonly low: number;
  readonly high: number;
  readonly meanScore: number;
  readonly conversionRate: number;
  readonly weight: number;
}

/** Reliability bins per group: mean score against observed conversion rate (labeled rows only). */
export function calibrationData(result: AuditResult, index: number): CalibrationRow[] {
  return curveGroups(attributeAt(result, index)).flatMap((g) =>
    g.curves!.calibration.map((b) => ({
      group: groupLabel(g),
      low: r4(b.low)!,
      high: r4(b.high)!,
      meanScore: r4(b.meanScore)!,
      conversionRate: r4(b.conversionRate)!,
      weight: r4(b.weight)!,
    })),
  );
}

/** A reliability diagram per group: points on the diagonal are calibrated. */
export function calibrationSpec(result: AuditResult, index: number): TopLevelSpec {
  const a = attributeAt(result, index);
  const labels = curveGroups(a).map(groupLabel);
  const x = unitScale('meanScore', 'Mean score in bin');
  const y = unitScale('conversionRate', 'Observed conversion rate');
  const group = { field: 'group', type: 'nominal' as const, sort: labels, title: attributeName(a) };
  return {
    $schema: VL_SCHEMA,
    title: {
      text: `Calibration by ${attributeName(a)}`,
      subtitle: 'Dashed diagonal: scores equal to observed conversion rates.',
    },
    description: `Reliability diagram: for each ${attributeName(a)} group, the mean score in each of 10 score bins against the share of those leads that converted.`,
    width: 320,
    height: 320,
    layer: [
      {
        data: {
          values: [
            { meanScore: 0, conversionRate: 0 },
            { meanScore: 1, conversionRate: 1 },
          ],
        },
        mark: { type: 'line', color: '#999', strokeDash: [4, 4], strokeWidth: 1 },
        encoding: { x, y },
      },
      {
        data: { values: calibrationData(result, index) },
        mark: { type: 'line', point: { filled: true, size: 40 }, strokeWidth: 1.5 },
        encoding: {
          x,
          y,
          color: group,
          strokeDash: group,
          order: { field: 'meanScore' },
          tooltip: [
            { field: 'group', title: 'Group' },
            { field: 'low', title: 'Bin from', format: '.1f' },
            { field: 'high', title: 'Bin to', format: '.1f' },
            { field: 'meanScore', title: 'Mean score', format: '.3f' },
            { field: 'conversionRate', title: 'Conversion rate', format: '.1%' },
            { field: 'weight', title: 'Leads (weighted)' },
          ],
        },
      },
    ],
    config: CHART_CONFIG,
  };
}

/** The calibration chart with a table of bins per group. */
export function calibrationChart(result: AuditResult, index: number): ReportChart | null {
  const a = attributeAt(result, index);
  const groups = curveGroups(a);
  if (!groups.some((g) => g.curves!.calibration.length > 0)) return null;
  const spec = calibrationSpec(result, index);
  const bins = [
    ...new Map(
      groups.flatMap((g) => g.curves!.calibration.map((b) => [b.low, { low: b.low, high: b.high }] as const)),
    ).values(),
  ].sort((x, y) => x.low - y.low);
  return {
    id: chartId(index, 'calibration'),
    title: `Calibration by ${attributeName(a)}`,
    description: String(spec.description),
    spec,
    table: {
      columns: ['Score bin', ...groups.map((g) => `${groupLabel(g)}: conversion rate (mean score; leads)`)],
      rows: bins.map(({ low, high }) => [
        `${fixed(low, 1)}–${fixed(high, 1)}`,
        ...groups.map((g) => {
          const b = g.curves!.calibration.find((x) => x.low === low);
          return b ? `${pct(b.conversionRate)} (${fixed(b.meanScore, 3)}; ${count(b.weight)})` : '—';
        }),
      ]),
      note: ['Bins without labeled leads are left out of the chart (— in the table).', curveNote(a)]
        .filter(Boolean)
        .join(' '),
    },
  };
}
