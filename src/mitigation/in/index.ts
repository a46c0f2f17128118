/**
 * mitigation/in: in-processing. A logistic model (or small MLP) trained with a penalty λ on the
 * covariance between its decision-boundary distance and group membership (after Zafar et al. 2017,
 * "Fairness Constraints: Mechanisms for Fair Classification"); the sensitive attribute is used in
 * training only. Use when you train the model yourself; `fairnessSweep` traces AUC against the
 * parity gap across λ. λ = 0 is the plain reference model.
 */
export { membershipMatrix, trainOnColumns } from '../../model/train.js';
export {
  fairnessSweep,
  SWEEP_SCHEMA,
  type SweepOptions,
  type SweepPoint,
  type SweepResult,
} from './sweep.js';
