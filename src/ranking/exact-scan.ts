import {
  type NormalizeOptions,
  normalizeCells,
  type RawCell,
  type ScanPlan,
  type Source,
  sourceReadError,
} from '../data/index.js';
import { dialectSyntax } from '../sql/dialects.js';
import { aggregateOver, keyColumns } from '../sql/projection.js';
import { usedParams } from '../util/strings.js';
import type { ExactCell } from './ranking-from-stats.js';

/**
 * The exact-rank query: the audit's projection, ranked by one window function
 * (`dense_rank() OVER (ORDER BY s DESC)`: equal scores share a rank) and aggregated by group values,
 * label, decision and rank. Its result has the shape of the audit's scan with `bin` = the score's
 * rank among distinct scores (0 for the highest), so it is normalised the same way.
 */
export function exactRankQuery(plan: ScanPlan, relationSql: string): string {
  const k = plan.groups.length;
  const ranked =
    `(SELECT * EXCLUDE (bin), CAST(dense_rank() OVER (ORDER BY s DESC) - 1 AS BIGINT) AS bin\n` +
    `FROM (SELECT\n  ${plan.projection}\nFROM ${relationSql}) AS fp_scan WHERE chk = 0) AS fp_ranked`;
  const columns = [...keyColumns(k).filter((c) => c !== 'chk'), 'chk', 'w', 's'];
  return aggregateOver(dialectSyntax('duckdb'), k, columns, ranked);
}

/**
 * Runs the exact-rank query over a source the audit has already validated and returns its cells,
 * with group values and labels normalised as the audit's (one row per distinct score, group cell and
 * label; memory grows with the number of distinct scores, not with rows).
 */
export async function exactRankCells(
  source: Source,
  plan: ScanPlan,
  options: NormalizeOptions,
): Promise<ExactCell[]> {
  const rel = await source.relation(plan.columns);
  const sql = exactRankQuery(plan, rel.sql);
  const reader = await source.connection
    .runAndReadAll(sql, usedParams(sql, { ...rel.params, ...plan.params }))
    .catch(async (e: unknown) => {
      throw await sourceReadError(source, e);
    });
  const columns = reader.getColumnsJS();
  const k = plan.groups.length;
  const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
  const raw: RawCell[] = new Array(reader.currentRowCount);
  for (let r = 0; r < reader.currentRowCount; r++) {
    const g: (string | number | null)[] = new Array(k);
    for (let i = 0; i < k; i++) {
      const v = columns[i]![r];
      g[i] = v === null || v === undefined ? null : typeof v === 'string' ? v : Number(v);
    }
    const p = columns[k + 1]![r];
    const bin = columns[k + 2]![r];
    raw[r] = {
      g,
      y: (columns[k]![r] as string | null) ?? null,
      p: p === null || p === undefined ? null : typeof p === 'string' ? p : Number(p),
      bin: bin === null || bin === undefined ? null : Number(bin),
      chk: Number(columns[k + 3]![r]) as RawCell['chk'],
      n: num(columns[k + 4]![r]),
      w: num(columns[k + 5]![r]),
      w2: num(columns[k + 6]![r]),
      s: num(columns[k + 7]![r]),
      s2: num(columns[k + 8]![r]),
    };
  }
  const normalized = await normalizeCells(source, plan, raw, options);
  return normalized.cells;
}
