import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/index.js';
import { attributeName, r4 } from '../format.js';
import { sweepTable } from './curve-table.js';
import {
  attributeAt,
  CHART_CONFIG,
  chartId,
  curveGroups,
  curveNote,
  groupLabel,
  type ReportChart,
  VL_SCHEMA,
} from './types.js';

const SWEPT = [
  { key: 'selection_rate', label: 'Selection rate' },
  { key: 'tpr', label: 'True positive rate' },
] as const;

/** One group's and metric's sweep as parallel arrays (the spec flattens them: small specs). */
export interface SweepSeries {
  readonly group: string;
  readonly metric: string;
  readonly threshold: (number | null)[];
  readonly value: (number | null)[];
  /** The audited decision threshold (drawn as a rule). */
  readonly cut: number | null;
}

/** Selection rate and TPR per group over the swept thresholds; series with no defined value are left out. */
export function thresholdSweepData(result: AuditResult, index: number): SweepSeries[] {
  const cut = result.decision.kind === 'threshold' ? r4(result.decision.threshold) : null;
  return SWEPT.flatMap((m) =>
    curveGroups(attributeAt(result, index)).flatMap((g) => {
      const s = g.curves!.sweep;
      return s[m.key].some((v) => v != null)
        ? [
            {
              group: groupLabel(g),
              metric: m.label,
              threshold: s.thresholds.map(r4),
              value: s[m.key].map(r4),
              cut,
            },
          ]
        : [];
    }),
  );
}

/** Selection rate and TPR against the threshold, one panel each, with a rule at the audited threshold. */
export function thresholdSweepSpec(result: AuditResult, index: number): TopLevelSpec {
  const a = attributeAt(result, index);
  const labels = curveGroups(a).map(groupLabel);
  const data = thresholdSweepData(result, index);
  const metrics = SWEPT.map((m) => m.label).filter((m) => data.some((d) => d.metric === m));
  return {
    $schema: VL_SCHEMA,
    title: {
      text: `Selection rate and TPR versus threshold: ${attributeName(a)}`,
      subtitle: 'Vertical line: the audited threshold.',
    },
    description: `Selection rate and true positive rate of each ${attributeName(a)} group at every score threshold, with the audited threshold marked.`,
    data: { values: data },
    transform: [{ flatten: ['threshold', 'value'] }, { filter: 'isValid(datum.value)' }],
    facet: { column: { field: 'metric', type: 'nominal', sort: metrics, title: null } },
    spec: {
      width: 260,
      height: 220,
      layer: [
        {
          mark: { type: 'line', strokeWidth: 2 },
          encoding: {
            x: {
              field: 'threshold',
              type: 'quantitative',
              title: 'Score threshold',
              scale: { domain: [0, 1] },
            },
            y: {
              field: 'value',
              type: 'quantitative',
              title: 'Rate',
              axis: { format: '.0%' },
              scale: { domain: [0, 1] },
            },
            color: { field: 'group', type: 'nominal', sort: labels, title: attributeName(a) },
            strokeDash: { field: 'group', type: 'nominal', sort: labels, title: attributeName(a) },
            tooltip: [
              { field: 'group', title: 'Group' },
              { field: 'threshold', title: 'Threshold', format: '.2f' },
              { field: 'value', title: 'Rate', format: '.1%' },
            ],
          },
        },
        {
          mark: { type: 'rule', color: '#555', strokeDash: [2, 2] },
          encoding: { x: { field: 'cut', type: 'quantitative', aggregate: 'min' } },
        },
      ],
    },
    config: CHART_CONFIG,
  };
}

/** The threshold-sweep chart with its table. */
export function thresholdSweepChart(result: AuditResult, index: number): ReportChart | null {
  const a = attributeAt(result, index);
  const data = thresholdSweepData(result, index);
  if (data.length === 0) return null;
  const spec = thresholdSweepSpec(result, index);
  const present = SWEPT.filter((m) => data.some((d) => d.metric === m.label));
  return {
    id: chartId(index, 'sweep'),
    title: `Selection rate and TPR versus threshold: ${attributeName(a)}`,
    description: String(spec.description),
    spec,
    table: sweepTable(
      curveGroups(a),
      present.map((m) => ({ key: m.key, label: m.key === 'tpr' ? 'TPR' : 'selection' })),
      curveNote(a),
    ),
  };
}
