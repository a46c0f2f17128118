import type { AttributeResult, AuditResult, GroupResult } from '../audit/result.js';
import { PolicyError } from '../errors.js';
import type { Estimate } from '../metrics/index.js';
import { readRankingMetric, SKEW_ABSENT } from '../ranking/index.js';
import { judgeValue } from './judge-value.js';
import { ruleMetric } from './rule-metrics.js';
import type { Policy, PolicyRule } from './schema.js';
import type { Bounds, Verdict } from './verdict.js';

/**
 * Judges an audit by a policy: one verdict per rule and group (per attribute for aggregates, once
 * for population indices) — pass, warn, fail or insufficient-data — with the observed value, its
 * interval, the bound and a one-sentence reason. Pure: the same result and policy give the same
 * verdicts.
 *
 * Groups with fewer rows than `min_group_size` (or compared with such a reference group), suppressed
 * groups (small, or withheld by complementary suppression) and undefined metrics get
 * `insufficient-data`. Comparisons of the reference group with
 * itself are skipped.
 * @example
 * evaluatePolicy(result, policy).filter((v) => v.status === 'fail').map((v) => v.group)
 * // => [['female'], ['55+']]
 */
export function evaluatePolicy(result: AuditResult, policy: Policy): Verdict[] {
  const mismatch = policyMismatches(result, policy);
  if (mismatch.length > 0) {
    throw new PolicyError(
      'policy_result_mismatch',
      `The audit was not computed as the policy asks, so its verdicts would judge other numbers: ${mismatch.join('; ')}.`,
      {
        hint: 'Audit the data with the policy (audit(data, { policy }) or `fairprobe audit DATA --policy FILE`), which applies its settings.',
      },
    );
  }
  const verdicts: Verdict[] = [];
  const checked = result.attributes.filter((a) => isChecked(a.attributes, policy));
  policy.rules.forEach((rule, index) => {
    const metric = ruleMetric(rule.metric, rule.aggregate);
    if (!metric) return;
    const base = {
      rule: index,
      ruleText: ruleText(rule),
      metric: rule.metric,
      bound: bounds(rule.min, rule.max),
      warn: warnBounds(rule),
      abs: rule.abs,
    };
    const insufficient = (
      attributes: readonly string[],
      group: readonly string[] | null,
      n: number | null,
      reference: readonly string[] | null,
      reason: string,
    ): Verdict => ({
      ...base,
      attributes,
      group,
      reference,
      n,
      status: 'insufficient-data',
      value: null,
      interval: null,
      uncertainty: rule.uncertainty ?? policy.uncertainty,
      reason,
    });
    // A group under the policy's minimum size gets insufficient-data, whatever the rule.
    const tooSmall = (
      attributes: readonly string[],
      g: { readonly values: readonly string[]; readonly n: number },
      reference: readonly string[] | null,
      subject: string,
      minimum: number,
    ): Verdict =>
      insufficient(
        attributes,
        g.values,
        g.n,
        reference,
        `${subject}: the group has ${g.n} rows, fewer than the minimum of ${minimum} for a verdict.`,
      );
    const judged = (
      attributes: readonly string[],
      group: readonly string[] | null,
      n: number | null,
      reference: readonly string[] | null,
      subject: string,
      est: Estimate | undefined,
    ): Verdict => {
      if (!est)
        return insufficient(
          attributes,
          group,
          n,
          reference,
          `${subject}: ${rule.metric} was not computed${needsText(rule.metric)}.`,
        );
      if (est.value === null) {
        return insufficient(
          attributes,
          group,
          n,
          reference,
          `${subject}: ${rule.metric} is ${est.reason?.startsWith('not defined') ? est.reason : `not defined (${est.reason ?? 'no value'})`}.`,
        );
      }
      const j = judgeValue({
        value: est.value,
        interval: est.interval ?? null,
        bound: base.bound,
        warn: base.warn,
        abs: rule.abs,
        uncertainty: rule.uncertainty ?? policy.uncertainty,
        confidence: policy.confidence,
        label: rule.metric,
      });
      return { ...base, attributes, group, reference, n, ...j, reason: `${subject}: ${j.reason}.` };
    };

    if (metric.kind === 'overall') {
      verdicts.push(judged([], null, null, null, 'all leads', result.overallIndices[rule.metric]));
      return;
    }
    for (const scope of scopesOf(rule, checked, result, policy)) {
      if (typeof scope === 'string') {
        verdicts.push(
          insufficient(
            scope.split('*'),
            null,
            null,
            null,
            `${scope}: not audited, so ${rule.metric} cannot be judged.`,
          ),
        );
        continue;
      }
      const a = scope;
      const setName = a.attributes.join(' × ');
      if (metric.kind === 'ranking' && metric.ranking) {
        // Ranking metrics live in the ranking section: per attribute set (ndkl) or per group.
        const rm = metric.ranking;
        if (rm.scope === 'set') {
          verdicts.push(
            judged(
              a.attributes,
              null,
              null,
              null,
              setName,
              readRankingMetric(result.ranking, a.attributes, null, rm),
            ),
          );
          continue;
        }
        const set = result.ranking?.sets.find((x) => sameValues(x.attributes, a.attributes));
        for (const g of a.groups) {
          const reference = rm.vsReference ? (set?.reference ?? null) : null;
          if (reference && sameValues(reference, g.values)) continue; // the reference vs itself
          const subject = `${setName} ${g.values.join(' & ')}${reference ? ` vs ${reference.join(' & ')}` : ''}`;
          if (g.n < policy.min_group_size) {
            verdicts.push(tooSmall(a.attributes, g, reference, subject, policy.min_group_size));
            continue;
          }
          const est = readRankingMetric(result.ranking, a.attributes, g.values, rm);
          if (est?.value === null && est.reason === SKEW_ABSENT) {
            // skew is −∞: below any minimum, within any maximum.
            const fails = rule.min !== undefined;
            verdicts.push({
              ...base,
              attributes: a.attributes,
              group: g.values,
              reference,
              n: g.n,
              status: fails ? 'fail' : 'pass',
              value: null,
              interval: null,
              uncertainty: 'point',
              reason: `${subject}: ${rule.metric} is −∞ (no lead of the group in the top ${rm.at})${fails ? `, below the minimum ${rule.min}` : ''}.`,
            });
            continue;
          }
          verdicts.push(judged(a.attributes, g.values, g.n, reference, subject, est));
        }
        continue;
      }
      if (metric.kind === 'aggregate') {
        const big = a.groups.filter((g) => g.n >= policy.min_group_size).length;
        const est = a.aggregates[rule.metric]?.[rule.aggregate ?? 'between_groups'];
        verdicts.push(
          big < 2
            ? insufficient(
                a.attributes,
                null,
                null,
                null,
                `${setName}: fewer than two groups have the minimum of ${policy.min_group_size} rows, so ${rule.metric} cannot be judged.`,
              )
            : judged(a.attributes, null, null, null, setName, est),
        );
        continue;
      }
      for (const g of a.groups) {
        const cmp = readMetric(g, metric.kind, metric.rate ?? rule.metric);
        const named = cmp && 'reference' in cmp ? (cmp.reference as readonly string[]) : [];
        const reference = named.length > 0 ? named : null;
        if (reference && sameValues(reference, g.values)) continue; // the reference vs itself
        if (!cmp && g.isReference && metric.kind !== 'group') continue;
        const subject = `${setName} ${g.values.join(' & ')}${reference ? ` vs ${reference.join(' & ')}` : ''}`;
        if (g.n < policy.min_group_size) {
          verdicts.push(tooSmall(a.attributes, g, reference, subject, policy.min_group_size));
          continue;
        }
        const ref = reference ? a.groups.find((x) => sameValues(x.values, reference)) : undefined;
        if (ref && ref.n < policy.min_group_size) {
          verdicts.push(
            insufficient(
              a.attributes,
              g.values,
              g.n,
              reference,
              `${subject}: the reference group has ${ref.n} rows, fewer than the minimum of ${policy.min_group_size} for a verdict.`,
            ),
          );
          continue;
        }
        verdicts.push(judged(a.attributes, g.values, g.n, reference, subject, cmp));
      }
      for (const s of a.suppressed) {
        if (s.reason === 'empty') continue;
        // A group withheld only so that a small one cannot be worked out by subtraction may be large:
        // its numbers are not in the result, so it is not judged, and the verdict says so (a gate
        // must never pass over it in silence).
        const why =
          s.reason === 'suppressed'
            ? `suppressed (fewer than ${policy.suppress_below} rows), so not judged.`
            : `withheld so that a suppressed group cannot be worked out by subtraction (complementary suppression), so not judged; lower --suppress-below or leave out the small group's attribute to judge it.`;
        verdicts.push(
          insufficient(a.attributes, s.values, null, null, `${setName} ${s.values.join(' & ')}: ${why}`),
        );
      }
    }
  });
  return verdicts;
}

