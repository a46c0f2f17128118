import {
  type NormalizeOptions,
  normalizeCells,
  type RawCell,
  type ScanPlan,
  type Source,
  sourceReadError,
} from '../data/index.js';
import { quoteIdent, usedParams } from '../util/strings.js';
import { type ExactCells, groupValueIndex } from './ranking-from-stats.js';

/** The SQL of the exact-rank scan (see {@link exactRankQueries}), run in this order. */
export interface ExactRankQueries {
  /** The one pass over the data: the projected rows per distinct stored value (temporary table). */
  readonly rows: string;
  /** The distinct group values, label and missing-prediction flag, numbered (temporary table). */
  readonly keys: string;
  /** The distinct scores, ranked from the highest (bin 0) (temporary table). */
  readonly bins: string;
  /** The keys' values and masses, in key order: g0…gk, y, p (NULL: missing prediction), key, n, w. */
  readonly readKeys: string;
  /** The block scores in rank order. */
  readonly readScores: string;
  /** One row per cell: `code` = bin · (number of keys) + key, n (rows) and w (Σ weight). */
  readonly readCells: (keys: number) => string;
  /** Drops the temporary tables. */
  readonly drop: readonly string[];
}

/** The columns the projection reads (never an id, time or feature column: they would split cells). */
function projectedColumns(plan: ScanPlan): string[] {
  const r = plan.roles;
  const d = plan.decision;
  const names = [
    r.score,
    r.label,
    r.weight,
    ...plan.groups.map((g) => g.column),
    d.kind === 'prediction' ? d.column : undefined,
    d.kind === 'group-thresholds' ? d.attribute : undefined,
  ].filter((c): c is string => c !== undefined);
  return [...new Set(names)];
}

/**
 * The exact-rank scan. Ranking every row with a window function sorts all rows; instead:
 * 1. rows are counted (and weights summed) per distinct stored value of the columns the audit
 *    reads (one hash aggregation, the only step that reads every row; the audit's projection then
 *    runs once per distinct value, not per row). Leads with one score in one cell are tied anyway,
 *    so this is about one row per distinct score and cell: ≤ rows, usually far fewer;
 * 2. the few distinct keys (group values, label, missing prediction) are numbered;
 * 3. the distinct scores are ranked: `bin` = the rank of the score among distinct scores, 0 for
 *    the highest (equal scores share a bin — `dense_rank` over the distinct values);
 * 4. each cell is read back as numbers only (key and bin joined on), the keys' text once.
 * Rows whose prediction is missing keep a flag in the key (p = NULL), so that normalising drops
 * them exactly as the audit does. Equal to ranking every row with one window function
 * (test/ranking/exact-scan.test.ts).
 */
export function exactRankQueries(plan: ScanPlan, relationSql: string, prefix: string): ExactRankQueries {
  const k = plan.groups.length;
  const g = Array.from({ length: k }, (_, i) => `g${i}`);
  const keyCols = [...g, 'y', 'fp_pn'];
  const weight = plan.roles.weight;
  const weighted = weight !== undefined;
  // The weight is summed per distinct value of the other columns (the audit has already rejected
  // invalid weights), unless it is also another role's column: then it is one of the keys.
  const r = plan.roles;
  const summed =
    weight !== undefined &&
    ![r.score, r.label, ...plan.groups.map((x) => x.column)].includes(weight) &&
    !(plan.decision.kind === 'prediction' && plan.decision.column === weight) &&
    !(plan.decision.kind === 'group-thresholds' && plan.decision.attribute === weight);
  const keysRaw = projectedColumns(plan)
    .filter((c) => !summed || c !== weight)
    .map(quoteIdent)
    .join(', ');
  const raw = [
    keysRaw,
    'count(*) AS fp_rank_n',
    ...(summed ? [`fsum(CAST(${quoteIdent(weight)} AS DOUBLE)) AS ${quoteIdent(weight)}`] : []),
  ].join(', ');
  const [t, kt, bt] = ['rows', 'keys', 'bins'].map((x) => quoteIdent(`${prefix}_${x}`)) as [
    string,
    string,
    string,
  ];
  const same = keyCols.map((c) => `c.${c} IS NOT DISTINCT FROM k.${c}`).join(' AND ');
  return {
    rows: [
      `CREATE TEMP TABLE ${t} AS`,
      `SELECT ${keyCols.join(', ')}, s, CAST(fp_rank_n AS DOUBLE) AS n,`,
      `  ${summed ? 'w' : weighted ? 'w * fp_rank_n' : 'CAST(fp_rank_n AS DOUBLE)'} AS w`,
      `FROM (SELECT *, p IS NULL AS fp_pn FROM (SELECT\n  ${plan.projection},\n  fp_rank_n`,
      `FROM (SELECT ${raw} FROM ${relationSql} GROUP BY ${keysRaw}) AS fp_raw) AS fp_scan)`,
      'WHERE chk = 0',
    ].join('\n'),
    keys: [
      `CREATE TEMP TABLE ${kt} AS`,
      'SELECT *, CAST(row_number() OVER () - 1 AS INTEGER) AS key',
      `FROM (SELECT ${keyCols.join(', ')}, CAST(sum(n) AS DOUBLE) AS n, fsum(w) AS w FROM ${t} GROUP BY ALL)`,
    ].join('\n'),
    bins: [
      `CREATE TEMP TABLE ${bt} AS`,
      'SELECT s, CAST(row_number() OVER (ORDER BY s DESC) - 1 AS INTEGER) AS bin',
      `FROM (SELECT DISTINCT s FROM ${t})`,
    ].join('\n'),
    readKeys: `SELECT ${g.map((x) => `${x}, `).join('')}y, CASE WHEN fp_pn THEN NULL ELSE 0 END AS p, key, n, w FROM ${kt} ORDER BY key`,
    readScores: `SELECT s FROM ${bt} ORDER BY bin`,
    readCells: (keys) =>
      [
        `SELECT CAST(b.bin AS DOUBLE) * ${keys} + k.key AS code, c.n${weighted ? ', c.w' : ''}`,
        `FROM ${t} AS c JOIN ${kt} AS k ON (${same}) JOIN ${bt} AS b ON (c.s = b.s)`,
      ].join('\n'),
    drop: [t, kt, bt].map((x) => `DROP TABLE IF EXISTS ${x}`),
  };
}

