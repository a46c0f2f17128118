/**
 * mitigation/pre: pre-processing methods. Each changes the training data (weights, rows or
 * features) and returns new data plus a summary; none changes a model that is already trained.
 *
 * - {@link reweigh}: weights P(g)·P(y)/P(g, y) — the model must accept sample weights.
 * - {@link resample}: duplicate or thin strata to their expected counts — for models without weights.
 * - {@link synthesize}: SMOTE-NC rows for small strata — when duplicates would overfit.
 * - {@link repair}: move numeric features toward the groups' median distribution — apply to the data
 *   the model trains on and scores.
 * - {@link flip}: counterfactual copies for testing a model in the loop — it fixes nothing by itself.
 */
export { type FlipDetails, FlipMode, type FlipOptions, flip } from './flip.js';
export { type RepairDetails, type RepairedQuantiles, type RepairOptions, repair } from './repair.js';
export { type GroupValues, midQuantiles, quantileAt, repairValues } from './repair-quantiles.js';
export {
  type ResampleDetails,
  ResampleMode,
  type ResampleOptions,
  resample,
  resampleTargets,
} from './resample.js';
export { type ReweighDetails, type ReweighOptions, reweigh, reweighFactors } from './reweigh.js';
export { type FeatureTable, type SmoteOptions, type SmoteResult, smoteNc } from './smote-nc.js';
export {
  type PrivacyReport,
  planAdditions,
  SynthesisTarget,
  type SynthesizeDetails,
  type SynthesizeOptions,
  synthesize,
} from './synthesize.js';
