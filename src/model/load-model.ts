import type { GraphModel, LayersModel, Tensor } from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import { type FeatureSpecFile, readFeatureSpec, specColumns } from './feature-spec.js';
import { fileSystemHandler, readModelJson } from './file-io.js';
import { encode } from './logistic.js';
import type { Scorer } from './scorer.js';
import { loadTf, type TfBackend } from './tf.js';

export interface LoadModelOptions {
  /** `cpu` (default, deterministic) or `auto` (tfjs-node when installed). */
  readonly backend?: TfBackend | undefined;
}

/** A TF.js model and its feature spec, as a {@link Scorer} (plus what was loaded). */
export interface ModelScorer extends Scorer {
  readonly format: 'layers-model' | 'graph-model';
  readonly spec: FeatureSpecFile;
  /** Scores an already encoded design matrix (row-major, n × dim). */
  predictEncoded(x: Float32Array, n: number): Float64Array;
}

/**
 * Loads a TF.js model folder (`model.json` + weights + `features.json`): a layers model
 * (`tf.loadLayersModel`) or a graph model (`tf.loadGraphModel`, as written by
 * tensorflowjs_converter), by the `format` field of model.json. The model takes the encoded
 * features (n × dim) and returns n × 1 probabilities (n × 2 softmax outputs: the second column).
 * @throws {InputError} missing files, a model whose input width is not the spec's `dim`.
 * @example
 * const scorer = await loadModelScorer('models/lead');
 * const p = await scorer.score({ email_opens: [3], industry: ['retail'] }, 1);
 */
export async function loadModelScorer(dir: string, options: LoadModelOptions = {}): Promise<ModelScorer> {
  const spec = readFeatureSpec(dir);
  const json = readModelJson(dir);
  const { tf, backend } = await loadTf(options.backend ?? 'cpu');
  const graph = json.format === 'graph-model';
  let model: LayersModel | GraphModel;
  try {
    model = graph
      ? await tf.loadGraphModel(fileSystemHandler(dir))
      : await tf.loadLayersModel(fileSystemHandler(dir));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(
      'bad_model',
      `Cannot load the TF.js model in "${dir}": ${e instanceof Error ? e.message : e}`,
      {
        file: dir,
        hint: 'Save Keras models with tensorflowjs_converter (layers or graph format), or train one with `fairprobe train`.',
      },
    );
  }
  const dim = spec.encoder.dim;
  const inputShape = graph
    ? (model as GraphModel).inputs[0]?.shape
    : ((model as LayersModel).inputs[0]?.shape as number[] | undefined);
  const width = inputShape?.[inputShape.length - 1];
  if (typeof width === 'number' && width > 0 && width !== dim) {
    throw new InputError(
      'model_spec_mismatch',
      `The model takes ${width} inputs, but features.json encodes ${dim}.`,
      {
        file: dir,
        hint: 'Save features.json from the same training run as the model.',
      },
    );
  }
  const predictEncoded = (x: Float32Array, n: number): Float64Array => {
    const out = tf.tidy(() => {
      const input = tf.tensor2d(x, [n, dim]);
      const y = (
        graph ? (model as GraphModel).predict(input) : (model as LayersModel).predict(input)
      ) as Tensor;
      const cols = y.shape.length > 1 ? (y.shape[y.shape.length - 1] ?? 1) : 1;
      const flat = y.reshape([n, cols]);
      return cols >= 2 ? flat.slice([0, 1], [n, 1]) : flat;
    });
    const data = out.dataSync();
    out.dispose();
    return Float64Array.from(data);
  };
  return {
    description: `TF.js ${graph ? 'graph' : 'layers'} model ${dir}`,
    columns: specColumns(spec.encoder),
    backend,
    format: graph ? 'graph-model' : 'layers-model',
    spec,
    predictEncoded,
    async score(columns, n) {
      if (n === 0) return new Float64Array(0);
      return predictEncoded(encode(spec.encoder, columns, n), n);
    },
    close: () => model.dispose(),
  };
}
