import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/index.js';
import { attributeName, count, groupName, pct } from '../format.js';
import { FOUR_FIFTHS } from '../four-fifths.js';
import { rankingSetAt } from './ranking-shares.js';
import { CHART_CONFIG, type ReportChart, VL_SCHEMA } from './types.js';

export interface DepthRow {
  readonly group: string;
  readonly k: number;
  readonly share: number;
  readonly di: number;
}

/** One row per non-reference group and depth where disparate impact is defined. */
export function rankingDepthData(result: AuditResult, index: number): DepthRow[] {
  const s = rankingSetAt(result, index);
  const depths = result.ranking?.depths ?? [];
  const total = result.ranking?.total ?? 1;
  return s.groups
    .filter((g) => !g.isReference)
    .flatMap((g) =>
      depths.flatMap((k, j) => {
        const di = g.curve.disparateImpact[j];
        return di === null || di === undefined ? [] : [{ group: groupName(g), k, share: k / total, di }];
      }),
    );
}

/** Disparate impact against list depth (log scale), over the four-fifths band. */
export function rankingDepthSpec(result: AuditResult, index: number): TopLevelSpec {
  const s = rankingSetAt(result, index);
  const rows = rankingDepthData(result, index);
  const ref = s.reference ? s.reference.join(' & ') : 'the reference group';
  const max = Math.max(1.5, ...rows.map((r) => r.di));
  const x = {
    field: 'k',
    type: 'quantitative' as const,
    title: 'List depth k (leads worked from the top)',
    scale: { type: 'log' as const },
  };
  const y = {
    field: 'di',
    type: 'quantitative' as const,
    title: `Selection-rate ratio to ${ref}`,
    scale: { domain: [0, Math.ceil(max * 4) / 4] },
  };
  return {
    $schema: VL_SCHEMA,
    title: {
      text: `Disparate impact along the list: ${attributeName(s)}`,
      subtitle: `Shaded: the four-fifths band (${FOUR_FIFTHS.low}–${FOUR_FIFTHS.high}); below it the rule fails at that depth.`,
    },
    description: `Ratio of each ${attributeName(s)} group's selection rate to that of ${ref} when the first k leads are worked, for k from the top of the list to all leads.`,
    width: 460,
    height: 220,
    layer: [
      {
        data: { values: [{ y: FOUR_FIFTHS.low, y2: FOUR_FIFTHS.high }] },
        mark: { type: 'rect', color: '#9ecae9', opacity: 0.35 },
        encoding: { y: { field: 'y', type: 'quantitative', scale: y.scale }, y2: { field: 'y2' } },
      },
      {
        data: { values: [{ y: 1 }] },
        mark: { type: 'rule', color: '#555', strokeDash: [4, 3] },
        encoding: { y: { field: 'y', type: 'quantitative', scale: y.scale } },
      },
      {
        data: { values: rows },
        mark: { type: 'line', point: { size: 12 } },
        encoding: {
          x,
          y,
          color: { field: 'group', type: 'nominal', title: attributeName(s) },
          tooltip: [
            { field: 'group', title: 'Group' },
            { field: 'k', title: 'Depth k' },
            { field: 'share', title: 'Share of list', format: '.1%' },
            { field: 'di', title: 'Disparate impact', format: '.3f' },
          ],
        },
      },
    ],
    config: CHART_CONFIG,
  };
}

/** The depth chart with its table: per group, where the four-fifths rule fails along the list. */
export function rankingDepthChart(result: AuditResult, index: number): ReportChart | null {
  if (!result.ranking) return null;
  const s = rankingSetAt(result, index);
  if (rankingDepthData(result, index).length === 0) return null;
  const spec = rankingDepthSpec(result, index);
  const total = result.ranking.total;
  const at = (k: number | null) => (k === null ? '—' : `${count(k)} (${pct(k / total)})`);
  return {
    id: `r${index}-ranking-depth`,
    title: `Disparate impact along the list: ${attributeName(s)}`,
    description: String(spec.description),
    spec,
    table: {
      columns: ['Group', 'Below 0.8 from depth', 'Below 0.8 up to depth', 'At 20% of the list'],
      rows: s.groups
        .filter((g) => !g.isReference)
        .map((g) => {
          const j = result.ranking!.depths.findIndex((k) => k >= 0.2 * total);
          const di = j >= 0 ? g.curve.disparateImpact[j] : null;
          return [groupName(g), at(g.fourFifths.from), at(g.fourFifths.to), di == null ? '—' : di.toFixed(3)];
        }),
      note: `Depths of the curve: ${result.ranking.depths.length} points from k = ${result.ranking.depths[0] ?? '—'} to all ${count(total)} leads.`,
    },
  };
}
