/**
 * model/: the model in the loop. Loading TF.js models (layers or graph) with a feature spec and
 * scoring data in bounded-memory batches, external scorers in any stack, training the reference
 * model (logistic regression or a small MLP), counterfactual flip tests and proxy detection.
 * Pure `@tensorflow/tfjs` on the deterministic `cpu` backend by default; `@tensorflow/tfjs-node`
 * with `backend: 'auto'` when installed.
 */
export { auc } from './auc.js';
export { batchCsv, type CommandScorerOptions, commandScorer, parseScores } from './command-scorer.js';
export {
  COUNTERFACTUAL_SCHEMA,
  type CounterfactualOptions,
  type CounterfactualPair,
  type CounterfactualResult,
  counterfactual,
  ProxyMethod,
  scoreColumns,
} from './counterfactual.js';
export {
  FEATURES_JSON,
  FEATURES_SCHEMA,
  type FeatureSpecFile,
  type ModelInfo,
  parseFeatureSpec,
  readFeatureSpec,
  specColumns,
  writeFeatureSpec,
} from './feature-spec.js';
export { fileSystemHandler, MODEL_JSON, readModelJson, WEIGHTS_BIN } from './file-io.js';
export { type FitOptions, type FitResult, fitNetwork, predictNetwork, type WeightArray } from './fit.js';
export { type LoadModelOptions, loadModelScorer, type ModelScorer } from './load-model.js';
export {
  encode,
  type FeatureColumns,
  type FeatureEncoder,
  type FeatureSpec,
  fitEncoder,
  type LogisticModel,
  type LogisticOptions,
  trainLogistic,
} from './logistic.js';
export {
  cramersV,
  mutualInformation,
  PROXIES_SCHEMA,
  PROXY_RISK_AUC,
  type ProxyAttribute,
  type ProxyFeature,
  type ProxyOptions,
  type ProxyResult,
  ProxyRisk,
  proxies,
  riskOf,
} from './proxies.js';
export {
  type Columns,
  featureSpecOf,
  type ReadColumns,
  type ReadColumnsOptions,
  readColumns,
} from './read-columns.js';
export { type ScoreDataOptions, type ScoreSummary, scoreData } from './score-data.js';
export { functionScorer, type Scorer } from './scorer.js';
export { type LoadedTf, loadTf, type Tf, TfBackend } from './tf.js';
export {
  membershipMatrix,
  saveModel,
  type TrainedModel,
  type TrainingData,
  type TrainOptions,
  trainModel,
  trainOnColumns,
} from './train.js';
