import {
  type NormalizeOptions,
  normalizeCells,
  type ScanPlan,
  type Source,
  sourceReadError,
} from '../data/index.js';
import { dialectSyntax } from '../sql/dialects.js';
import { aggregateOver, keyColumns } from '../sql/projection.js';
import { rawCellsOf } from '../stats/index.js';
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
  const raw = rawCellsOf(reader.getColumnsJS(), reader.currentRowCount, plan.groups.length);
  const normalized = await normalizeCells(source, plan, raw, options);
  return normalized.cells;
}
