import type { GroupSpec, Roles } from '../data/index.js';
import { DRIFT_DISPARITIES, type DriftPolicySection } from '../drift/index.js';
import { UsageError } from '../errors.js';
import { metricDefinition } from '../metrics/index.js';
import { RuleMetricKind, ruleMetric } from './rule-metrics.js';
import type { Policy } from './schema.js';

/** What a policy file says about a drift run: roles, decision, reference groups and settings. */
export interface DriftPolicyOptions {
  /** From the policy's `columns` and `attributes` (absent when it names no attributes). */
  readonly roles?: Roles | undefined;
  readonly threshold?: number | undefined;
  /** `attribute=value,…` for the attributes whose reference the policy names; else `largest`. */
  readonly reference?: string | undefined;
  readonly confidence?: number | undefined;
  /**
   * The policy's `drift` section, with `metrics` and `disparities` taken from its rules when the
   * section does not list them: the rates and disparities the policy judges are the ones followed.
   */
  readonly policy: DriftPolicySection;
  /** Metrics of the policy's rules that drift does not follow (auc_gap, calibration_gap, aggregates, …). */
  readonly unfollowed: readonly string[];
}

/**
 * The drift options a policy file implies, for `drift({ ...driftOptionsFromPolicy(policy), baseline, current })`:
 * options given beside them win. A rule on a rate (`tpr_difference`, `selection_rate_ratio`,
 * `fpr`) makes drift follow that rate (beside the selection rate, always followed); a rule on a
 * disparity drift knows (`disparate_impact`, `statistical_parity_difference`, …) makes it follow
 * that disparity; other rules (auc_gap, calibration_gap, aggregates) are listed in `unfollowed`.
 * @throws {UsageError} when the policy selects the top of the list (drift compares threshold decisions).
 * @example
 * driftOptionsFromPolicy(loadDriftPolicy('fairness-policy.yml')).policy.disparities // => ['disparate_impact']
 */
export function driftOptionsFromPolicy(policy: Policy): DriftPolicyOptions {
  if (policy.decision?.select_top !== undefined) {
    throw new UsageError(
      'unsupported_decision',
      `The policy selects the top ${policy.decision.select_top} of the list; drift compares threshold or prediction-column decisions only.`,
      { hint: 'Give the threshold the list is cut at with --threshold.' },
    );
  }
  const groups: GroupSpec[] = (policy.attributes ?? []).map((a) => ({ column: a.column, edges: a.bins }));
  const c = policy.columns ?? {};
  const roles: Roles | undefined =
    groups.length > 0
      ? { score: c.score, label: c.label, prediction: c.prediction, weight: c.weight, groups }
      : undefined;
  const named = (policy.attributes ?? []).filter((a) => a.reference !== undefined);
  // The selection rate is always followed: it is what the decision does to each group.
  const metrics = new Set<string>(['selection_rate']);
  const disparities = new Set<string>();
  const unfollowed = new Set<string>();
  for (const rule of policy.rules) {
    const m = ruleMetric(rule.metric, rule.aggregate);
    if (m && m.kind === RuleMetricKind.disparity && Object.hasOwn(DRIFT_DISPARITIES, m.id))
      disparities.add(m.id);
    else if (m && (m.kind === RuleMetricKind.rateDifference || m.kind === RuleMetricKind.rateRatio) && m.rate)
      metrics.add(m.rate);
    else if (m && m.kind === RuleMetricKind.group && metricDefinition(m.id, 'group')?.rate) metrics.add(m.id);
    else unfollowed.add(rule.metric);
  }
  const section = policy.drift ?? {};
  return {
    roles,
    threshold: policy.decision?.threshold,
    reference: named.length > 0 ? named.map((a) => `${a.column}=${a.reference}`).join(',') : undefined,
    confidence: policy.confidence,
    policy: {
      ...section,
      metrics: section.metrics ?? (metrics.size > 1 ? [...metrics] : undefined),
      disparities: section.disparities ?? (disparities.size > 0 ? [...disparities] : undefined),
    },
    unfollowed: [...unfollowed],
  };
}
