import type { DuckDBValue } from '@duckdb/node-api';
import { listValue } from '@duckdb/node-api';
import type { DataInput } from '../../data/index.js';
import { UsageError } from '../../errors.js';
import { quoteIdent } from '../../util/strings.js';
import { emit, type PlannedColumn, passThrough } from '../emit.js';
import { countStrata, groupText, keyedRelation, prepareInput } from '../prepare.js';
import type { MitigationOptions, MitigationResult, StratumSummary } from '../types.js';

/** swap: each row gets the other value (of two); all: each row once per value of the attribute. */
export const FlipMode = { swap: 'swap', all: 'all' } as const;
export type FlipMode = (typeof FlipMode)[keyof typeof FlipMode];

export interface FlipOptions extends MitigationOptions {
  /** Default `swap`. */
  readonly mode?: FlipMode | undefined;
  /** swap: the two values to exchange when the attribute has more (others are left as they are). */
  readonly values?: readonly [string, string] | undefined;
  /** all: the marker column, 0 for the row's own value and 1 for a flipped one (default `counterfactual`). */
  readonly markerColumn?: string | undefined;
}

export interface FlipDetails {
  readonly attribute: string;
  readonly mode: FlipMode;
  /** The values exchanged (swap) or cycled through (all), as text. */
  readonly values: readonly string[];
  /** Rows whose attribute was changed (swap) or copied (all). */
  readonly flipped: number;
  /** Rows left as they were: missing attribute, or a value outside `values`. */
  readonly unchanged: number;
  readonly markerColumn?: string | undefined;
}

/**
 * A counterfactual copy of the data with one sensitive attribute changed, for model-in-the-loop
 * tests: score the original and the flipped rows and compare. `swap` exchanges two values (an
 * involution: flipping twice gives the input back); `all` repeats each row once per value of the
 * attribute, with a `counterfactual` marker (0 for the row's own value). Rows with a missing value
 * are kept once, unchanged. The attribute keeps its type; every other column is unchanged.
 *
 * When to use: to test whether a model uses the attribute directly. What it cannot fix: anything —
 * it changes no model; proxies of the attribute are not flipped.
 * @throws {UsageError} not exactly one attribute, swap on an attribute with other than two values
 *   (without `values`), a binned attribute.
 * @example
 * const r = await flip('datasets/prospects.csv', { groups: [{ column: 'gender' }], mode: 'all', seed: 1, out: 'out/flipped.csv' });
 * r.rows.output // => 60000
 */
