import { mkdirSync } from 'node:fs';
import type { DataInput, GroupSpec, LabelRule, ReadOptions } from '../data/index.js';
import { UsageError } from '../errors.js';
import { FEATURES_SCHEMA, type FeatureSpecFile, type ModelInfo, writeFeatureSpec } from './feature-spec.js';
import { fileSystemHandler } from './file-io.js';
import { fitNetwork, predictNetwork, type WeightArray } from './fit.js';
import { encode, type FeatureColumns, type FeatureEncoder, fitEncoder, trainLogistic } from './logistic.js';
import { featureSpecOf, readColumns } from './read-columns.js';
import { loadTf, type TfBackend } from './tf.js';

export interface TrainOptions {
  /** The real outcome column (0/1, true/false, yes/no, or mapped with `labelRule`). */
  readonly label: string;
  readonly labelRule?: LabelRule | undefined;
  /** The feature columns (numeric ones standardised, others one-hot encoded). */
  readonly features: readonly string[];
  readonly weight?: string | undefined;
  readonly seed: number;
  /** Hidden units of a one-hidden-layer MLP; 0 or undefined: logistic regression. */
  readonly hidden?: number | undefined;
  /** Full-batch Adam steps (default 300). */
  readonly epochs?: number | undefined;
  /** Default 0.05 (logistic), 0.02 (MLP). */
  readonly learningRate?: number | undefined;
  /** L2 penalty on the weights (default 1e-4). */
  readonly l2?: number | undefined;
  /**
   * In-processing: λ of the penalty on the covariance between the decision-boundary distance and
   * membership of each group of `group` (after Zafar et al. 2017). Needs `group`.
   */
  readonly fairnessPenalty?: number | undefined;
  /** The sensitive attribute of the fairness penalty (used in training only, never as a feature). */
  readonly group?: GroupSpec | undefined;
  readonly backend?: TfBackend | undefined;
  readonly read?: ReadOptions | undefined;
}

/** A trained model: its encoder, weights (layers-model order) and a plain-JS predict. */
export interface TrainedModel {
  readonly encoder: FeatureEncoder;
  readonly weights: readonly WeightArray[];
  readonly info: ModelInfo;
  readonly label: string;
  /** mean_k |cov(z, 1[group = k])| on the training rows (with a fairness penalty), else null. */
  readonly covariance: number | null;
  predict(columns: FeatureColumns, n: number): Float64Array;
}

/** Column arrays and their row count as the trainers take them. */
export interface TrainingData {
  readonly columns: FeatureColumns;
  readonly n: number;
  readonly labels: ArrayLike<number>;
  readonly weights?: ArrayLike<number> | undefined;
}

/**
 * The centred group indicators of the fairness penalty: n × k, row-major, each row weighted by
 * w_i / Σw; rows without a group value contribute nothing. One column per value (k ≥ 2).
 */
export function membershipMatrix(
  group: ArrayLike<string | number | null | undefined>,
  n: number,
  weights?: ArrayLike<number>,
): { membership: Float32Array; k: number; values: string[] } {
  const values = [
    ...new Set(
      Array.from({ length: n }, (_, i) => group[i])
        .filter((v) => v !== null && v !== undefined)
        .map(String),
    ),
  ].sort();
  const k = values.length;
  const index = new Map(values.map((v, j) => [v, j]));
  let sw = 0;
  const share = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const v = group[i];
    if (v === null || v === undefined) continue;
    const w = weights ? weights[i]! : 1;
    sw += w;
    share[index.get(String(v))!]! += w;
  }
  for (let j = 0; j < k; j++) share[j] = sw > 0 ? share[j]! / sw : 0;
  const m = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const v = group[i];
    if (v === null || v === undefined || sw === 0) continue;
    const w = (weights ? weights[i]! : 1) / sw;
    const g = index.get(String(v))!;
    for (let j = 0; j < k; j++) m[i * k + j] = w * ((j === g ? 1 : 0) - share[j]!);
  }
  return { membership: m, k, values };
}

/**
 * Trains a model on column arrays already in memory: the reference logistic regression
 * (`trainLogistic`), or with `hidden` an MLP, or with `fairnessPenalty` the penalised model.
 */
