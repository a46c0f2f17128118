import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/index.js';
import { attributeName, fixed, pct, r4 } from '../format.js';
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

export interface DistributionRow {
  readonly group: string;
  readonly low: number;
  readonly high: number;
  readonly mid: number;
  readonly share: number;
}

/** Share of each group's leads in each score bin. */
export function scoreDistributionData(result: AuditResult, index: number): DistributionRow[] {
  return curveGroups(attributeAt(result, index)).flatMap((g) => {
    const { edges, share } = g.curves!.distribution;
    return share.map((s, i) => ({
      group: groupLabel(g),
      low: r4(edges[i])!,
      high: r4(edges[i + 1])!,
      mid: r4((edges[i]! + edges[i + 1]!) / 2)!,
      share: r4(s)!,
    }));
  });
}

/** Score distributions per group (share of the group's leads per score bin), as lines over bin centres. */
export function scoreDistributionSpec(result: AuditResult, index: number): TopLevelSpec {
  const a = attributeAt(result, index);
  const labels = curveGroups(a).map(groupLabel);
  const group = { field: 'group', type: 'nominal' as const, sort: labels, title: attributeName(a) };
  const cut = result.decision.kind === 'threshold' ? r4(result.decision.threshold) : null;
  return {
    $schema: VL_SCHEMA,
    title: {
      text: `Score distributions by ${attributeName(a)}`,
      subtitle: cut === null ? 'Share of each group per score bin.' : 'Vertical line: the audited threshold.',
    },
    description: `Share of each ${attributeName(a)} group's leads in each score bin, so groups of different sizes compare directly.`,
    width: 460,
    height: 220,
    layer: [
      {
        data: { values: scoreDistributionData(result, index) },
        mark: { type: 'line', strokeWidth: 2, interpolate: 'monotone' },
        encoding: {
          x: { field: 'mid', type: 'quantitative', title: 'Score (bin centre)' },
          y: { field: 'share', type: 'quantitative', title: 'Share of group', axis: { format: '.0%' } },
          color: group,
          strokeDash: group,
          tooltip: [
            { field: 'group', title: 'Group' },
            { field: 'low', title: 'Bin from', format: '.2f' },
            { field: 'high', title: 'Bin to', format: '.2f' },
            { field: 'share', title: 'Share', format: '.1%' },
          ],
        },
      },
      ...(cut === null
        ? []
        : [
            {
              data: { values: [{ mid: cut }] },
              mark: { type: 'rule' as const, color: '#555', strokeDash: [2, 2] },
              encoding: { x: { field: 'mid', type: 'quantitative' as const } },
            },
          ]),
    ],
    config: CHART_CONFIG,
  };
}

/** The score-distribution chart with its table (bins as rows, groups as columns). */
export function scoreDistributionChart(result: AuditResult, index: number): ReportChart | null {
  const a = attributeAt(result, index);
  const groups = curveGroups(a);
  const first = groups[0]?.curves?.distribution;
  if (!first) return null;
  const spec = scoreDistributionSpec(result, index);
  return {
    id: chartId(index, 'scores'),
    title: `Score distributions by ${attributeName(a)}`,
    description: String(spec.description),
    spec,
    table: {
      columns: ['Score bin', ...groups.map(groupLabel)],
      rows: first.share.map((_, i) => [
        `${fixed(first.edges[i], 2)}–${fixed(first.edges[i + 1], 2)}`,
        ...groups.map((g) => pct(g.curves!.distribution.share[i])),
      ]),
      note: curveNote(a),
    },
  };
}
