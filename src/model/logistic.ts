/**
 * A small seeded logistic regression (TensorFlow.js): the reference model of before/after
 * mitigation comparisons. Numeric features are standardised (training mean and standard
 * deviation, weighted), categorical ones one-hot encoded (training vocabulary; unseen values
 * encode as all zeros), missing numbers as the training mean.
 *
 * Deterministic: the pure-JS `cpu` backend, seeded initialisers, full-batch Adam (no shuffling).
 * `backend: 'auto'` uses `@tensorflow/tfjs-node` when it is installed (faster, not bit-reproducible).
 */
import { UsageError } from '../errors.js';

/** Column arrays: numbers, texts, null for missing. */
export type FeatureColumns = Readonly<Record<string, ArrayLike<number | string | null | undefined>>>;

export interface FeatureSpec {
  readonly numeric: readonly string[];
  readonly categorical: readonly string[];
}

/** How features map to the model's inputs. JSON-serialisable. */
export interface FeatureEncoder {
  readonly numeric: readonly { readonly name: string; readonly mean: number; readonly sd: number }[];
  readonly categorical: readonly { readonly name: string; readonly values: readonly string[] }[];
  readonly dim: number;
}

export interface LogisticOptions {
  readonly seed: number;
  /** Full-batch optimisation steps (default 300). */
  readonly epochs?: number | undefined;
  /** Adam learning rate (default 0.05). */
  readonly learningRate?: number | undefined;
  /** L2 penalty on the coefficients (default 1e-4). */
  readonly l2?: number | undefined;
  /** `cpu` (default, deterministic) or `auto` (tfjs-node when installed). */
  readonly backend?: 'cpu' | 'auto' | undefined;
}

/** A trained model: its encoder, coefficients and intercept; predicts in plain JavaScript. */
export interface LogisticModel {
  readonly encoder: FeatureEncoder;
  readonly coefficients: readonly number[];
  readonly intercept: number;
  readonly backend: string;
  readonly options: Required<Omit<LogisticOptions, 'backend'>>;
  /** P(label = 1) for each row of `columns`. */
  predict(columns: FeatureColumns, n: number): Float64Array;
}

/** Fits the encoder on training columns (weighted mean and sd; vocabulary sorted). */
export function fitEncoder(
  columns: FeatureColumns,
  n: number,
  spec: FeatureSpec,
  weights?: ArrayLike<number>,
): FeatureEncoder {
  const numeric = spec.numeric.map((name) => {
    const col = column(columns, name);
    let sw = 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (typeof v !== 'number' || Number.isNaN(v)) continue;
      const w = weights ? weights[i]! : 1;
      sw += w;
      s += w * v;
    }
    const mean = sw > 0 ? s / sw : 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (typeof v !== 'number' || Number.isNaN(v)) continue;
      ss += (weights ? weights[i]! : 1) * (v - mean) ** 2;
    }
    const sd = sw > 0 ? Math.sqrt(ss / sw) : 0;
    return { name, mean, sd: sd > 0 ? sd : 1 };
  });
  const categorical = spec.categorical.map((name) => {
    const col = column(columns, name);
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (v !== null && v !== undefined) seen.add(String(v));
    }
    return { name, values: [...seen].sort() };
  });
  return { numeric, categorical, dim: numeric.length + categorical.reduce((a, c) => a + c.values.length, 0) };
}

/** The design matrix (row-major, n × dim) of `columns` under an encoder. */
export function encode(encoder: FeatureEncoder, columns: FeatureColumns, n: number): Float32Array {
  const x = new Float32Array(n * encoder.dim);
  let off = 0;
  for (const f of encoder.numeric) {
    const col = column(columns, f.name);
    for (let i = 0; i < n; i++) {
      const v = col[i];
      x[i * encoder.dim + off] = typeof v === 'number' && !Number.isNaN(v) ? (v - f.mean) / f.sd : 0;
    }
    off++;
  }
  for (const f of encoder.categorical) {
    const col = column(columns, f.name);
    const index = new Map(f.values.map((v, j) => [v, j]));
    for (let i = 0; i < n; i++) {
      const v = col[i];
      const j = v === null || v === undefined ? undefined : index.get(String(v));
      if (j !== undefined) x[i * encoder.dim + off + j] = 1;
    }
    off += f.values.length;
  }
  return x;
}

function column(columns: FeatureColumns, name: string) {
  const col = columns[name];
  if (!col)
    throw new UsageError('missing_feature', `The feature "${name}" is not in the data.`, { column: name });
  return col;
}

type Tf = typeof import('@tensorflow/tfjs');
let tfPromise: Promise<{ tf: Tf; backend: string }> | undefined;
let tfAuto: Promise<{ tf: Tf; backend: string }> | undefined;

