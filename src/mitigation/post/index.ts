/**
 * mitigation/post: post-processing. Group-specific (possibly randomised) thresholds on a fixed
 * score that equalise selection rates, TPRs, or TPRs and FPRs (after Hardt et al. 2016), as a
 * decision rule `fairprobe audit --rule` applies. Use when the model is fixed; it needs the
 * sensitive attribute at decision time, which has legal implications in some jurisdictions.
 */
export {
  applyRule,
  type Cut,
  type DecisionRule,
  LEGAL_NOTICE,
  parseRule,
  RULE_SCHEMA,
  readRule,
  rowUniform,
  selectionProbability,
  ThresholdConstraint,
  WEYL,
} from './rule.js';
export {
  fairThresholds,
  THRESHOLDS_SCHEMA,
  type ThresholdGroupEval,
  ThresholdObjective,
  type ThresholdOptions,
  type ThresholdResult,
  type ThresholdSplitEval,
} from './thresholds.js';
