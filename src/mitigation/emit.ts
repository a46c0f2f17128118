import type { DuckDBValue } from '@duckdb/node-api';
import type { ColumnInfo } from '../data/index.js';
import { quoteIdent } from '../util/strings.js';
import {
  copyQuery,
  type OutputColumn,
  outputFormatOf,
  outputSelect,
  pseudonymSql,
  readQuery,
} from './output.js';
import type { PreparedInput } from './prepare.js';
import type { MitigatedColumns, MitigationOptions, OutputFormat } from './types.js';

/** An output column with what the in-memory reader needs to know. */
export interface PlannedColumn extends OutputColumn {
  /** Read back as a number (otherwise as text). */
  readonly numeric: boolean;
}

/** The output query: columns over a FROM clause, with an optional ORDER BY. */
export interface EmitPlan {
  readonly from: string;
  readonly columns: readonly PlannedColumn[];
  readonly params: Record<string, DuckDBValue>;
  readonly orderBy?: string | undefined;
  /**
   * The query streams (no join, sort or aggregation over the rows): its COPY can run under a small
   * memory limit, so memory stays flat in rows (reweigh, resample).
   */
  readonly streaming?: boolean | undefined;
}

/**
 * The input columns, in input order, as output columns: passed through unchanged, except the id
 * (pseudonymised when a key is given) and the columns in `overrides`. `formulaFree` names text
 * columns known to need no CSV formula rule (every input value checked, and written unchanged).
 */
export function passThrough(
  prep: PreparedInput,
  options: MitigationOptions,
  params: Record<string, DuckDBValue>,
  overrides: ReadonlyMap<string, PlannedColumn> = new Map(),
  formulaFree: ReadonlySet<string> = new Set(),
): PlannedColumn[] {
  return prep.columns.map((c) => {
    const o = overrides.get(c.name);
    if (o) return o;
    if (c.name === options.id && options.pseudonymize !== undefined) {
      const p = pseudonymSql(quoteIdent(c.name), options.pseudonymize);
      Object.assign(params, p.params);
      return { name: c.name, expr: p.sql, text: true, numeric: false };
    }
    const out = column(c);
    return formulaFree.has(c.name) ? { ...out, text: false } : out;
  });
}

/** An input column passed through as it is. */
export function column(c: ColumnInfo): PlannedColumn {
  return { name: c.name, expr: quoteIdent(c.name), text: isText(c), numeric: c.kind === 'number' };
}

export function isText(c: ColumnInfo): boolean {
  return c.kind === 'string' || c.kind === 'other';
}

/** A number as text without a trailing `.0` for whole values (CSV output of widened integer columns). */
export function numberText(expr: string): string {
  return `CASE WHEN ${expr} IS NULL OR isnan(${expr}) OR isinf(${expr}) THEN CAST(${expr} AS VARCHAR) WHEN ${expr} = trunc(${expr}) AND abs(${expr}) < 1e15 THEN CAST(CAST(${expr} AS BIGINT) AS VARCHAR) ELSE CAST(${expr} AS VARCHAR) END`;
}

/**
 * Runs the output query: COPY to `options.out` (atomically) or, without it, reads the rows into
 * column arrays. Integer-valued doubles of `wholeInCsv` columns print without `.0` in CSV.
 */
export async function emit(
  prep: PreparedInput,
  plan: EmitPlan,
  options: MitigationOptions,
  wholeInCsv: ReadonlySet<string> = new Set(),
): Promise<{ output?: { path: string; format: OutputFormat }; data?: MitigatedColumns }> {
  const params = { ...prep.params, ...plan.params };
  const order = plan.orderBy ? ` ORDER BY ${plan.orderBy}` : '';
  if (options.out !== undefined) {
    const format = outputFormatOf(options.out, options.outFormat);
    const cols =
      format === 'csv'
        ? plan.columns.map((c) =>
            wholeInCsv.has(c.name) ? { ...c, expr: numberText(c.expr), text: false } : c,
          )
        : plan.columns;
    const query = `SELECT ${outputSelect(cols, format)} FROM ${plan.from}${order}`;
    await copyQuery(prep.source.connection, query, params, options.out, format, {
      streaming: plan.streaming === true && !plan.orderBy,
    });
    return { output: { path: options.out, format } };
  }
  const query = `SELECT ${outputSelect(plan.columns, 'memory')} FROM ${plan.from}${order}`;
  const numeric = new Set(plan.columns.filter((c) => c.numeric).map((c) => c.name));
  const data = await readQuery(
    prep.source.connection,
    query,
    params,
    numeric,
    plan.columns.map((c) => c.name),
  );
  return { data };
}
