import type { Estimate } from '../metrics/index.js';
import { cutoffLabel } from './cutoffs.js';
import type { RankingGroup, RankingGroupAt, RankingResult } from './types.js';

/** Ranking metrics read at a cut-off (`skew_at_k@100`), per group or per attribute set. */
export const RANKING_AT_METRICS = {
  skew_at_k: 'group',
  skew_qualified_at_k: 'group',
  share_at_k: 'group',
  selection_rate_at_k: 'group',
  disparate_impact_at_k: 'group',
  ndkl: 'set',
  ndkl_qualified: 'set',
} as const;

/** Ranking metrics of the whole list, per group. */
export const RANKING_LIST_METRICS = ['exposure_ratio', 'exposure_parity'] as const;

/** The names a policy rule may give a ranking metric: `skew_at_k@100`, `ndkl@10%`, `exposure_ratio`. */
export const RANKING_METRIC_PATTERN = new RegExp(
  `^(?:(?:${Object.keys(RANKING_AT_METRICS).join('|')})@\\d+(?:\\.\\d+)?%|(?:${Object.keys(RANKING_AT_METRICS).join('|')})@\\d+|${RANKING_LIST_METRICS.join('|')})$`,
);

/** A ranking metric named in a rule: its id, cut-off label (when it has one) and scope. */
export interface RankingMetricName {
  readonly id: string;
  readonly at: string | undefined;
  /** `group`: one value per group; `set`: one value per attribute set. */
  readonly scope: 'group' | 'set';
  /** Whether the value compares the group with the reference group (skip the reference itself). */
  readonly vsReference: boolean;
}

/**
 * Reads a ranking metric name, or undefined when it is not one.
 * @example
 * parseRankingMetric('skew_at_k@10 %') // => undefined (no spaces)
 * parseRankingMetric('skew_at_k@100') // => { id: 'skew_at_k', at: '100', scope: 'group', vsReference: false }
 */
export function parseRankingMetric(name: string): RankingMetricName | undefined {
  if (!RANKING_METRIC_PATTERN.test(name)) return undefined;
  const [id, at] = name.split('@') as [string, string | undefined];
  if (at === undefined) return { id, at: undefined, scope: 'group', vsReference: false };
  let label: string;
  try {
    label = cutoffLabel(at);
  } catch {
    return undefined;
  }
  const scope = RANKING_AT_METRICS[id as keyof typeof RANKING_AT_METRICS];
  return { id, at: label, scope, vsReference: id === 'disparate_impact_at_k' };
}

/** The cut-offs the metric names need (to add them to a ranking audit). */
export function rankingCutoffsOf(names: readonly string[]): string[] {
  return [...new Set(names.map(parseRankingMetric).flatMap((m) => (m?.at ? [m.at] : [])))];
}

const AT_FIELD: Record<string, keyof Omit<RankingGroupAt, 'at' | 'count' | 'countRange'>> = {
  skew_at_k: 'skew',
  skew_qualified_at_k: 'skewQualified',
  share_at_k: 'share',
  selection_rate_at_k: 'selectionRate',
  disparate_impact_at_k: 'disparateImpact',
};

/**
 * A ranking metric's value for a group (or, for `ndkl`, for the attribute set when `values` is null)
 * in an AuditResult's ranking section; undefined when it was not computed.
 */
export function readRankingMetric(
  ranking: RankingResult | undefined,
  attributes: readonly string[],
  values: readonly string[] | null,
  metric: RankingMetricName,
): Estimate | undefined {
  const key = JSON.stringify(attributes);
  const set = ranking?.sets.find((s) => JSON.stringify(s.attributes) === key);
  if (!set) return undefined;
  if (metric.scope === 'set') {
    const n = set.ndkl.find((x) => x.at === metric.at);
    return metric.id === 'ndkl' ? n?.population : n?.qualified;
  }
  const g: RankingGroup | undefined = values
    ? set.groups.find((x) => JSON.stringify(x.values) === JSON.stringify(values))
    : undefined;
  if (!g) return undefined;
  if (metric.id === 'exposure_ratio') return g.exposure.ratio;
  if (metric.id === 'exposure_parity') return g.exposure.parity;
  return g.at.find((x) => x.at === metric.at)?.[AT_FIELD[metric.id]!];
}
