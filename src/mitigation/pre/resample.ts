import type { DuckDBValue } from '@duckdb/node-api';
import type { ColumnInfo, DataInput } from '../../data/index.js';
import { InputError, UsageError } from '../../errors.js';
import { quoteIdent } from '../../util/strings.js';
import { cellList } from '../cells.js';
import { emit, passThrough } from '../emit.js';
import { countStrata, groupText, NARROW_MAX_ROWS, needColumn, prepareInput } from '../prepare.js';
import type { MitigationOptions, MitigationResult, StratumSummary } from '../types.js';
import { cutoffs, type Order, type Ranked, rawBucket } from './resample-cutoffs.js';
import { reweighFactors } from './reweigh.js';

/** Uniform: random rows of a stratum; preferential: the rows closest to the decision border first. */
export const ResampleMode = { uniform: 'uniform', preferential: 'preferential' } as const;
export type ResampleMode = (typeof ResampleMode)[keyof typeof ResampleMode];

export interface ResampleOptions extends MitigationOptions {
  /** Default `uniform`. */
  readonly mode?: ResampleMode | undefined;
  /** Preferential mode: a score ranking rows by their chance of the positive label (e.g. a model's score). */
  readonly rankBy?: string | undefined;
  /**
   * Inputs of up to this many rows (known, or estimated from a CSV file's size) keep each row's
   * keys and hash in memory between the two passes (about 50 bytes a row); larger ones are read a
   * third time instead, so memory stays flat. Default {@link NARROW_MAX_ROWS} (2,000,000).
   */
  readonly narrowMaxRows?: number | undefined;
}

export interface ResampleDetails {
  readonly mode: ResampleMode;
  readonly rankBy?: string | undefined;
  /** Rows without a label: kept once each. */
  readonly unlabeled: number;
}

/**
 * The target row count of each labeled stratum: its count times the reweighing factor, rounded to
 * the nearest whole row (half up). Unweighted, that is the expected count n(g)·n(y)/n under
 * independence; with input weights, the stratum's weighted share moves to W(g)·W(y)/W.
 * @example
 * resampleTargets([
 *   { key: ['a'], label: 1, rows: 3, weight: 3 }, { key: ['a'], label: 0, rows: 1, weight: 1 },
 *   { key: ['b'], label: 1, rows: 1, weight: 1 }, { key: ['b'], label: 0, rows: 3, weight: 3 },
 * ]).map((s) => s.target) // => [2, 2, 2, 2]
 */
export function resampleTargets(strata: Parameters<typeof reweighFactors>[0]) {
  return reweighFactors(strata).map((s) => ({
    ...s,
    target: s.factor === null ? s.rows : Math.floor(s.rows * s.factor + 0.5 + 1e-9),
  }));
}

/**
 * Kamiran–Calders resampling: each (group, label) stratum is thinned or duplicated to its target
 * count ({@link resampleTargets}), in DuckDB. A stratum above its target keeps `target` rows; one below
 * keeps every row ⌊target/n⌋ times and `target mod n` rows once more. Which rows are dropped or
 * repeated: uniform — a seeded random order (a hash of the seed and the row's id, or all its values;
 * identical rows that straddle a cutoff are told apart by row number); preferential — by the
 * `rankBy` score, the rows nearest the decision border first (low-scored positives and high-scored
 * negatives are duplicated first; high-scored negatives and low-scored positives removed first).
 * Input weights are carried unchanged. Output: input order, duplicates adjacent.
 *
 * Two passes over the file (three above `narrowMaxRows` rows): the profiling scan counts each
 * stratum's rows per bucket of their order and, for inputs of up to `narrowMaxRows` rows, keeps each
 * row's raw keys and hash in a narrow temporary table; each stratum's cutoff row is then found
 * without sorting it (the bucket holding the cutoff is the only one sorted; larger inputs are read
 * again for that bucket's rows, so memory stays flat); then one streaming COPY decides each row's
 * copies from its own values and the per-stratum cutoffs. Nothing is held in JavaScript.
 *
 * When to use: before training a model that takes no sample weights. What it cannot fix:
 * duplicates add no information; thinning discards data; a trained model is unchanged.
 * @throws {UsageError} no label; preferential without `rankBy`.
 * @throws {InputError} missing or non-numeric rank column, invalid weights.
 * @example
 * const r = await resample('datasets/prospects.csv', { groups: [{ column: 'gender' }], label: 'converted', seed: 7, out: 'out/resampled.csv' });
 * r.rows.output // => 20000 (± rounding)
 */
