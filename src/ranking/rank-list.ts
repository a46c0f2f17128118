import { cellBlocks } from './blocks.js';
import { computeRanking, type RankingWarning } from './compute-ranking.js';
import type { RankingOptions, RankingResult } from './types.js';

/** One lead of an in-memory list. */
export interface RankItem {
  readonly score: number;
  /** The lead's group (its value of the sensitive attribute). */
  readonly group: string;
  /** The real outcome: 1 converted, 0 not, null or absent unknown. */
  readonly label?: 0 | 1 | null | undefined;
  /** Default 1. */
  readonly weight?: number | undefined;
}

export interface RankListOptions extends RankingOptions {
  /** The attribute's name in the result (default `group`). */
  readonly attribute?: string | undefined;
  /** The reference group for disparate impact (default: the largest). */
  readonly reference?: string | undefined;
  readonly confidence?: number | undefined;
  /** Groups with fewer leads are left out of the output (default 0: show every group). */
  readonly suppressBelow?: number | undefined;
  /** Seed of the bootstrap (`replicates`, default 0: no bootstrap) (default 42). */
  readonly seed?: number | undefined;
}

/**
 * The ranking metrics of an in-memory list of scored leads, exactly (only equal scores tie): the
 * same computation as `audit(..., { ranking: { mode: 'exact' } })`, for one attribute.
 * @throws {RangeError} for a score or weight that is not a finite number (weights ≥ 0).
 * @example
 * const r = rankList([{ score: 0.9, group: 'a' }, { score: 0.8, group: 'b' }], { at: [1] });
 * r.ranking.sets[0].groups[0].at[0].skew.value // => Math.log(2)
 */
export function rankList(
  items: readonly RankItem[],
  options: RankListOptions = {},
): { ranking: RankingResult; warnings: RankingWarning[] } {
  items.forEach((it, i) => {
    if (!Number.isFinite(it.score)) throw new RangeError(`rankList: item ${i} has the score ${it.score}`);
    const w = it.weight ?? 1;
    if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`rankList: item ${i} has the weight ${w}`);
  });
  const values = [...new Set(items.map((it) => it.group))].sort();
  const index = new Map(values.map((v, i) => [v, i]));
  const sorted = [...items].sort((a, b) => b.score - a.score);
  let bin = -1;
  let prev = Number.NaN;
  const cells = sorted.map((it) => {
    if (it.score !== prev) {
      bin++;
      prev = it.score;
    }
    const w = it.weight ?? 1;
    return { y: it.label ?? null, w, s: w * it.score, bin, g: index.get(it.group)! };
  });
  const rows = values.map((_, g) => cells.filter((c) => c.g === g).length);
  return computeRanking(
    [
      {
        attributes: [options.attribute ?? 'group'],
        groups: values.map((v, g) => ({ values: [v], rows: rows[g]! })),
        blocks: cellBlocks(cells, values.length, (c) => c.g),
        reference: options.reference !== undefined ? [options.reference] : null,
      },
    ],
    {
      mode: 'exact',
      confidence: options.confidence,
      suppressBelow: options.suppressBelow ?? 0,
      seed: options.seed,
    },
    options,
  );
}
