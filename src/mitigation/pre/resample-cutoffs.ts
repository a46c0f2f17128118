/**
 * Resampling's cutoffs: for each stratum, the row at the rank where its rows stop being kept (or
 * repeated once more), in the order of (score key, seeded hash[, row number]) — found from a histogram
 * of a coarse order key and a sort of only the bucket that holds it, never of the whole stratum.
 */
import { type DuckDBValue, listValue } from '@duckdb/node-api';
import { cellList } from '../cells.js';
import type { PreparedInput } from '../prepare.js';

/** How rows are ordered within their stratum, and the rank m of each stratum's cutoff (0: none). */
export interface Order {
  readonly preferential: boolean;
  /** Per cell: its stratum's index + 1 (0: no stratum). */
  readonly stratum: readonly number[];
  /** Per cell: +1 or −1, the direction of the score in the order key (preferential). */
  readonly dir: readonly number[];
  /** Per stratum: the rank of its cutoff row (0: no cutoff). */
  readonly m: readonly number[];
}

/** Numbers (or numbers as text) as a text list, cast in SQL: a list takes the type of its first item. */
const texts = (xs: readonly (string | number)[]) => listValue(xs.map(String));

/** A stratum's cutoff row: its order key (as text, exact), hash and row number. */
export interface Cutoff {
  readonly k: string;
  readonly h: string;
  readonly rn: number;
}

/** Uniform: histogram buckets per cell, the hash's top 8 bits (the cutoff's bucket about rows / 256). */
const HASH_BUCKETS = 256;

/**
 * Preferential: score buckets that need no score range (no pass to find it). A score in [0, 1] (the
 * usual case) falls in one of 1,024 equal steps; any other finite score x > 1 in octave
 * e = ⌊log₂ x⌋ (clamped to [−1075, 1023]) and, within it, one of 128 equal steps of x / 2^e − 1
 * (clamped to [0, 127]); negative scores mirror those below zero's bucket Z. Every part only grows
 * with the score, so a bucket never contradicts the score's order, whatever the rounding of log₂
 * near a power of two.
 */
const UNIT_STEPS = 1024;
const OCTAVE_STEPS = 128;
/** The bucket of score 0; octave positions are below it (see {@link octavePosition}). */
const ZERO = 2100 * OCTAVE_STEPS;
/** Preferential: the number of finite score buckets, 0 … B − 1. */
const SCORE_BUCKETS = 2 * ZERO + UNIT_STEPS + 1;

/** A row's histogram bucket: SQL over a table of ranked rows, and its parameters. */
export interface Bucket {
  readonly sql: string;
  readonly params: Record<string, DuckDBValue>;
}

/** The octave-and-step position of a positive finite x (see {@link UNIT_STEPS}): 128 … Z − 1. */
function octavePosition(x: string): string {
  const e = `least(greatest(floor(log2(${x})), -1075), 1023)`;
  const step = `least(greatest(floor((${x} / pow(2.0, ${e}) - 1) * ${OCTAVE_STEPS}), 0), ${OCTAVE_STEPS - 1})`;
  return `CAST((${e} + 1076) * ${OCTAVE_STEPS} + ${step} AS BIGINT)`;
}

/**
 * The raw histogram bucket of each row, a coarse version of its order key that never contradicts
 * it. Uniform: the hash's top bits (0 … 255). Preferential, before the stratum's direction is
 * applied (see `ordered` in {@link cutoffs}): the score's bucket (0 … B − 1, B the number of finite
 * buckets; see {@link UNIT_STEPS}), −∞ −1, +∞ B, missing B + 1, NaN B + 2.
 */
export function rawBucket(preferential: boolean, score: string, hash: string): Bucket {
  if (!preferential) {
    return { sql: `CAST(${hash} >> ${64 - Math.log2(HASH_BUCKETS)} AS BIGINT)`, params: {} };
  }
  const B = SCORE_BUCKETS;
  return {
    sql:
      `CASE WHEN ${score} IS NULL THEN ${B + 1} WHEN isnan(${score}) THEN ${B + 2} ` +
      `WHEN ${score} = '-Infinity'::DOUBLE THEN -1 WHEN ${score} = 'Infinity'::DOUBLE THEN ${B} ` +
      `WHEN ${score} >= 0 AND ${score} <= 1 THEN ${ZERO} + CAST(floor(${score} * ${UNIT_STEPS}) AS BIGINT) ` +
      `WHEN ${score} > 1 THEN ${ZERO + UNIT_STEPS + 1} + ${octavePosition(score)} ` +
      `ELSE ${ZERO - 1} - ${octavePosition(`(-${score})`)} END`,
    params: {},
  };
}

/** The rows to rank: a table (in input order) and the SQL of each row's cell, score, hash and row number. */
export interface Ranked {
  readonly table: string;
  readonly cell: string;
  readonly score: string;
  readonly hash: string;
  /** Only when identical rows must be told apart by row number. */
  readonly rn?: string | undefined;
  readonly bucket: Bucket;
  /** The rows already counted per (raw keys, bucket `rb`) as `n`, with `cell` over its keys. */
  readonly hist?: string | undefined;
}

/**
 * Each stratum's cutoff: the row at rank m in the order (k, h[, rn]) of its rows, k the order key
 * (0 uniform; preferential the score times the stratum's direction, a missing score last), h the
 * seeded hash — found without sorting the stratum. The rows are counted per (cell, bucket), the
 * bucket a coarse version of the order key that never contradicts it ({@link rawBucket}, read
 * backwards for a stratum whose key runs against the score); running sums over the buckets in
 * order find the bucket holding rank m and the rows before it, and only that bucket's rows are
 * sorted. Without row numbers, returns undefined when identical rows tie across a cutoff (the
 * caller then numbers the rows).
 */