export async function resample(
  input: DataInput,
  options: ResampleOptions,
): Promise<MitigationResult<ResampleDetails>> {
  const mode = options.mode ?? 'uniform';
  if (mode !== 'uniform' && mode !== 'preferential') {
    throw new UsageError('bad_mode', `Unknown resampling mode "${mode}".`, {
      hint: 'Use uniform or preferential.',
    });
  }
  if (mode === 'preferential' && options.rankBy === undefined) {
    throw new UsageError('no_rank', 'Preferential resampling needs a ranking score.', {
      hint: "Pass --rank-by SCORE_COLUMN (for example the current model's score), or use --mode uniform.",
    });
  }
  // Rows are ordered within a stratum by (key, seeded hash of the row's id, or of all its values).
  // The profiling scan counts them per bucket of that order and, for inputs of up to
  // `narrowMaxRows` rows, keeps each row's hash and rank score in a narrow temporary table, so
  // finding the cutoffs reads no file again (larger inputs are read once more: flat memory).
  let rank = 'NULL::DOUBLE';
  let hashed = '';
  const bucket = rawBucket(mode === 'preferential', '"__fp_s"', '"__fp_h"');
  const narrow = (columns: readonly ColumnInfo[], file: string | undefined) => {
    if (mode === 'preferential') {
      const info = needColumn(columns, options.rankBy!, 'rank', file);
      if (info.kind !== 'number') {
        throw new InputError(
          'not_numeric',
          `The rank column "${options.rankBy}" must be numeric (${info.type}).`,
          {
            file,
            column: options.rankBy,
            hint: 'Rank by a score: a number that is higher for rows more likely to have the positive label.',
          },
        );
      }
      rank = `CAST(${quoteIdent(options.rankBy!)} AS DOUBLE)`;
    }
    // With an id column the hash covers the id alone (cheaper, and unique when ids are).
    hashed =
      options.id !== undefined ? quoteIdent(options.id) : columns.map((c) => quoteIdent(c.name)).join(', ');
    const exprs = [`hash($fp_seed, ${hashed}) AS "__fp_h"`];
    if (mode === 'preferential') exprs.push(`${rank} AS "__fp_s"`);
    return {
      exprs,
      params: { fp_seed: Math.trunc(options.seed) },
      bucket,
      maxRows: options.narrowMaxRows,
    };
  };
  const prep = await prepareInput(input, options, { label: true, narrow });
  try {
    const strata = resampleTargets(await countStrata(prep));
    const params: Record<string, DuckDBValue> = { fp_seed: Math.trunc(options.seed) };
    // Per stratum: the copies every row gets, and the rank m up to which rows get one more (keep
    // ranks ≤ m of a thinned stratum; repeat once more ranks ≤ target mod n of a duplicated one).
    const plans = strata.map((s) => {
      if (s.factor === null) return { base: 1, m: 0, dir: 1 };
      const m = s.target <= s.rows ? s.target : s.target % s.rows;
      const base = s.target <= s.rows ? 0 : Math.floor(s.target / s.rows);
      // Preferential: ascending key = removed last / duplicated first (positives: low scores first
      // when duplicating; negatives: high scores first), per the stratum's direction.
      const dir = (s.label === 1) === s.target > s.rows ? 1 : -1;
      // Every row ranks ≤ n: one more copy each, no cutoff to find.
      return m === s.rows ? { base: base + 1, m: 0, dir } : { base, m, dir };
    });
    const order: Order = {
      preferential: mode === 'preferential',
      // The stratum index (1-based; 0 none) and direction of each cell.
      stratum: prep.cells.stratumOf.map((i) => i + 1),
      dir: prep.cells.stratumOf.map((i) => (i < 0 ? 1 : plans[i]!.dir)),
      m: plans.map((p) => p.m),
    };
    const narrowRows: Ranked = {
      table: prep.narrow!.rows,
      cell: prep.cells.expr('narrow'),
      score: '"__fp_s"',
      hash: '"__fp_h"',
      hist: '"fp_hist"',
      bucket: { sql: '"rb"', params: {} },
    };
    let cut = await cutoffs(prep, order, narrowRows);
    const numbered = cut === undefined;
    if (cut === undefined) {
      // Identical rows straddle a cutoff: order by a hash of the row number (and the row number),
      // reading the input again (rare: only without an id, and only when such rows straddle it).
      const numberedRows: Ranked = {
        table:
          `(SELECT ${prep.cells.expr()} AS "__fp_c", ${rank} AS "__fp_s", hash($fp_seed, "__fp_rn") AS "__fp_h", "__fp_rn" ` +
          `FROM (SELECT *, row_number() OVER () AS "__fp_rn" FROM ${prep.rel.sql}))`,
        cell: '"__fp_c"',
        score: '"__fp_s"',
        hash: '"__fp_h"',
        rn: '"__fp_rn"',
        bucket,
      };
      cut = (await cutoffs(prep, order, numberedRows))!;
    }
    // The narrow tables are done with: free them before the COPY buffers its batches.
    await prep.query(`DROP TABLE IF EXISTS "fp_narrow"; DROP TABLE IF EXISTS "fp_hist"`);
    // Per cell: copies for every row, whether a cutoff applies, and the cutoff (key, hash, row).
    const byStratum = cut.byStratum;
    const cellCut = (i: number) => (i < 0 ? undefined : byStratum[i]);
    const base = prep.cells.stratumOf.map((i) => (i < 0 ? 1 : plans[i]!.base));
    const has = prep.cells.stratumOf.map((i) => (cellCut(i) ? 1 : 0));
    const c = '"__fp_c"';
    const at = (
      values: readonly (string | number | bigint)[],
      type: 'DOUBLE' | 'BIGINT' | 'UBIGINT',
      name: string,
    ) => `${cellList(prep.cells, values, type, params, name)}[${c}]`;
    const h = numbered ? `hash($fp_seed, "__fp_rn")` : `hash($fp_seed, ${hashed})`;
    let copies: string;
    if (!numbered && !order.preferential) {
      // Uniform: one more copy when the hash is below the cell's limit (the cutoff's hash + 1; 0 for
      // none). A cutoff at the largest hash takes every row: one more copy for all, no limit.
      const top = 2n ** 64n - 1n;
      const limit = prep.cells.stratumOf.map((i, cell) => {
        const cutoff = cellCut(i);
        if (!cutoff) return 0n;
        if (BigInt(cutoff.h) < top) return BigInt(cutoff.h) + 1n;
        base[cell]! += 1;
        has[cell] = 0;
        return 0n;
      });
      copies = `${at(base, 'BIGINT', 'fp_q')} + CAST(${h} < ${at(limit, 'UBIGINT', 'fp_lim')} AS BIGINT)`;
    } else {
      const ch = at(
        prep.cells.stratumOf.map((i) => cellCut(i)?.h ?? '0'),
        'UBIGINT',
        'fp_ch',
      );
      let last = numbered
        ? `(${h} < ${ch} OR (${h} = ${ch} AND "__fp_rn" <= ${at(
            prep.cells.stratumOf.map((i) => cellCut(i)?.rn ?? 0),
            'BIGINT',
            'fp_crn',
          )}))`
        : `${h} <= ${ch}`;
      if (order.preferential) {
        const k = `coalesce(${at(order.dir, 'DOUBLE', 'fp_dir')} * ${rank}, 'Infinity'::DOUBLE)`;
        const ck = at(
          prep.cells.stratumOf.map((i) => cellCut(i)?.k ?? '0'),
          'DOUBLE',
          'fp_ck',
        );
        // A CASE, so the tie-break hash is computed only for rows whose key equals the cutoff's.
        last = `(CASE WHEN ${k} < ${ck} THEN true WHEN ${k} = ${ck} THEN ${last} ELSE false END)`;
      }
      copies = `${at(base, 'BIGINT', 'fp_q')} + CASE WHEN ${at(has, 'BIGINT', 'fp_has')} = 1 AND ${last} THEN 1 ELSE 0 END`;
    }
    const numberedRel = `(SELECT *, row_number() OVER () AS "__fp_rn" FROM ${prep.rel.sql})`;
    const withCell = `(SELECT *, ${prep.cells.expr()} AS ${c} FROM ${numbered ? numberedRel : prep.rel.sql})`;
    // No row is written twice: a filter; otherwise each row repeated in place (duplicates adjacent).
    const twice = base.some((q, cell) => q + has[cell]! > 1);
    // Constant lists for the usual counts: cheaper to unnest than a range built per row.
    const from = twice
      ? `(SELECT *, unnest(CASE "__fp_n" WHEN 1 THEN [0] WHEN 0 THEN []::BIGINT[] WHEN 2 THEN [0, 1] ELSE range("__fp_n") END) AS "__fp_copy" ` +
        `FROM (SELECT *, ${copies} AS "__fp_n" FROM ${withCell}))`
      : `(SELECT * FROM ${withCell} WHERE ${copies} >= 1)`;
    // Rows are written as they are: group and label columns whose values all pass the CSV formula
    // rule need no per-row check.
    const columns = passThrough(prep, options, params, new Map(), prep.formulaFree);
    const written = await emit(prep, { from, columns, params, streaming: true }, options);
    const rowsIn = strata.reduce((a, s) => a + s.rows, 0);
    const rowsOut = strata.reduce((a, s) => a + s.target, 0);
    const summaries: StratumSummary[] = strata.map((s) => ({
      group: groupText(s.key),
      label: s.label,
      rows: s.rows,
      weight: s.weight,
      rowsAfter: s.target,
      weightAfter: s.rows > 0 ? (s.weight * s.target) / s.rows : 0,
      factor: s.factor ?? undefined,
    }));
    const unlabeled = strata.filter((s) => s.label === null).reduce((a, s) => a + s.rows, 0);
    const notes: string[] = [];
    if (unlabeled > 0) notes.push(`${unlabeled} rows have no label; each is kept once.`);
    if (options.weight !== undefined) {
      notes.push(
        'Input weights are carried unchanged; the stratum weights after are expected values (Σ weight × target / rows).',
      );
    }
    return {
      method: 'resample',
      stage: 'pre',
      seed: options.seed,
      rows: {
        input: rowsIn,
        output: rowsOut,
        added: strata.reduce((a, s) => a + Math.max(0, s.target - s.rows), 0),
        removed: strata.reduce((a, s) => a + Math.max(0, s.rows - s.target), 0),
      },
      columns: { input: prep.columns.map((c) => c.name), output: columns.map((c) => c.name), added: [] },
      ...written,
      strata: summaries,
      details: { mode, rankBy: options.rankBy, unlabeled },
      notes,
    };
  } finally {
    prep.close();
  }
}