/** Loads TensorFlow.js once; `auto` tries tfjs-node (only if installed), else the pure-JS cpu backend. */
async function loadTf(mode: 'cpu' | 'auto'): Promise<{ tf: Tf; backend: string }> {
  const init = async (tryNode: boolean) => {
    const tf = await import('@tensorflow/tfjs');
    if (tryNode) {
      try {
        const name = '@tensorflow/tfjs-node';
        await import(name);
        if (await tf.setBackend('tensorflow')) return { tf, backend: 'tensorflow' };
      } catch {
        // not installed: fall back to the pure-JS backend
      }
    }
    await tf.setBackend('cpu');
    await tf.ready();
    // The cpu backend prints a "use tfjs-node" banner on first use; this is a deliberate choice.
    const b = tf.backend() as unknown as { firstUse?: boolean };
    if ('firstUse' in b) b.firstUse = false;
    return { tf, backend: 'cpu' };
  };
  if (mode === 'auto') {
    tfAuto ??= init(true);
    return tfAuto;
  }
  tfPromise ??= init(false);
  return tfPromise;
}

/**
 * Trains a weighted logistic regression: minimises the weighted mean log-loss plus
 * `l2`·‖coefficients‖² by full-batch Adam from seeded Glorot-uniform initial coefficients.
 * @throws {UsageError} no rows, labels not 0/1, no features.
 * @example
 * const m = await trainLogistic({ x: [0, 1, 2, 3] }, 4, [0, 0, 1, 1], { numeric: ['x'], categorical: [] }, { seed: 1 });
 * m.predict({ x: [3] }, 1)[0] > 0.5 // => true
 */
export async function trainLogistic(
  columns: FeatureColumns,
  n: number,
  labels: ArrayLike<number>,
  spec: FeatureSpec,
  options: LogisticOptions,
  weights?: ArrayLike<number>,
): Promise<LogisticModel> {
  if (n === 0) throw new UsageError('no_training_rows', 'There are no rows to train the reference model on.');
  if (spec.numeric.length + spec.categorical.length === 0) {
    throw new UsageError('no_features', 'The reference model needs at least one feature.', {
      hint: 'Name them with --features.',
    });
  }
  const epochs = options.epochs ?? 300;
  const learningRate = options.learningRate ?? 0.05;
  const l2 = options.l2 ?? 1e-4;
  const encoder = fitEncoder(columns, n, spec, weights);
  const x = encode(encoder, columns, n);
  const y = new Float32Array(n);
  const w = new Float32Array(n);
  let sumW = 0;
  for (let i = 0; i < n; i++) {
    const v = labels[i]!;
    if (v !== 0 && v !== 1)
      throw new UsageError('bad_label', `Training labels must be 0 or 1; row ${i + 1} has ${v}.`);
    y[i] = v;
    w[i] = weights ? weights[i]! : 1;
    sumW += w[i]!;
  }
  const { tf, backend } = await loadTf(options.backend ?? 'cpu');
  const dim = encoder.dim;
  const result = tf.tidy(() => {
    const X = tf.tensor2d(x, [n, dim]);
    const Y = tf.tensor2d(y, [n, 1]);
    const W = tf.tensor2d(w, [n, 1]);
    const coef = tf.variable(
      tf.initializers
        .glorotUniform({ seed: options.seed })
        .apply([dim, 1]) as import('@tensorflow/tfjs').Tensor2D,
    );
    const bias = tf.variable(tf.scalar(0));
    const optimizer = tf.train.adam(learningRate);
    const total = sumW > 0 ? sumW : 1;
    for (let e = 0; e < epochs; e++) {
      optimizer.minimize(() => {
        const z = X.matMul(coef).add(bias);
        const loss = tf.softplus(z).sub(Y.mul(z)).mul(W).sum().div(total);
        return loss.add(coef.square().sum().mul(l2)) as import('@tensorflow/tfjs').Scalar;
      });
    }
    const out = { coefficients: Array.from(coef.dataSync()), intercept: bias.dataSync()[0]! };
    optimizer.dispose();
    coef.dispose();
    bias.dispose();
    return out;
  });
  const { coefficients, intercept } = result;
  return {
    encoder,
    coefficients,
    intercept,
    backend,
    options: { seed: options.seed, epochs, learningRate, l2 },
    predict(cols, rows) {
      const xs = encode(encoder, cols, rows);
      const p = new Float64Array(rows);
      for (let i = 0; i < rows; i++) {
        let z = intercept;
        for (let j = 0; j < dim; j++) z += coefficients[j]! * xs[i * dim + j]!;
        p[i] = 1 / (1 + Math.exp(-z));
      }
      return p;
    },
  };
}
