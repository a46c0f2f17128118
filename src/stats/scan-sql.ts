import type { RawCell, ScanPlan, Source } from '../data/index.js';
import { sourceReadError, withProgress } from '../data/index.js';
import { dialectSyntax } from '../sql/dialects.js';
import { aggregateOver } from '../sql/projection.js';
import { usedParams } from '../util/strings.js';

/**
 * The aggregation query: one pass over the minimised relation, grouped by every attribute's raw
 * value, the raw label, the decision, the score bin and the validation code. Marginals and
 * intersections are rolled up from this full cross in TypeScript, so they all come from one scan.
 * Each result row is one key of the cross without the bin, its score histogram listed (columns
 * g0…gk, y, p, chk, n, w, w2, s, s2, bins, bw).
 */
export function aggregationQuery(
  plan: ScanPlan,
  relationSql: string,
  options: { exactSums?: boolean } = {},
): string {
  return aggregateOver(dialectSyntax('duckdb'), plan.groups.length, [plan.rawProjection], relationSql, {
    exactSums: options.exactSums && (boundedTerms(plan) ? 'narrow' : true),
    unitWeights: !plan.roles.weight,
    keyText: plan.keyText,
  });
}

/**
 * Whether every summed term (w·s and w·s² over rows that pass the checks) is known to stay below
 * 10⁶ in magnitude, so the narrower fixed-point type suffices: unit weights and a probability score
 * (rows outside [0, 1] fail the checks and are not summed).
 */
function boundedTerms(plan: ScanPlan): boolean {
  return !plan.roles.weight && plan.roles.score !== undefined && plan.scoreScale === 'probability';
}

/**
 * Runs the one pass over the data and returns the raw aggregate (one row per distinct key).
 * @example
 * const raw = await scanSql(source, plan);
 * raw.reduce((a, c) => a + c.n, 0) // => rows read
 */
export async function scanSql(source: Source, plan: ScanPlan): Promise<RawCell[]> {
  const rel = await source.relation(plan.columns);
  const params = { ...rel.params, ...plan.params };
  // Exact (fixed-point) sums make results reproducible to the last bit; sums beyond 1e26 overflow
  // them, and then the compensated floating-point sum is used instead.
  const run = (exactSums: boolean) => {
    const sql = aggregationQuery(plan, rel.sql, { exactSums });
    return withProgress(source, () => source.connection.runAndReadAll(sql, usedParams(sql, params)));
  };
  const reader = await run(true)
    .catch((e: unknown) => {
      if (e instanceof Error && /overflow/i.test(e.message)) return run(false);
      throw e;
    })
    .catch(async (e: unknown) => {
      throw await sourceReadError(source, e);
    });
  return listedCellsOf(reader.getColumnsJS(), reader.currentRowCount, plan.groups.length);
}

/** Raw cells from the listed-histogram result: g0…gk, y, p, chk, n, w, w2, s, s2, bins, bw. */
function listedCellsOf(columns: readonly (readonly unknown[])[], rows: number, k: number): RawCell[] {
  const out: RawCell[] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const bins = columns[k + 8]![r] as readonly number[] | null;
    const bw = columns[k + 9]![r] as readonly number[] | null;
    out[r] = {
      ...keysOf(columns, r, k),
      bin: null,
      hist: bins && bw && bins.length > 0 ? { bins, w: bw } : undefined,
      chk: Number(columns[k + 2]![r]) as RawCell['chk'],
      ...momentsAt(columns, r, k + 3),
    };
  }
  return out;
}

/** n, w, w2, s, s2 from five consecutive result columns starting at `from` (missing sums are 0). */
function momentsAt(
  columns: readonly (readonly unknown[])[],
  r: number,
  from: number,
): Pick<RawCell, 'n' | 'w' | 'w2' | 's' | 's2'> {
  const num = (i: number): number => {
    const v = columns[from + i]![r];
    return v === null || v === undefined ? 0 : Number(v);
  };
  return { n: num(0), w: num(1), w2: num(2), s: num(3), s2: num(4) };
}

/** A result row's group values, label and decision (columns g0…gk, y, p). */
function keysOf(
  columns: readonly (readonly unknown[])[],
  r: number,
  k: number,
): Pick<RawCell, 'g' | 'y' | 'p'> {
  const g: (string | number | null)[] = new Array(k);
  for (let i = 0; i < k; i++) {
    const v = columns[i]![r];
    g[i] = v === null || v === undefined ? null : typeof v === 'string' ? v : Number(v);
  }
  const p = columns[k + 1]![r];
  return {
    g,
    y: (columns[k]![r] as string | null) ?? null,
    p: p === null || p === undefined ? null : typeof p === 'string' ? p : Number(p),
  };
}

/**
 * The raw cells of an aggregate result read column-wise: g0…gk, y, p, bin, chk, n, w, w2, s, s2
 * (the RawCell columns, in that order).
 */
export function rawCellsOf(columns: readonly (readonly unknown[])[], rows: number, k: number): RawCell[] {
  const out: RawCell[] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const bin = columns[k + 2]![r];
    out[r] = {
      ...keysOf(columns, r, k),
      bin: bin === null || bin === undefined ? null : Number(bin),
      chk: Number(columns[k + 3]![r]) as RawCell['chk'],
      ...momentsAt(columns, r, k + 4),
    };
  }
  return out;
}
