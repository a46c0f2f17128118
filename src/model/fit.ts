/**
 * The training loop shared by the reference-model family: a logistic regression (no hidden
 * layer) or a one-hidden-layer MLP (ReLU), minimising the weighted mean log-loss plus an L2
 * penalty on the weights, and optionally a fairness penalty (see `mitigation/in`). Deterministic
 * on the `cpu` backend: seeded Glorot-uniform initialisers, full-batch Adam, no shuffling. With no
 * hidden layer and no fairness penalty it performs the same operations as `trainLogistic`.
 */
import type { Scalar, Tensor, Tensor2D, Variable } from '@tensorflow/tfjs';
import { loadTf, type TfBackend } from './tf.js';

/** A weight array and its shape, in the order a layers model stores them. */
export interface WeightArray {
  readonly shape: readonly number[];
  readonly values: readonly number[];
}

export interface FitInput {
  /** Design matrix, row-major n × dim. */
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly w: Float32Array;
  readonly n: number;
  readonly dim: number;
}

/** The fairness penalty λ · mean_k |Σ_i m_ik · z_i|, with m the centred, weighted group indicators. */
export interface FitPenalty {
  readonly lambda: number;
  /** n × k, row-major: (w_i / Σw)·(1[a_i = k] − mean), 0 for rows without a group value. */
  readonly membership: Float32Array;
  readonly k: number;
}

export interface FitOptions {
  readonly seed: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  /** Hidden units; 0 or undefined: logistic regression. */
  readonly hidden?: number | undefined;
  readonly backend?: TfBackend | undefined;
  readonly penalty?: FitPenalty | undefined;
}

export interface FitResult {
  /** logistic: [coefficients dim × 1, bias 1]; mlp: [W1 dim × h, b1 h, W2 h × 1, b2 1]. */
  readonly weights: readonly WeightArray[];
  readonly backend: string;
  /** The final value of the penalty's covariance term, mean_k |cov_k| (null without a penalty). */
  readonly covariance: number | null;
}

/** Fits the network; see the module comment. */
export async function fitNetwork(input: FitInput, options: FitOptions): Promise<FitResult> {
  const { tf, backend } = await loadTf(options.backend ?? 'cpu');
  const { x, y, w, n, dim } = input;
  const hidden = options.hidden ?? 0;
  let sumW = 0;
  for (let i = 0; i < n; i++) sumW += w[i]!;
  const total = sumW > 0 ? sumW : 1;
  let result: FitResult | undefined;
  tf.tidy(() => {
    const X = tf.tensor2d(x, [n, dim]);
    const Y = tf.tensor2d(y, [n, 1]);
    const W = tf.tensor2d(w, [n, 1]);
    const M = options.penalty ? tf.tensor2d(options.penalty.membership, [n, options.penalty.k]) : undefined;
    const glorot = (seed: number, shape: [number, number]) =>
      tf.initializers.glorotUniform({ seed }).apply(shape) as Tensor2D;
    let vars: Variable[];
    let forward: () => Tensor;
    let regulariser: () => Tensor;
    if (hidden > 0) {
      const w1 = tf.variable(glorot(options.seed, [dim, hidden]));
      const b1 = tf.variable(tf.zeros([hidden]));
      const w2 = tf.variable(glorot(options.seed + 1, [hidden, 1]));
      const b2 = tf.variable(tf.scalar(0));
      vars = [w1, b1, w2, b2];
      forward = () => tf.relu(X.matMul(w1).add(b1)).matMul(w2).add(b2);
      regulariser = () => w1.square().sum().add(w2.square().sum());
    } else {
      const coef = tf.variable(glorot(options.seed, [dim, 1]));
      const bias = tf.variable(tf.scalar(0));
      vars = [coef, bias];
      forward = () => X.matMul(coef).add(bias);
      regulariser = () => coef.square().sum();
    }
    const optimizer = tf.train.adam(options.learningRate);
    const covariance = (z: Tensor) => M!.transpose().matMul(z).abs().mean();
    for (let e = 0; e < options.epochs; e++) {
      optimizer.minimize(() => {
        const z = forward();
        const loss = tf.softplus(z).sub(Y.mul(z)).mul(W).sum().div(total);
        let out = loss.add(regulariser().mul(options.l2));
        if (options.penalty) out = out.add(covariance(z).mul(options.penalty.lambda));
        return out as Scalar;
      });
    }
    const cov = options.penalty ? covariance(forward()).dataSync()[0]! : null;
    const weights: WeightArray[] = vars.map((v) => ({
      shape: v.shape.length === 0 ? [1] : [...v.shape],
      values: Array.from(v.dataSync()),
    }));
    optimizer.dispose();
    for (const v of vars) v.dispose();
    result = { weights, backend, covariance: cov };
  });
  return result!;
}

/**
 * The network's probabilities for an encoded design matrix, in plain JavaScript (no tensors).
 */
export function predictNetwork(
  weights: readonly WeightArray[],
  x: Float32Array,
  n: number,
  dim: number,
): Float64Array {
  const p = new Float64Array(n);
  if (weights.length === 2) {
    const coef = weights[0]!.values;
    const b = weights[1]!.values[0]!;
    for (let i = 0; i < n; i++) {
      let z = b;
      for (let j = 0; j < dim; j++) z += coef[j]! * x[i * dim + j]!;
      p[i] = 1 / (1 + Math.exp(-z));
    }
    return p;
  }
  const [w1, b1, w2, b2] = weights.map((v) => v.values) as [number[], number[], number[], number[]];
  const h = b1.length;
  const a = new Float64Array(h);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < h; k++) a[k] = b1[k]!;
    for (let j = 0; j < dim; j++) {
      const v = x[i * dim + j]!;
      if (v === 0) continue;
      for (let k = 0; k < h; k++) a[k]! += v * w1[j * h + k]!;
    }
    let z = b2[0]!;
    for (let k = 0; k < h; k++) z += Math.max(0, a[k]!) * w2[k]!;
    p[i] = 1 / (1 + Math.exp(-z));
  }
  return p;
}
