/**
 * The feature spec saved beside a model (`features.json`): which columns the model reads and how
 * they become its input vector. Numeric columns are standardised (`(x − mean) / sd`, a missing
 * value as 0, i.e. the mean), then each categorical column is one-hot encoded over its
 * vocabulary (an unseen or missing value encodes as all zeros). The input vector is the numeric
 * features in order, then the one-hot blocks in order: exactly the reference model's encoder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { FeatureEncoder } from './logistic.js';

export const FEATURES_SCHEMA = 'fairprobe.features/1';
/** The feature spec file name inside a model folder. */
export const FEATURES_JSON = 'features.json';

/** How a model was trained (recorded, not needed to score). */
export interface ModelInfo {
  readonly kind: 'logistic' | 'mlp' | 'external';
  readonly hidden?: number | undefined;
  readonly seed?: number | undefined;
  readonly epochs?: number | undefined;
  readonly learningRate?: number | undefined;
  readonly l2?: number | undefined;
  readonly backend?: string | undefined;
  /** The fairness penalty λ and the attribute it was computed for (in-processing). */
  readonly fairness?: { readonly penalty: number; readonly attribute: string } | undefined;
  /** Rows trained on. */
  readonly rows?: number | undefined;
}

/** The content of `features.json`. */
export interface FeatureSpecFile {
  readonly schema: typeof FEATURES_SCHEMA;
  readonly encoder: FeatureEncoder;
  /** The outcome the model predicts (documentation). */
  readonly label?: string | undefined;
  readonly model?: ModelInfo | undefined;
}

const SpecSchema = z
  .object({
    schema: z.literal(FEATURES_SCHEMA),
    encoder: z
      .object({
        numeric: z.array(
          z
            .object({
              name: z.string().min(1),
              mean: z.number().default(0),
              sd: z.number().positive().default(1),
            })
            .strict(),
        ),
        categorical: z.array(z.object({ name: z.string().min(1), values: z.array(z.string()) }).strict()),
        dim: z.number().int().nonnegative().optional(),
      })
      .strict(),
    label: z.string().optional(),
    model: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/**
 * Parses a feature spec (JSON text or object); `dim` is computed when absent and checked when given.
 * @throws {InputError} not a `fairprobe.features/1` object, or a `dim` that does not match.
 * @example
 * parseFeatureSpec({ schema: 'fairprobe.features/1', encoder: { numeric: [{ name: 'x' }], categorical: [] } }).encoder.dim // => 1
 */
export function parseFeatureSpec(input: unknown, file?: string): FeatureSpecFile {
  const r = SpecSchema.safeParse(typeof input === 'string' ? safeJson(input, file) : input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new InputError(
      'bad_feature_spec',
      `The feature spec is not valid at "${issue.path.join('.')}": ${issue.message}.`,
      {
        file,
        hint: `A feature spec is {"schema": "${FEATURES_SCHEMA}", "encoder": {"numeric": [{"name", "mean", "sd"}], "categorical": [{"name", "values"}]}}.`,
      },
    );
  }
  const e = r.data.encoder;
  const dim = e.numeric.length + e.categorical.reduce((a, c) => a + c.values.length, 0);
  if (e.dim !== undefined && e.dim !== dim) {
    throw new InputError(
      'bad_feature_spec',
      `The feature spec says dim ${e.dim}, but its features encode to ${dim} inputs.`,
      {
        file,
      },
    );
  }
  return {
    schema: FEATURES_SCHEMA,
    encoder: { numeric: e.numeric, categorical: e.categorical, dim },
    label: r.data.label,
    model: r.data.model as ModelInfo | undefined,
  };
}

function safeJson(text: string, file: string | undefined): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError('bad_feature_spec', 'The feature spec is not valid JSON.', { file });
  }
}

/** Reads `DIR/features.json`. @throws {InputError} missing or invalid. */
export function readFeatureSpec(dir: string): FeatureSpecFile {
  const path = join(dir, FEATURES_JSON);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError('feature_spec_not_found', `Cannot find the feature spec "${path}".`, {
      file: path,
      hint: 'A model folder holds model.json, its weights and features.json (the columns and their encoding).',
    });
  }
  return parseFeatureSpec(text, path);
}

/** Writes `DIR/features.json` atomically. */
export function writeFeatureSpec(dir: string, spec: FeatureSpecFile): void {
  writeFileAtomic(join(dir, FEATURES_JSON), `${JSON.stringify(spec, null, 2)}\n`);
}

/** The columns a feature spec reads, numeric first. */
export function specColumns(encoder: FeatureEncoder): string[] {
  return [...encoder.numeric.map((f) => f.name), ...encoder.categorical.map((f) => f.name)];
}
