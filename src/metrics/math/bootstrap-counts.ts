import type { Rng } from './create-rng.js';

export interface BootstrapCountsOptions {
  /** Number of resamples, a positive integer. */
  readonly replicates: number;
  /** The generator; pass `createRng(seed)` for reproducible draws. */
  readonly rng: Rng;
  /**
   * Resample size m (a non-negative integer). Default: the cell total, which must then be an integer.
   * For weighted cells pass the effective sample size (Kish: (Σw)²/Σw²): each replicate is drawn as
   * Multinomial(m, cells/total) and scaled by total/m, so every replicate sums to the original total
   * while its spread matches m observations.
   */
  readonly size?: number;
}

/** Replicates of a cell-count vector, stored row-major in one buffer. */
export interface BootstrapCounts {
  readonly replicates: number;
  readonly cells: number;
  /** `replicates × cells` counts; replicate r is `data.subarray(r * cells, (r + 1) * cells)`. */
  readonly data: Float64Array;
  /** Views of `data`, one per replicate (no copies; made on first access). */
  readonly rows: readonly Float64Array[];
}

/**
 * A count-level (multinomial) bootstrap: resampling n rows with replacement from data summarised by
 * cell counts cⱼ (e.g. the tp/fp/tn/fn of every group) is the same as drawing the counts from
 * Multinomial(n, cⱼ/n). Drawing them directly costs O(replicates × cells) whatever n is. Compute any
 * rate on each replicate, then summarise with {@link percentileInterval}.
 *
 * @see https://en.wikipedia.org/wiki/Bootstrapping_(statistics)#Case_resampling
 * @param cells - Non-negative cell counts with a positive total.
 * @param options - `replicates`, `rng`, optional `size`.
 * @returns The replicates as one Float64Array with per-replicate views.
 * @throws {RangeError} When a cell is negative or not finite, the total is 0, `replicates` is not a
 *   positive integer, or the size (given, or the default total) is not a non-negative integer.
 * @example
 * const boot = bootstrapCounts([30, 70], { replicates: 2, rng: createRng(1) });
 * boot.rows.map((r) => r[0]! + r[1]!);
 * // => [100, 100]
 */
export function bootstrapCounts(cells: ArrayLike<number>, options: BootstrapCountsOptions): BootstrapCounts {
  const { replicates, rng } = options;
  if (!Number.isSafeInteger(replicates) || replicates < 1) {
    throw new RangeError(`bootstrapCounts requires replicates to be a positive integer, got ${replicates}`);
  }
  const k = cells.length;
  let total = 0;
  for (let i = 0; i < k; i++) {
    const v = cells[i]!;
    if (!(v >= 0 && Number.isFinite(v))) {
      throw new RangeError(`bootstrapCounts requires finite non-negative cells, got ${v} at ${i}`);
    }
    total += v;
  }
  if (!(total > 0)) throw new RangeError('bootstrapCounts requires cells with a positive total');
  const size = options.size ?? total;
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(
      `bootstrapCounts requires an integer resample size, got ${size}; for weighted cells pass options.size (the effective sample size)`,
    );
  }
  const scale = size === 0 ? 0 : total / size;
  const data = new Float64Array(replicates * k);
  for (let r = 0; r < replicates; r++) {
    const row = data.subarray(r * k, (r + 1) * k);
    rng.multinomial(size, cells, row);
    if (scale !== 1) for (let j = 0; j < k; j++) row[j]! *= scale;
  }
  // The per-replicate views are made on first use: callers that index `data` need none of them.
  let rows: Float64Array[] | undefined;
  return {
    replicates,
    cells: k,
    data,
    get rows() {
      rows ??= Array.from({ length: replicates }, (_, r) => data.subarray(r * k, (r + 1) * k));
      return rows;
    },
  };
}
