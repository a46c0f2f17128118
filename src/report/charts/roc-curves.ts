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
  unitScale,
  VL_SCHEMA,
} from './types.js';

/** One group's ROC points as parallel arrays (the spec flattens them: small specs for many groups). */
export interface RocSeries {
  readonly group: string;
  readonly threshold: (number | null)[];
  readonly fpr: (number | null)[];
  readonly tpr: (number | null)[];
}

/** ROC series per group from the threshold sweep; groups without any defined point are left out. */
export function rocData(result: AuditResult, index: number): RocSeries[] {
  return curveGroups(attributeAt(result, index)).flatMap((g) => {
    const s = g.curves!.sweep;
    const defined = s.fpr.some((f, i) => f != null && s.tpr[i] != null);
    return defined
      ? [{ group: groupLabel(g), threshold: s.thresholds.map(r4), fpr: s.fpr.map(r4), tpr: s.tpr.map(r4) }]
      : [];
  });
}

/** ROC curves per group (FPR against TPR over all thresholds), the chance diagonal and each group's operating point. */
export function rocSpec(result: AuditResult, index: number): TopLevelSpec {
  const a = attributeAt(result, index);
  const groups = curveGroups(a);
  const labels = groups.map(groupLabel);
  const operating = groups.flatMap((g) => {
    const fpr = g.metrics.fpr?.value;
    const tpr = g.metrics.tpr?.value;
    return fpr == null || tpr == null ? [] : [{ group: groupLabel(g), fpr: r4(fpr), tpr: r4(tpr) }];
  });
  const x = unitScale('fpr', 'False positive rate');
  const y = unitScale('tpr', 'True positive rate');
  const color = { field: 'group', type: 'nominal' as const, sort: labels, title: attributeName(a) };
  return {
    $schema: VL_SCHEMA,
    title: {
      text: `ROC curves by ${attributeName(a)}`,
      subtitle: 'Dashed diagonal: chance; dots: the audited decision rule.',
    },
    description: `ROC curve (true positive rate against false positive rate over all thresholds) for each ${attributeName(a)} group, with each group's operating point at the audited decision rule.`,
    width: 320,
    height: 320,
    layer: [
      {
        data: {
          values: [
            { fpr: 0, tpr: 0 },
            { fpr: 1, tpr: 1 },
          ],
        },
        mark: { type: 'line', color: '#999', strokeDash: [4, 4], strokeWidth: 1 },
        encoding: { x, y },
      },
      {
        data: { values: rocData(result, index) },
        transform: [
          { flatten: ['threshold', 'fpr', 'tpr'] },
          { filter: 'isValid(datum.fpr) && isValid(datum.tpr)' },
        ],
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x,
          y,
          color,
          strokeDash: { field: 'group', type: 'nominal', sort: labels, title: attributeName(a) },
          order: { field: 'threshold', sort: 'descending' },
          tooltip: [
            { field: 'group', title: 'Group' },
            { field: 'threshold', title: 'Threshold', format: '.2f' },
            { field: 'fpr', title: 'FPR', format: '.3f' },
            { field: 'tpr', title: 'TPR', format: '.3f' },
          ],
        },
      },
      {
        data: { values: operating },
        mark: { type: 'point', filled: true, size: 60, opacity: 1 },
        encoding: {
          x,
          y,
          color,
          shape: { field: 'group', type: 'nominal', sort: labels, title: attributeName(a) },
        },
      },
    ],
    config: CHART_CONFIG,
  };
}

/** The ROC chart with a table of FPR and TPR per group by threshold. */
export function rocChart(result: AuditResult, index: number): ReportChart | null {
  const a = attributeAt(result, index);
  if (rocData(result, index).length === 0) return null;
  const spec = rocSpec(result, index);
  return {
    id: chartId(index, 'roc'),
    title: `ROC curves by ${attributeName(a)}`,
    description: String(spec.description),
    spec,
    table: sweepTable(
      curveGroups(a),
      [
        { key: 'fpr', label: 'FPR' },
        { key: 'tpr', label: 'TPR' },
      ],
      curveNote(a),
    ),
  };
}
