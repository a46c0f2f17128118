import type { InsufficientData, Policy, Uncertainty } from './schema.js';

/** A verdict's status. `insufficient-data`: the group is too small, or the metric is undefined. */
export const VerdictStatus = {
  pass: 'pass',
  warn: 'warn',
  fail: 'fail',
  insufficientData: 'insufficient-data',
} as const;
export type VerdictStatus = (typeof VerdictStatus)[keyof typeof VerdictStatus];

/** Lower and upper bounds (either may be absent). */
export interface Bounds {
  readonly min?: number | undefined;
  readonly max?: number | undefined;
}

/** The verdict of one rule on one group (or on one attribute, for aggregates). */
export interface Verdict {
  /** Index of the rule in the policy's `rules`. */
  readonly rule: number;
  /** The rule as text, e.g. `disparate_impact >= 0.8 (warn below 0.9)`, or its name. */
  readonly ruleText: string;
  readonly metric: string;
  /** The attribute set judged (`['gender']`, `['gender', 'age_band']`; `[]` for the whole population). */
  readonly attributes: readonly string[];
  /** The group's values, or null for a per-attribute aggregate or a population index. */
  readonly group: readonly string[] | null;
  /** The reference group's values, when the metric compares with one. */
  readonly reference: readonly string[] | null;
  /** Rows in the group (null for aggregates and suppressed groups). */
  readonly n: number | null;
  readonly status: VerdictStatus;
  /** The observed value (after `abs` when the rule asks for it); null when undefined. */
  readonly value: number | null;
  /** Its confidence interval (after `abs`), when there is one. */
  readonly interval: { readonly low: number; readonly high: number } | null;
  /** The fail bounds. */
  readonly bound: Bounds;
  /** The warning levels, when the rule has them. */
  readonly warn: Bounds | null;
  readonly abs: boolean;
  /** The uncertainty mode applied; `point` when it was asked for or there was no interval. */
  readonly uncertainty: Uncertainty;
  /** One sentence: why this status. */
  readonly reason: string;
}

/** The overall result of a policy: the worst status (insufficient data counted as the policy says). */
export interface PolicyOutcome {
  readonly status: 'pass' | 'warn' | 'fail';
  readonly counts: Readonly<Record<VerdictStatus, number>>;
}

/** The policy an audit was judged by, recorded in the AuditResult. */
export interface PolicyRecord {
  readonly name?: string | undefined;
  /** SHA-256 of the effective policy's canonical JSON. */
  readonly sha256: string;
  /** The effective policy: the file's criteria with the options' overrides applied. */
  readonly effective: Policy;
  /** Which policy keys the options set to another value than the file's (e.g. `decision`). */
  readonly overridden: readonly string[];
  readonly outcome: PolicyOutcome;
}

/** When a gate fails: on a failed rule (default), on a warning or failure, or never. */
export const FailOn = { warn: 'warn', fail: 'fail', never: 'never' } as const;
export type FailOn = (typeof FailOn)[keyof typeof FailOn];

/**
 * Sums up verdicts: fail if any failed, else warn if any warned, else pass. Insufficient-data
 * verdicts count as the policy's `insufficient_data` says (ignore, warn or fail); when no rule
 * could be judged at all (no verdicts, or all insufficient), the outcome is fail.
 * @example
 * policyOutcome([{ status: 'warn' }, { status: 'pass' }], { insufficient_data: 'warn' }).status // => 'warn'
 */
export function policyOutcome(
  verdicts: readonly Pick<Verdict, 'status'>[],
  policy: { readonly insufficient_data: InsufficientData },
): PolicyOutcome {
  const counts = { pass: 0, warn: 0, fail: 0, 'insufficient-data': 0 };
  for (const v of verdicts) counts[v.status]++;
  const insufficient = counts['insufficient-data'] > 0 ? policy.insufficient_data : 'ignore';
  // A gate that judged nothing has not passed: no rule could be checked (e.g. the data has no
  // score for decision rules), so the release is not shown to meet the policy.
  const nothingJudged = counts.pass + counts.warn + counts.fail === 0;
  const status =
    counts.fail > 0 || insufficient === 'fail' || nothingJudged
      ? 'fail'
      : counts.warn > 0 || insufficient === 'warn'
        ? 'warn'
        : 'pass';
  return { status, counts };
}

/**
 * Whether a gate fails for an outcome: `fail` fails on a failed rule, `warn` also on a warning,
 * `never` never.
 * @example
 * gateFails('warn', 'fail') // => false
 */
export function gateFails(outcome: PolicyOutcome['status'], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return outcome === 'fail' || (failOn === 'warn' && outcome === 'warn');
}

/**
 * Why an outcome is what it is when no verdict of that status explains it: the policy's
 * `insufficient_data` setting, or a gate that could judge nothing. Null when the verdicts speak
 * for themselves (a fail verdict for fail, a warn verdict for warn, pass).
 * @example
 * outcomeReason('fail', { pass: 0, warn: 0, fail: 0, 'insufficient-data': 3 })
 * // => 'no rule could be judged: every verdict is insufficient data, and a gate that judged nothing has not passed'
 */
export function outcomeReason(
  status: string,
  counts: Readonly<Partial<Record<VerdictStatus, number>>> | undefined,
): string | null {
  if (!counts) return null;
  const n = (s: VerdictStatus) => counts[s] ?? 0;
  const judged = n('pass') + n('warn') + n('fail');
  if (status === 'fail' && n('fail') === 0) {
    return judged === 0
      ? n('insufficient-data') > 0
        ? 'no rule could be judged: every verdict is insufficient data, and a gate that judged nothing has not passed'
        : 'no rule could be judged, and a gate that judged nothing has not passed'
      : 'insufficient data counts as a failure under insufficient_data: fail';
  }
  if (status === 'warn' && n('warn') === 0 && n('insufficient-data') > 0) {
    return 'insufficient data counts as a warning under insufficient_data: warn';
  }
  return null;
}