/**
 * The settings where an audit result and a policy disagree: the decision rule, or a reference group
 * the policy names that the result did not compare with. Empty when they agree.
 * @example
 * policyMismatches(resultAtHalf, policyAt07) // => ['the decision: the policy selects score >= 0.7, the audit score >= 0.5']
 */
export function policyMismatches(result: AuditResult, policy: Policy): string[] {
  const out: string[] = [];
  const d = policy.decision;
  const r = result.decision;
  if (!r) return out; // a hand-built result without its decision
  const audited =
    r.kind === 'threshold'
      ? r.selectTop
        ? `the top ${r.selectTop}`
        : `score >= ${r.threshold}`
      : r.kind === 'prediction'
        ? `the prediction column ${r.column}`
        : r.kind;
  if (
    d?.threshold !== undefined &&
    !(r.kind === 'threshold' && !r.selectTop && r.threshold === d.threshold)
  ) {
    out.push(`the decision: the policy selects score >= ${d.threshold}, the audit ${audited}`);
  }
  if (
    d?.select_top !== undefined &&
    !(r.kind === 'threshold' && String(r.selectTop) === String(d.select_top))
  ) {
    out.push(`the decision: the policy selects the top ${d.select_top}, the audit ${audited}`);
  }
  for (const a of policy.attributes ?? []) {
    if (a.reference === undefined) continue;
    const set = result.attributes.find((x) => key(x.attributes) === key([a.column]));
    const used = set?.reference.values;
    if (used && used.join(' & ') !== String(a.reference)) {
      out.push(
        `the reference group of ${a.column}: the policy names ${a.reference}, the audit compared with ${used.join(' & ')}`,
      );
    }
  }
  return out;
}

