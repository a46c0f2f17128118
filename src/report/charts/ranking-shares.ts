import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/index.js';
import type { RankingSet } from '../../ranking/index.js';
import { attributeName, comparisonText, fixed, groupName, pct, r4, rateWithInterval } from '../format.js';
import { CHART_CONFIG, intervalTooltip, type ReportChart, VL_SCHEMA } from './types.js';

/** The ranking set at `index` of the result's ranking section, or a RangeError naming the valid range. */
export function rankingSetAt(result: AuditResult, index: number): RankingSet {
  const s = result.ranking?.sets[index];
  if (!s)
    throw new RangeError(
      `ranking set index ${index} is out of range 0..${(result.ranking?.sets.length ?? 0) - 1}`,
    );
  return s;
}

export interface RankingShareRow {
  readonly group: string;
  readonly at: string;
  readonly share: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly population: number | null;
}

/** One row per group and cut-off: share of the top k with its interval, and the population share. */
export function rankingSharesData(result: AuditResult, index: number): RankingShareRow[] {
  const s = rankingSetAt(result, index);
  return (result.ranking?.at ?? []).flatMap((c) =>
    s.groups.map((g) => {
      const a = g.at.find((x) => x.at === c.label);
      return {
        group: groupName(g),
        at: `top ${c.label}`,
        share: r4(a?.share.value),
        low: r4(a?.share.interval?.low),
        high: r4(a?.share.interval?.high),
        population: r4(g.populationShare.value),
      };
    }),
  );
}

/** Bars: each group's share of the top k at each cut-off; ticks: its share of all leads. */
export function rankingSharesSpec(result: AuditResult, index: number): TopLevelSpec {
  const s = rankingSetAt(result, index);
  const rows = rankingSharesData(result, index);
  const cutoffs = (result.ranking?.at ?? []).map((c) => `top ${c.label}`);
  const groups = s.groups.map(groupName);
  const y = { field: 'at', type: 'nominal' as const, sort: cutoffs, title: null };
  const yOffset = { field: 'group', type: 'nominal' as const, sort: groups };
  const color = { field: 'group', type: 'nominal' as const, sort: groups, title: attributeName(s) };
  return {
    $schema: VL_SCHEMA,
    title: {
      text: `Share of the top of the list: ${attributeName(s)}`,
      subtitle: 'Bars: share of the first k leads (with interval); black ticks: share of all leads.',
    },
    description: `Each ${attributeName(s)} group's share of the top k leads at each cut-off, with Wilson intervals, against its share of all leads.`,
    width: 460,
    height: { step: 12 },
    data: { values: rows },
    encoding: { y, yOffset },
    layer: [
      {
        mark: { type: 'bar', opacity: 0.85 },
        encoding: {
          x: { field: 'share', type: 'quantitative', title: 'Share', axis: { format: '%' } },
          color,
          tooltip: [
            { field: 'group', title: 'Group' },
            { field: 'at', title: 'Cut-off' },
            { field: 'share', title: 'Share of top k', format: '.1%' },
            ...intervalTooltip('.1%'),
            { field: 'population', title: 'Share of all leads', format: '.1%' },
          ],
        },
      },
      {
        mark: { type: 'rule', color: '#333' },
        encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } },
      },
      {
        mark: { type: 'tick', color: 'black', thickness: 2 },
        encoding: { x: { field: 'population', type: 'quantitative' } },
      },
    ],
    config: CHART_CONFIG,
  };
}

/** The share-of-top-k chart with its table (share, population share, skew). */
export function rankingSharesChart(result: AuditResult, index: number): ReportChart | null {
  if (!result.ranking || result.ranking.at.length === 0) return null;
  const s = rankingSetAt(result, index);
  if (s.groups.length === 0) return null;
  const spec = rankingSharesSpec(result, index);
  return {
    id: `r${index}-ranking-shares`,
    title: `Share of the top of the list: ${attributeName(s)}`,
    description: String(spec.description),
    spec,
    table: {
      columns: [
        'Cut-off',
        'Group',
        'Share of top k',
        'Share of all',
        'Share of converted',
        'skew@k',
        'Count (tie bounds)',
      ],
      rows: result.ranking.at.flatMap((c) =>
        s.groups.map((g) => {
          const a = g.at.find((x) => x.at === c.label);
          return [
            `top ${c.label} (k = ${c.k})`,
            groupName(g),
            rateWithInterval(a?.share),
            pct(g.populationShare.value),
            pct(g.qualifiedShare.value),
            comparisonText(a?.skew, 3, true),
            a ? `${fixed(a.count, 1)} [${fixed(a.countRange.low, 1)}, ${fixed(a.countRange.high, 1)}]` : '—',
          ];
        }),
      ),
    },
  };
}