export async function cutoffs(
  prep: PreparedInput,
  order: Order,
  rows: Ranked,
): Promise<{ byStratum: (Cutoff | undefined)[] } | undefined> {
  const byStratum: (Cutoff | undefined)[] = order.m.map(() => undefined);
  if (!order.m.some((m) => m > 0)) return { byStratum };
  const params: Record<string, DuckDBValue> = { ...prep.params, ...prep.cells.params, ...rows.bucket.params };
  const B = order.preferential ? SCORE_BUCKETS : HASH_BUCKETS;
  const raw = rows.bucket.sql;
  // The bucket in the stratum's order of k = dir × score (coalesced to +∞): reversed for dir −1.
  const ordered = (rb: string, dir: string) =>
    order.preferential
      ? `CASE WHEN ${rb} = ${B + 1} THEN ${B} WHEN ${rb} = ${B + 2} THEN ${B + 1} WHEN ${dir} > 0 THEN ${rb} ` +
        `WHEN ${rb} = -1 THEN ${B} WHEN ${rb} = ${B} THEN -1 ELSE ${B - 1} - ${rb} END`
      : rb;
  const j = (c: string) => `${cellList(prep.cells, order.stratum, 'BIGINT', params, 'fp_j')}[${c}]`;
  const dir = (c: string) => `${cellList(prep.cells, order.dir, 'DOUBLE', params, 'fp_dir')}[${c}]`;
  params.fp_m = texts([...order.m, 0]);
  const m = (x: string) => `CAST($fp_m AS BIGINT[])[${x}]`;
  // Per (cell, raw bucket) counts, then per (stratum, ordered bucket) running sums: the bucket where
  // the sum reaches m holds the cutoff. Returns each cell's raw bucket to sort, and the rows before.
  const found = await prep.query(
    `WITH "hist" AS MATERIALIZED (${
      rows.hist
        ? `SELECT ${rows.cell} AS "c", "rb", sum("n") AS "n" FROM ${rows.hist} GROUP BY ALL`
        : `SELECT "c", "rb", count(*) AS "n" FROM (SELECT ${rows.cell} AS "c", ${raw} AS "rb" FROM ${rows.table}) GROUP BY ALL`
    }), ` +
      `"keyed" AS MATERIALIZED (SELECT "c", "rb", ${j('"c"')} AS "j", ${ordered('"rb"', dir('"c"'))} AS "kb", "n" FROM "hist"), ` +
      `"runs" AS (SELECT "j", "kb", "n", sum("n") OVER (PARTITION BY "j" ORDER BY "kb" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "upto" ` +
      `FROM (SELECT "j", "kb", sum("n") AS "n" FROM "keyed" WHERE "j" > 0 AND ${m('"j"')} > 0 GROUP BY ALL)) ` +
      `SELECT "keyed"."c", "keyed"."rb", "runs"."j", "runs"."upto" - "runs"."n" AS "before" FROM "runs" JOIN "keyed" USING ("j", "kb") ` +
      `WHERE "upto" >= ${m('"runs"."j"')} AND "upto" - "runs"."n" < ${m('"runs"."j"')}`,
    params,
  );
  const W = B + 4;
  const before = order.m.map(() => '0');
  const pairs = new Set<string>();
  const buckets = new Set<string>();
  for (const r of found) {
    before[Number(r.j) - 1] = String(r.before);
    pairs.add(String(BigInt(Number(r.c)) * BigInt(W) + BigInt(Number(r.rb)) + 2n));
    buckets.add(String(r.rb));
  }
  params.fp_before = texts(before);
  params.fp_pairs = texts(pairs.size ? [...pairs] : ['-1']);
  params.fp_rbs = texts(buckets.size ? [...buckets] : ['-2']);
  // Only the rows of the cutoff buckets: the bucket test first (cheap), the cell only for those.
  const keys = rows.rn ? '"k", "h", "rn"' : '"k", "h"';
  const k = order.preferential ? `coalesce(${dir('"c"')} * "s", 'Infinity'::DOUBLE)` : '0::DOUBLE';
  const ranked = await prep.query(
    `SELECT "j", CAST("k" AS VARCHAR) AS "k", CAST("h" AS VARCHAR) AS "h", ${rows.rn ? '"rn"' : '0'} AS "rn", "tied" FROM (` +
      `SELECT "j", "k", "h"${rows.rn ? ', "rn"' : ''}, row_number() OVER w + CAST($fp_before AS BIGINT[])["j"] AS "r", ` +
      `coalesce(lead("k") OVER w = "k" AND lead("h") OVER w = "h"${rows.rn ? ' AND lead("rn") OVER w = "rn"' : ''}, false) AS "tied" ` +
      `FROM (SELECT ${j('"c"')} AS "j", ${k} AS "k", "h"${rows.rn ? ', "rn"' : ''} FROM (` +
      `SELECT ${rows.cell} AS "c", ${order.preferential ? `${rows.score} AS "s", ` : ''}${rows.hash} AS "h"${rows.rn ? `, ${rows.rn} AS "rn"` : ''} ` +
      `FROM ${rows.table} WHERE list_contains(CAST($fp_rbs AS BIGINT[]), ${raw}) ` +
      `AND list_contains(CAST($fp_pairs AS BIGINT[]), ${rows.cell} * ${W} + ${raw} + 2))) ` +
      `WINDOW w AS (PARTITION BY "j" ORDER BY ${keys})) WHERE "r" = ${m('"j"')}`,
    params,
  );
  for (const r of ranked) {
    if (r.tied === true && !rows.rn) return undefined; // identical rows straddle the cutoff
    byStratum[Number(r.j) - 1] = { k: String(r.k), h: String(r.h), rn: Number(r.rn) };
  }
  return { byStratum };
}
