import { type DuckDBValue, listValue } from '@duckdb/node-api';
import type { ColumnInfo, DataInput } from '../../data/index.js';
import { InputError, UsageError } from '../../errors.js';
import { quoteIdent } from '../../util/strings.js';
import { emit, passThrough } from '../emit.js';
import {
  countStrata,
  groupText,
  KEY,
  keyedRelation,
  needColumn,
  prepareInput,
  strataCase,
} from '../prepare.js';
import type { MitigationOptions, MitigationResult, StratumSummary } from '../types.js';
import { reweighFactors } from './reweigh.js';

/** Uniform: random rows of a stratum; preferential: the rows closest to the decision border first. */
export const ResampleMode = { uniform: 'uniform', preferential: 'preferential' } as const;
export type ResampleMode = (typeof ResampleMode)[keyof typeof ResampleMode];

export interface ResampleOptions extends MitigationOptions {
  /** Default `uniform`. */
  readonly mode?: ResampleMode | undefined;
  /** Preferential mode: a score ranking rows by their chance of the positive label (e.g. a model's score). */
  readonly rankBy?: string | undefined;
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
 * Input weights are carried unchanged. Output: input order, duplicates adjacent. Two passes over
 * the data in DuckDB (a narrow ranking pass, then a streaming COPY); nothing is held in JavaScript.
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
  // The profiling scan keeps the hash and the rank score of every row in a narrow temporary table,
  // so the ranking pass reads no file again.
  let rank = 'NULL::DOUBLE';
  let hashed = '';
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
    return {
      exprs: [`hash($fp_seed, ${hashed}) AS "__fp_h"`, `${rank} AS "__fp_s"`],
      params: { fp_seed: Math.trunc(options.seed) },
    };
  };
  const prep = await prepareInput(input, options, { label: true, narrow });
  try {
    const strata = resampleTargets(await countStrata(prep));
    const labeled = strata.filter((s) => s.factor !== null);
    const params: Record<string, DuckDBValue> = { fp_seed: Math.trunc(options.seed) };
    // Each row's stratum index (1-based; NULL for unlabeled rows), then per-stratum lists.
    const j = strataCase(
      labeled.map((s, i) => ({ key: s.key, label: s.label, value: i + 1 })),
      params,
      'fp_j',
    );
    // Whole numbers as HUGEINT lists (a list takes the type of its first item).
    const list = (xs: number[]) => listValue((xs.length ? xs : [0]).map((x) => BigInt(Math.trunc(x))));
    params.fp_t = list(labeled.map((s) => s.target));
    params.fp_n = list(labeled.map((s) => s.rows));
    // Preferential: ascending key = removed last / duplicated first (positives: low scores first
    // when duplicating; negatives: high scores first), per the stratum's direction.
    params.fp_dir = list(labeled.map((s) => ((s.label === 1) === s.target > s.rows ? 1 : -1)));
    // The rank within its stratum that decides each row: keep (or repeat once more) ranks ≤ m.
    const need = labeled.map((s) => (s.target <= s.rows ? s.target : s.target % s.rows));
    const key = (score: string) =>
      mode === 'uniform'
        ? '0::DOUBLE'
        : `coalesce(CAST($fp_dir["__fp_j"] AS DOUBLE) * ${score}, 'Infinity'::DOUBLE)`;
    params.fp_m = list(need);
    const fromNarrow =
      `(SELECT *, ${key('"__fp_s"')} AS "__fp_k" FROM (SELECT *, CAST(${j} AS BIGINT) AS "__fp_j" FROM (` +
      `SELECT *, ${prep.groupExprs.map((_, i) => `g${i} AS ${KEY.group(i)}`).join(', ')}, ${prep.labelOf('t')} AS ${KEY.label} FROM "fp_narrow")))`;
    let plan = await cutoffs(prep, params, fromNarrow, false);
    if (plan !== undefined) {
      plan = {
        ...plan,
        ranked: `(SELECT *, ${key(rank)} AS "__fp_k", hash($fp_seed, ${hashed}) AS "__fp_h" FROM (SELECT *, CAST(${j} AS BIGINT) AS "__fp_j" FROM ${keyedRelation(prep)}))`,
      };
    }
    if (plan === undefined) {
      const numbered = `(SELECT *, row_number() OVER () AS "__fp_rn" FROM ${keyedRelation(prep)})`;
      plan = (await cutoffs(
        prep,
        params,
        `(SELECT *, ${key(rank)} AS "__fp_k", hash($fp_seed, "__fp_rn") AS "__fp_h" FROM (SELECT *, CAST(${j} AS BIGINT) AS "__fp_j" FROM ${numbered}))`,
        true,
      ))!;
    }
    delete params.fp_m;
    Object.assign(params, plan.params);
    const copies =
      `CASE WHEN "__fp_j" IS NULL THEN 1 ELSE ` +
      `(CASE WHEN $fp_t["__fp_j"] <= $fp_n["__fp_j"] THEN 0 ELSE CAST(floor($fp_t["__fp_j"] / $fp_n["__fp_j"]) AS BIGINT) END) + ` +
      `(CASE WHEN ${plan.within} THEN 1 ELSE 0 END) END`;
    const from = `(SELECT *, unnest(range(${copies})) AS "__fp_copy" FROM ${plan.ranked})`;
    const columns = passThrough(prep, options, params);
    const written = await emit(prep, { from, columns, params }, options);
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

/**
 * The row at rank m of each stratum (ordered by key, hash[, row number]) and the condition that a
 * row is at or before it. Without row numbers, returns undefined when identical rows tie across a
 * cutoff (the caller then orders by row number too).
 */
async function cutoffs(
  prep: Awaited<ReturnType<typeof prepareInput>>,
  params: Record<string, DuckDBValue>,
  ranked: string,
  numbered: boolean,
): Promise<{ ranked: string; within: string; params: Record<string, DuckDBValue> } | undefined> {
  const order = numbered ? '"__fp_k", "__fp_h", "__fp_rn"' : '"__fp_k", "__fp_h"';
  // lead() over the same window tells whether the row after the cutoff ties with it (no second sort).
  const rows = await prep.query(
    `SELECT "__fp_j" AS j, CAST("__fp_k" AS VARCHAR) AS k, CAST("__fp_h" AS VARCHAR) AS h, ${numbered ? '"__fp_rn"' : '0'} AS rn, tied FROM (` +
      `SELECT "__fp_j", "__fp_k", "__fp_h", ${numbered ? '"__fp_rn", ' : ''}row_number() OVER w AS r, ` +
      `coalesce(lead("__fp_k") OVER w = "__fp_k" AND lead("__fp_h") OVER w = "__fp_h"${numbered ? ' AND lead("__fp_rn") OVER w = "__fp_rn"' : ''}, false) AS tied ` +
      `FROM (SELECT "__fp_j", "__fp_k", "__fp_h"${numbered ? ', "__fp_rn"' : ''} FROM ${ranked} WHERE "__fp_j" IS NOT NULL) WINDOW w AS (PARTITION BY "__fp_j" ORDER BY ${order})) WHERE r = $fp_m["__fp_j"]`,
    { ...prep.params, ...params },
  );
  const size = (params.fp_n as { items: readonly unknown[] }).items.length;
  const cut = Array.from({ length: size }, () => ({ has: 0n, k: '0', h: '0', rn: 0n }));
  for (const r of rows) {
    if (r.tied === true) return undefined; // identical rows straddle the cutoff
    cut[Number(r.j) - 1] = { has: 1n, k: String(r.k), h: String(r.h), rn: BigInt(Number(r.rn)) };
  }
  const at = (name: string, type?: string) =>
    type ? `CAST($${name} AS ${type}[])["__fp_j"]` : `$${name}["__fp_j"]`;
  const [ck, ch, crn] = [at('fp_ck', 'DOUBLE'), at('fp_ch', 'UBIGINT'), at('fp_crn')];
  const last = numbered
    ? `("__fp_h" < ${ch} OR ("__fp_h" = ${ch} AND "__fp_rn" <= ${crn}))`
    : `"__fp_h" <= ${ch}`;
  return {
    ranked,
    within: `(${at('fp_has')} = 1 AND ("__fp_k" < ${ck} OR ("__fp_k" = ${ck} AND ${last})))`,
    params: {
      fp_has: listValue(cut.map((c) => c.has)),
      fp_ck: listValue(cut.map((c) => c.k)),
      fp_ch: listValue(cut.map((c) => c.h)),
      fp_crn: listValue(cut.map((c) => c.rn)),
    },
  };
}
