import type { AuditResult } from '../audit/result.js';
import { evaluatePolicy } from './evaluate-policy.js';
import { policySha256, type ResolvedPolicy } from './resolve-policy.js';
import { type PolicyRecord, policyOutcome, type Verdict } from './verdict.js';

/**
 * Adds the verdicts of a resolved policy to an audit result, with the effective policy, its
 * SHA-256, what the options overrode, and the outcome.
 */
export function judgeAudit(
  result: AuditResult,
  resolved: Pick<ResolvedPolicy, 'policy' | 'overridden'>,
): AuditResult & { policy: PolicyRecord; verdicts: Verdict[] } {
  const verdicts = evaluatePolicy(result, resolved.policy);
  return {
    ...result,
    policy: {
      ...(resolved.policy.name !== undefined ? { name: resolved.policy.name } : {}),
      sha256: policySha256(resolved.policy),
      effective: resolved.policy,
      overridden: resolved.overridden,
      outcome: policyOutcome(verdicts, resolved.policy),
    },
    verdicts,
  };
}