export async function flip(input: DataInput, options: FlipOptions): Promise<MitigationResult<FlipDetails>> {
  const mode = options.mode ?? 'swap';
  if (mode !== 'swap' && mode !== 'all') {
    throw new UsageError('bad_mode', `Unknown flip mode "${mode}".`, { hint: 'Use swap or all.' });
  }
  if (options.groups.length !== 1) {
    throw new UsageError('flip_one_attribute', 'Flip changes one sensitive attribute at a time.', {
      hint: 'Pass one column with --group, e.g. --group gender.',
    });
  }
  const attr = options.groups[0]!;
  if (attr.edges) {
    throw new UsageError('binned_group', `Flip needs a categorical attribute; "${attr.column}" is binned.`, {
      column: attr.column,
    });
  }
  const prep = await prepareInput(input, options, { label: false });
  try {
    const info = prep.columns.find((c) => c.name === attr.column)!;
    const col = quoteIdent(attr.column);
    const found = (
      await prep.query(
        `SELECT DISTINCT CAST(${col} AS VARCHAR) AS v FROM ${prep.rel.sql} WHERE ${col} IS NOT NULL ORDER BY v`,
      )
    ).map((r) => String(r.v));
    const params: Record<string, DuckDBValue> = {};
    const text = `CAST(${col} AS VARCHAR)`;
    let values: string[];
    let planned: PlannedColumn[];
    let from = keyedRelation(prep);
    let orderBy: string | undefined;
    let marker: string | undefined;
    if (mode === 'swap') {
      values = options.values ? [...options.values] : found;
      if (values.length !== 2) {
        throw new UsageError(
          'swap_needs_two_values',
          `Swapping needs two values, but "${attr.column}" has ${found.length}: ${found.map((v) => JSON.stringify(v)).join(', ')}.`,
          {
            column: attr.column,
            hint: 'Name the two values to exchange (--values female,male), or use --mode all.',
          },
        );
      }
      const missing = values.filter((v) => !found.includes(v));
      if (missing.length > 0) {
        throw new UsageError(
          'unknown_value',
          `"${attr.column}" has no value ${JSON.stringify(missing[0])}.`,
          {
            column: attr.column,
            hint: `Values found: ${found.map((v) => JSON.stringify(v)).join(', ')}.`,
          },
        );
      }
      params.fp_a = values[0]!;
      params.fp_b = values[1]!;
      const swapped: PlannedColumn = {
        name: attr.column,
        expr: `CASE WHEN ${text} = $fp_a THEN CAST($fp_b AS ${info.type}) WHEN ${text} = $fp_b THEN CAST($fp_a AS ${info.type}) ELSE ${col} END`,
        text: info.kind === 'string' || info.kind === 'other',
        numeric: info.kind === 'number',
      };
      planned = passThrough(prep, options, params, new Map([[attr.column, swapped]]));
    } else {
      values = found;
      if (values.length === 0) {
        throw new UsageError('no_values', `"${attr.column}" has no values to flip (every row is missing).`, {
          column: attr.column,
        });
      }
      marker = options.markerColumn ?? 'counterfactual';
      if (prep.columns.some((c) => c.name === marker)) {
        throw new UsageError('marker_column_exists', `The data already has a column "${marker}".`, {
          column: marker,
          hint: 'Name the marker column with --marker-column NAME.',
        });
      }
      params.fp_values = listValue(values);
      from =
        `(SELECT *, CASE WHEN "__fp_orig" IS NULL THEN "__fp_orig" ELSE $fp_values["__fp_k" + 1] END AS "__fp_new" FROM (` +
        `SELECT *, ${text} AS "__fp_orig", unnest(range(CASE WHEN ${col} IS NULL THEN 1 ELSE len($fp_values) END)) AS "__fp_k" FROM (` +
        `SELECT *, row_number() OVER () AS "__fp_rn" FROM ${keyedRelation(prep)})))`;
      orderBy = '"__fp_rn", "__fp_k"';
      const changed: PlannedColumn = {
        name: attr.column,
        expr: `CAST("__fp_new" AS ${info.type})`,
        text: info.kind === 'string' || info.kind === 'other',
        numeric: info.kind === 'number',
      };
      planned = passThrough(prep, options, params, new Map([[attr.column, changed]]));
      planned.push({
        name: marker,
        expr: `CASE WHEN "__fp_new" IS NOT DISTINCT FROM "__fp_orig" THEN 0 ELSE 1 END`,
        text: false,
        numeric: true,
      });
    }
    const written = await emit(prep, { from, columns: planned, params, orderBy }, options);
    const strata = await countStrata(prep);
    const rowsIn = strata.reduce((a, s) => a + s.rows, 0);
    const missingRows = strata.filter((s) => s.key[0] === null).reduce((a, s) => a + s.rows, 0);
    const inValues = (s: (typeof strata)[number]) => s.key[0] !== null && values.includes(String(s.key[0]));
    const flipped = strata.filter(inValues).reduce((a, s) => a + s.rows, 0);
    const rowsOut = mode === 'swap' ? rowsIn : missingRows + (rowsIn - missingRows) * values.length;
    const summaries: StratumSummary[] = strata.map((s) => ({
      group: groupText(s.key),
      label: s.label,
      rows: s.rows,
      weight: s.weight,
      rowsAfter: mode === 'all' && s.key[0] !== null ? s.rows * values.length : s.rows,
      weightAfter: mode === 'all' && s.key[0] !== null ? s.weight * values.length : s.weight,
    }));
    return {
      method: 'flip',
      stage: 'pre',
      seed: options.seed,
      rows: { input: rowsIn, output: rowsOut, added: rowsOut - rowsIn, removed: 0 },
      columns: {
        input: prep.columns.map((c) => c.name),
        output: planned.map((c) => c.name),
        added: marker ? [marker] : [],
      },
      ...written,
      strata: summaries,
      details: {
        attribute: attr.column,
        mode,
        values,
        flipped,
        unchanged: rowsIn - flipped,
        markerColumn: marker,
      },
      notes:
        missingRows > 0
          ? [`${missingRows} rows have no value for "${attr.column}"; they are kept once, unchanged.`]
          : [],
    };
  } finally {
    prep.close();
  }
}