/**
 * Runs the exact-rank scan over a source the audit has already validated and returns its cells,
 * with group values and labels normalised as the audit's (about one cell per distinct score, group
 * cell and label, in rank order, as columns; memory grows with the number of distinct scores, not
 * with rows). `bin` is the score's rank among distinct scores (0 for the highest), `s` = score × Σ weight.
 */
export async function exactRankCells(
  source: Source,
  plan: ScanPlan,
  options: NormalizeOptions,
): Promise<ExactCells> {
  const rel = await source.relation(projectedColumns(plan));
  const q = exactRankQueries(plan, rel.sql, `fp_rank_${Math.random().toString(36).slice(2)}`);
  const c = source.connection;
  try {
    await c.run(q.rows, usedParams(q.rows, { ...rel.params, ...plan.params })).catch(async (e: unknown) => {
      throw await sourceReadError(source, e);
    });
    await c.run(q.keys);
    await c.run(q.bins);
    const keyReader = await c.runAndReadAll(q.readKeys);
    const kc = keyReader.getColumnsJS();
    const K = keyReader.currentRowCount;
    const empty = (n: number) => ({
      group: new Int32Array(n),
      y: new Int8Array(n),
      bin: new Float64Array(n),
      n: new Float64Array(n),
      w: new Float64Array(n),
      s: new Float64Array(n),
    });
    if (K === 0) return { values: [], ...empty(0) };
    const k = plan.groups.length;
    const raw: RawCell[] = Array.from({ length: K }, (_, r) => ({
      g: Array.from({ length: k }, (_, i) => {
        const v = kc[i]![r];
        return v === null || v === undefined ? null : typeof v === 'string' ? v : Number(v);
      }),
      y: (kc[k]![r] as string | null) ?? null,
      p: kc[k + 1]![r] === null ? null : 0,
      bin: Number(kc[k + 2]![r]),
      chk: 0,
      n: Number(kc[k + 3]![r]),
      w: Number(kc[k + 4]![r]),
      w2: 0,
      s: 0,
      s2: 0,
    }));
    // Ranking needs no decisions: only whether a row's prediction is missing (p = NULL, dropped).
    const normalized = await normalizeCells(source, { ...plan, decision: { kind: 'none' } }, raw, options);
    // Keys dropped by normalising (--missing drop, missing prediction) keep −1 and their cells are left out.
    const keyValues = new Int32Array(K).fill(-1);
    const keyLabel = new Int8Array(K);
    const { values, indexOf } = groupValueIndex();
    for (const cell of normalized.cells) {
      const i = indexOf(cell.g);
      keyValues[cell.bin!] = i;
      keyLabel[cell.bin!] = cell.y === null ? -1 : cell.y;
    }
    const scores = (await c.runAndReadAll(q.readScores)).getColumnsJS()[0]!.map(Number);
    const cellReader = await c.runAndReadAll(q.readCells(K));
    const cc = cellReader.getColumnsJS();
    const rows = cellReader.currentRowCount;
    const code = cc[0]!;
    // Counting sort by bin (cells in rank order), leaving out the cells of dropped keys.
    const B = scores.length;
    const start = new Int32Array(B + 1);
    const keyOf = new Int32Array(rows);
    const binOf = new Int32Array(rows);
    let kept = 0;
    for (let r = 0; r < rows; r++) {
      const x = Number(code[r]);
      const key = x % K;
      keyOf[r] = key;
      binOf[r] = (x - key) / K;
      if (keyValues[key]! >= 0) {
        start[binOf[r]! + 1]! += 1;
        kept++;
      }
    }
    for (let b = 0; b < B; b++) start[b + 1]! += start[b]!;
    const out = { values, ...empty(kept) };
    const ns = cc[1]!;
    const ws = cc[2] ?? ns;
    for (let r = 0; r < rows; r++) {
      const key = keyOf[r]!;
      if (keyValues[key]! < 0) continue;
      const bin = binOf[r]!;
      const j = start[bin]!;
      start[bin] = j + 1;
      const w = Number(ws[r]);
      out.group[j] = keyValues[key]!;
      out.y[j] = keyLabel[key]!;
      out.bin[j] = bin;
      out.n[j] = Number(ns[r]);
      out.w[j] = w;
      out.s[j] = scores[bin]! * w;
    }
    return out;
  } finally {
    for (const d of q.drop) await c.run(d).catch(() => undefined);
  }
}
