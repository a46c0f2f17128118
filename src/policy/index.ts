/**
 * policy/: fairness policy files (YAML, validated with zod; JSON Schema in schema/policy.schema.json),
 * their merge with an audit's options, and verdicts — pass, warn, fail or insufficient-data — per
 * rule and group. Renders nothing.
 */

export { type DriftPolicyOptions, driftOptionsFromPolicy } from './drift-policy.js';
export { evaluatePolicy, ruleText } from './evaluate-policy.js';
export { POLICY_SCHEMA_PATH, policyJsonSchema, policyJsonSchemaText } from './json-schema.js';
export { judgeAudit } from './judge-audit.js';
export { type JudgeInput, type Judgement, judgeValue } from './judge-value.js';
export {
  loadDriftPolicy,
  loadPolicy,
  type PolicyIssue,
  PolicyValidationError,
  parsePolicy,
  policyLine,
  validatePolicy,
} from './load-policy.js';
export { policyMessages } from './messages.js';
export {
  canonicalJson,
  type PolicyOverrides,
  policySha256,
  type ResolvedPolicy,
  resolvePolicy,
} from './resolve-policy.js';
export {
  RULE_METRIC_IDS,
  RULE_METRICS,
  type RuleMetric,
  RuleMetricKind,
  ruleMetric,
} from './rule-metrics.js';
export {
  DriftPolicyFileSchema,
  InsufficientData,
  POLICY_VERSION,
  type Policy,
  type PolicyAttribute,
  PolicyAttributeSchema,
  type PolicyInput,
  type PolicyRule,
  PolicyRuleSchema,
  PolicySchema,
  Uncertainty,
} from './schema.js';
export { DEFAULT_POLICY_FILE, starterPolicy } from './starter-policy.js';
export { resolvePolicyForStats, type StatsAuditSettings } from './stats-policy.js';
export {
  type Bounds,
  FailOn,
  gateFails,
  outcomeReason,
  type PolicyOutcome,
  type PolicyRecord,
  policyOutcome,
  type Verdict,
  VerdictStatus,
} from './verdict.js';
