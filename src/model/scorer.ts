import type { FeatureColumns } from './logistic.js';

/**
 * Anything that turns rows into scores: a TF.js model ({@link loadModelScorer}), an external
 * command ({@link commandScorer}), or a function of your own. Scores are probabilities of the
 * favourable outcome, one per row, in row order.
 */
export interface Scorer {
  /** What scores, in words (recorded in results). */
  readonly description: string;
  /** The columns the scorer reads; `undefined`: every column of the data. */
  readonly columns: readonly string[] | undefined;
  /** The backend (`cpu`, `tensorflow`) or `external`. */
  readonly backend: string;
  /** Scores `n` rows given as column arrays. */
  score(columns: FeatureColumns, n: number): Promise<Float64Array>;
  /** Releases the model (tensors) or helper process. */
  close(): void;
}

/**
 * A scorer from a plain function (for tests and models already in memory).
 * @example
 * const s = functionScorer((c, n) => Float64Array.from({ length: n }, (_, i) => Number(c.x![i]) / 10), ['x']);
 * (await s.score({ x: [5] }, 1))[0] // => 0.5
 */
export function functionScorer(
  fn: (columns: FeatureColumns, n: number) => Float64Array | Promise<Float64Array>,
  columns?: readonly string[],
  description = 'a function',
): Scorer {
  return {
    description,
    columns,
    backend: 'js',
    score: async (c, n) => fn(c, n),
    close: () => {},
  };
}
