/**
 * mitigation/: remedies for disparities an audit found, and the evidence of what each buys and
 * costs. `pre/` changes training data (reweighing, resampling, synthetic oversampling, repair,
 * counterfactual flips); `in/` and `post/` hold in- and post-processing methods. Every pre-processing
 * method shares {@link MitigationOptions} (groups, label, weight, id,
 * pseudonymisation, an explicit seed, input and output) and returns a {@link MitigationResult}
 * (counts and summaries, never rows unless asked for in memory). {@link evaluateMitigation} trains the
 * reference model before and after and audits both on one held-out split.
 */
export { beforeAfterChart, fairnessCostChart, type MitigationChart } from './charts.js';
export {
  type ComparisonRow,
  compareAudits,
  type EvaluateOptions,
  type Evaluation,
  evaluateMitigation,
  type MethodOptions,
  type Performance,
} from './evaluate.js';
export { METHODS } from './methods.js';
export { type MitigateOptionsByMethod, mitigate } from './mitigate.js';
export { csvSafeText, FORMULA_TRIGGERS, pseudonym } from './output.js';
export * from './pre/index.js';
export {
  type MethodInfo,
  type MitigatedColumns,
  MitigationMethod,
  type MitigationOptions,
  type MitigationResult,
  MitigationStage,
  OutputFormat,
  type RowCounts,
  type StratumSummary,
} from './types.js';
