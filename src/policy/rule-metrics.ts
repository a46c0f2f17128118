import { AGGREGATE_METRICS, DISPARITY_METRICS, GROUP_METRICS } from '../metrics/index.js';
import { parseRankingMetric, type RankingMetricName } from '../ranking/index.js';

/**
 * Where a rule's metric is read from in an AuditResult:
 * - `disparity`: a named disparity of each group vs its reference (`group.disparities[id]`)
 * - `rate_difference` / `rate_ratio`: a rate of each group vs the reference (`group.rates[rate]`)
 * - `group`: a metric of each group on its own (`group.metrics[id]`)
 * - `aggregate`: one number per attribute (`attribute.aggregates[id][between_groups|to_overall]`)
 * - `overall`: one number for the whole population (`overallIndices[id]`)
 * - `ranking`: a ranking metric (`skew_at_k@100`, `ndkl@10%`, `exposure_ratio`) from the ranking section
 */
export const RuleMetricKind = {
  disparity: 'disparity',
  rateDifference: 'rate_difference',
  rateRatio: 'rate_ratio',
  group: 'group',
  aggregate: 'aggregate',
  overall: 'overall',
  ranking: 'ranking',
} as const;
export type RuleMetricKind = (typeof RuleMetricKind)[keyof typeof RuleMetricKind];

/** A metric a policy rule may name. */
export interface RuleMetric {
  readonly id: string;
  readonly kind: RuleMetricKind;
  /** For rate comparisons: the rate compared (e.g. `tpr` for `tpr_difference`). */
  readonly rate?: string | undefined;
  /** For ranking metrics: the metric, its cut-off and scope. */
  readonly ranking?: RankingMetricName | undefined;
}

const OVERALL = new Set(['generalized_entropy_index', 'theil_index']);

/** Every metric a rule may name, in the order the JSON Schema lists them. */
export const RULE_METRICS: readonly RuleMetric[] = [
  ...DISPARITY_METRICS.map((m) => ({ id: m.id, kind: RuleMetricKind.disparity })),
  ...GROUP_METRICS.filter((m) => m.rate).flatMap((m) => [
    { id: `${m.id}_difference`, kind: RuleMetricKind.rateDifference, rate: m.id },
    { id: `${m.id}_ratio`, kind: RuleMetricKind.rateRatio, rate: m.id },
  ]),
  ...GROUP_METRICS.filter((m) => m.id !== 'n').map((m) => ({ id: m.id, kind: RuleMetricKind.group })),
  ...AGGREGATE_METRICS.map((m) => ({
    id: m.id,
    kind: OVERALL.has(m.id) ? RuleMetricKind.overall : RuleMetricKind.aggregate,
  })),
];

/** The distinct metric names a rule may use (an id can be both a disparity and an aggregate). */
export const RULE_METRIC_IDS: readonly [string, ...string[]] = [
  ...new Set(RULE_METRICS.map((m) => m.id)),
] as [string, ...string[]];

/** Metric names that can be read as a per-attribute aggregate (with `aggregate:` in a rule). */
export const AGGREGATE_IDS: readonly string[] = RULE_METRICS.filter(
  (m) => m.kind === RuleMetricKind.aggregate,
).map((m) => m.id);

/**
 * Which metric a rule names: the aggregate when the rule says `aggregate:` (or the name is only an
 * aggregate), otherwise the per-group reading.
 * @example
 * ruleMetric('equal_opportunity_difference').kind // => 'disparity'
 * ruleMetric('equal_opportunity_difference', 'between_groups').kind // => 'aggregate'
 */
export function ruleMetric(id: string, aggregate?: string): RuleMetric | undefined {
  const all = RULE_METRICS.filter((m) => m.id === id);
  if (aggregate !== undefined) return all.find((m) => m.kind === RuleMetricKind.aggregate);
  if (all.length === 0) {
    const ranking = parseRankingMetric(id);
    return ranking ? { id, kind: RuleMetricKind.ranking, ranking } : undefined;
  }
  return all[0];
}