export async function trainOnColumns(
  data: TrainingData,
  spec: { numeric: readonly string[]; categorical: readonly string[] },
  options: Omit<TrainOptions, 'features' | 'read' | 'labelRule' | 'weight'> & {
    readonly groupValues?: ArrayLike<string | number | null | undefined> | undefined;
  },
): Promise<TrainedModel> {
  const hidden = options.hidden ?? 0;
  if (!Number.isSafeInteger(hidden) || hidden < 0) {
    throw new UsageError('bad_hidden', `--hidden must be a whole number of units, not ${options.hidden}.`);
  }
  const lambda = options.fairnessPenalty;
  if (lambda !== undefined && !(lambda >= 0 && Number.isFinite(lambda))) {
    throw new UsageError('bad_penalty', `The fairness penalty must be a number ≥ 0, not ${lambda}.`);
  }
  if (lambda !== undefined && !options.groupValues) {
    throw new UsageError('penalty_needs_group', 'The fairness penalty needs the sensitive attribute.', {
      hint: 'Name it with --group, e.g. --fairness-penalty 1 --group gender.',
    });
  }
  const epochs = options.epochs ?? 300;
  const l2 = options.l2 ?? 1e-4;
  const { columns, n, labels, weights } = data;
  if (hidden === 0 && lambda === undefined) {
    const m = await trainLogistic(
      columns,
      n,
      labels,
      spec,
      {
        seed: options.seed,
        epochs,
        learningRate: options.learningRate,
        l2,
        backend: options.backend,
      },
      weights,
    );
    return {
      encoder: m.encoder,
      weights: [
        { shape: [m.encoder.dim, 1], values: m.coefficients },
        { shape: [1], values: [m.intercept] },
      ],
      info: {
        kind: 'logistic',
        seed: options.seed,
        epochs,
        learningRate: m.options.learningRate,
        l2,
        backend: m.backend,
        rows: n,
      },
      label: options.label,
      covariance: null,
      predict: (c, k) => m.predict(c, k),
    };
  }
  if (n === 0) throw new UsageError('no_training_rows', 'There are no rows to train the model on.');
  const learningRate = options.learningRate ?? (hidden > 0 ? 0.02 : 0.05);
  const encoder = fitEncoder(columns, n, spec, weights);
  const x = encode(encoder, columns, n);
  const y = Float32Array.from({ length: n }, (_, i) => labels[i]!);
  const w = Float32Array.from({ length: n }, (_, i) => (weights ? weights[i]! : 1));
  const penalty =
    lambda === undefined ? undefined : { lambda, ...membershipMatrix(options.groupValues!, n, weights) };
  const fit = await fitNetwork(
    { x, y, w, n, dim: encoder.dim },
    { seed: options.seed, epochs, learningRate, l2, hidden, backend: options.backend, penalty },
  );
  return {
    encoder,
    weights: fit.weights,
    info: {
      kind: hidden > 0 ? 'mlp' : 'logistic',
      hidden: hidden > 0 ? hidden : undefined,
      seed: options.seed,
      epochs,
      learningRate,
      l2,
      backend: fit.backend,
      rows: n,
      fairness:
        lambda === undefined ? undefined : { penalty: lambda, attribute: options.group?.column ?? '' },
    },
    label: options.label,
    covariance: fit.covariance,
    predict: (c, k) => predictNetwork(fit.weights, encode(encoder, c, k), k, encoder.dim),
  };
}

/**
 * Trains the reference logistic regression (or a small MLP, or the fairness-penalised model) on a
 * data set: reads the label, features, weight and group into memory, fits, and returns the model
 * ready for {@link saveModel}. Seeded and reproducible on the `cpu` backend.
 * @throws {UsageError} no features, a feature that is also the label, a bad option.
 * @example
 * const m = await trainModel('datasets/prospects.csv', { label: 'converted', features: ['email_opens', 'web_visits', 'industry'], seed: 1 });
 * await saveModel(m, 'models/lead');
 */
export async function trainModel(input: DataInput, options: TrainOptions): Promise<TrainedModel> {
  if (options.features.length === 0) {
    throw new UsageError('no_features', 'Name the features the model may use with --features.', {
      hint: 'For example --features email_opens,web_visits,industry (run `fairprobe inspect DATA` to see the columns).',
    });
  }
  if (options.features.includes(options.label)) {
    throw new UsageError('feature_is_label', `"${options.label}" is the label; it cannot be a feature too.`, {
      column: options.label,
    });
  }
  if (options.group?.edges) {
    throw new UsageError('binned_group', 'The fairness penalty needs a categorical attribute.', {
      column: options.group.column,
    });
  }
  const extra = [
    ...(options.weight ? [options.weight] : []),
    ...(options.group ? [options.group.column] : []),
  ];
  const data = await readColumns(input, {
    columns: [...new Set([...options.features, ...extra])],
    label: options.label,
    labelRule: options.labelRule,
    read: options.read,
  });
  const spec = featureSpecOf(options.features, data.kinds);
  const weights = options.weight ? data.columns[options.weight]!.map((v) => Number(v ?? 0)) : undefined;
  return trainOnColumns({ columns: data.columns, n: data.n, labels: data.labels!, weights }, spec, {
    ...options,
    groupValues: options.group ? data.columns[options.group.column] : undefined,
  });
}

/**
 * Saves a trained model as a TF.js layers model (`model.json` + `weights.bin`, loadable with
 * `tf.loadLayersModel` and tensorflowjs tooling) and its `features.json`.
 */
export async function saveModel(model: TrainedModel, dir: string): Promise<FeatureSpecFile> {
  const { tf } = await loadTf('cpu');
  mkdirSync(dir, { recursive: true });
  const dim = model.encoder.dim;
  const net = tf.sequential();
  if (model.weights.length === 4) {
    const h = model.weights[1]!.shape[0]!;
    net.add(tf.layers.dense({ units: h, inputShape: [dim], activation: 'relu', name: 'hidden' }));
    net.add(tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'output' }));
  } else {
    net.add(tf.layers.dense({ units: 1, inputShape: [dim], activation: 'sigmoid', name: 'output' }));
  }
  const tensors = model.weights.map((wa) => tf.tensor(wa.values as number[], wa.shape as number[]));
  net.setWeights(tensors);
  await net.save(fileSystemHandler(dir));
  for (const t of tensors) t.dispose();
  net.dispose();
  const spec: FeatureSpecFile = {
    schema: FEATURES_SCHEMA,
    encoder: model.encoder,
    label: model.label,
    model: model.info,
  };
  writeFeatureSpec(dir, spec);
  return spec;
}