/** The rule as text: `abs(equal_opportunity_difference) <= 0.1 (warn above 0.05)`. */
export function ruleText(rule: PolicyRule): string {
  if (rule.name) return rule.name;
  const m = rule.abs ? `abs(${rule.metric})` : rule.metric;
  const agg = rule.aggregate ? ` [${rule.aggregate}]` : '';
  const parts: string[] = [];
  if (rule.min !== undefined && rule.max !== undefined) parts.push(`${rule.min} <= ${m} <= ${rule.max}`);
  else if (rule.min !== undefined) parts.push(`${m} >= ${rule.min}`);
  else parts.push(`${m} <= ${rule.max}`);
  const w = warnBounds(rule);
  const warn = w
    ? ` (warn ${[w.min !== undefined ? `below ${w.min}` : '', w.max !== undefined ? `above ${w.max}` : ''].filter(Boolean).join(', ')})`
    : '';
  const scope = rule.attributes ? ` for ${rule.attributes.join(', ')}` : '';
  return `${parts[0]}${agg}${warn}${scope}`;
}

function bounds(min: number | undefined, max: number | undefined): Bounds {
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

function warnBounds(rule: PolicyRule): Bounds | null {
  if (rule.warn === undefined) return null;
  if (typeof rule.warn === 'number') return rule.min !== undefined ? { min: rule.warn } : { max: rule.warn };
  return bounds(rule.warn.min, rule.warn.max);
}

function readMetric(g: GroupResult, kind: string, id: string): Estimate | undefined {
  switch (kind) {
    case 'disparity':
      return g.disparities?.[id];
    case 'rate_difference':
      return g.rates?.[id]?.difference;
    case 'rate_ratio':
      return g.rates?.[id]?.ratio;
    default:
      return g.metrics[id];
  }
}

function needsText(metric: string): string {
  if (
    /tpr|fpr|fnr|tnr|ppv|npv|fdr|for|accuracy|base_rate|odds|opportunity|predictive|auc|calibration|brier|ece|entropy|theil/.test(
      metric,
    )
  ) {
    return ' (it needs a label column, and a score or decision)';
  }
  if (/@|^exposure_/.test(metric)) return ' (it needs a score column and a ranking audit: --ranking)';
  if (/score/.test(metric)) return ' (it needs a score column)';
  return ' (it needs a score or decision column)';
}

const key = (attrs: readonly string[]) => [...attrs].sort().join('*');

/** Whether the policy checks an attribute set: every single attribute, and intersections as listed. */
function isChecked(attrs: readonly string[], policy: Policy): boolean {
  if (attrs.length <= 1) return true;
  const i = policy.intersections;
  if (i === 'none') return false;
  if (i === 'pairs') return attrs.length === 2;
  if (i === 'all') return true;
  return i.some((t) => key(t.split('*').map((s) => s.trim())) === key(attrs));
}

/** The attribute results a rule applies to; names it scopes to that were not audited come back as text. */
function scopesOf(
  rule: PolicyRule,
  checked: readonly AttributeResult[],
  result: AuditResult,
  policy: Policy,
) {
  if (!rule.attributes) {
    // The policy's attributes the result does not hold are named, not passed over.
    const absent = (policy.attributes ?? [])
      .map((a) => a.column)
      .filter((c) => !result.attributes.some((a) => key(a.attributes) === key([c])));
    return [...checked, ...absent];
  }
  return rule.attributes.map((t): AttributeResult | string => {
    const k = key(t.split('*').map((s) => s.trim()));
    return result.attributes.find((a) => key(a.attributes) === k) ?? t;
  });
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
