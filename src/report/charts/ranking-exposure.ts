import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../../audit/index.js';
import { attributeName, comparisonText, groupName, pct, r4 } from '../format.js';
import { rankingSetAt } from './ranking-shares.js';
import { CHART_CONFIG, type ReportChart, VL_SCHEMA } from './types.js';

export interface ExposureRow {
  readonly group: string;
  readonly measure: string;
  readonly value: number | null;
}

const MEASURES = ['Share of leads', 'Share of expected conversions', 'Share of exposure'] as const;

/** One row per group and measure: population share, relevance share and exposure share. */
export function rankingExposureData(result: AuditResult, index: number): ExposureRow[] {
  const s = rankingSetAt(result, index);
  return s.groups.flatMap((g) => [
    { group: groupName(g), measure: MEASURES[0], value: r4(g.populationShare.value) },
    { group: groupName(g), measure: MEASURES[1], value: r4(g.exposure.relevanceShare) },
    { group: groupName(g), measure: MEASURES[2], value: r4(g.exposure.share) },
  ]);
}

function discountText(result: AuditResult): string {
  const d = result.ranking?.discount;
  return d?.kind === 'geometric' ? `geometric, patience ${d.patience}` : 'logarithmic, 1/log2(1 + rank)';
}

/** Grouped bars: each group's share of leads, of expected conversions and of exposure. */
export function rankingExposureSpec(result: AuditResult, index: number): TopLevelSpec {
  const s = rankingSetAt(result, index);
  const groups = s.groups.map(groupName);
  return {
    $schema: VL_SCHEMA,
    title: {
      text: `Exposure against relevance: ${attributeName(s)}`,
      subtitle: `Exposure under a ${discountText(result)} position bias; fair by merit when exposure matches expected conversions.`,
    },
    description: `Each ${attributeName(s)} group's share of all leads, of expected conversions and of the exposure the ranked list gives (${discountText(result)} discount).`,
    width: 460,
    height: { step: 12 },
    data: { values: rankingExposureData(result, index).filter((r) => r.value !== null) },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'group', type: 'nominal', sort: groups, title: null },
      yOffset: { field: 'measure', type: 'nominal', sort: [...MEASURES] },
      x: { field: 'value', type: 'quantitative', title: 'Share', axis: { format: '%' } },
      color: { field: 'measure', type: 'nominal', sort: [...MEASURES], title: null },
      tooltip: [
        { field: 'group', title: 'Group' },
        { field: 'measure', title: 'Measure' },
        { field: 'value', title: 'Share', format: '.1%' },
      ],
    },
    config: CHART_CONFIG,
  };
}

/** The exposure chart with its table (shares, exposure per member, parity, ratio to relevance). */
export function rankingExposureChart(result: AuditResult, index: number): ReportChart | null {
  if (!result.ranking) return null;
  const s = rankingSetAt(result, index);
  if (s.groups.length === 0) return null;
  const spec = rankingExposureSpec(result, index);
  return {
    id: `r${index}-ranking-exposure`,
    title: `Exposure against relevance: ${attributeName(s)}`,
    description: String(spec.description),
    spec,
    table: {
      columns: [
        'Group',
        'Share of leads',
        'Share of expected conversions',
        'Share of exposure',
        'Exposure per member',
        'Exposure parity',
        'Exposure / relevance',
      ],
      rows: s.groups.map((g) => [
        groupName(g),
        pct(g.populationShare.value),
        pct(g.exposure.relevanceShare),
        pct(g.exposure.share),
        comparisonText(g.exposure.perMember, 4),
        comparisonText(g.exposure.parity, 3),
        comparisonText(g.exposure.ratio, 3),
      ]),
    },
  };
}
