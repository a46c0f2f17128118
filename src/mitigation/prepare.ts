import type { DuckDBValue } from '@duckdb/node-api';
import { listValue } from '@duckdb/node-api';
import {
  binLabel,
  type ColumnInfo,
  type DataInput,
  estimateRows,
  type LabelMapping,
  MISSING_GROUP,
  mapLabelValues,
  openSource,
  type Relation,
  type Source,
  sourceReadError,
} from '../data/index.js';
import { InputError, UsageError } from '../errors.js';
import { dialectSyntax } from '../sql/dialects.js';
import { textExpr } from '../sql/projection.js';
import { closestNames, quoteIdent, quoteLiteral, usedParams } from '../util/strings.js';
import { type Cells, cellType, rawCells, textCells } from './cells.js';
import { checkOutputPath, csvSafeText } from './output.js';
import type { MitigationOptions } from './types.js';

/** An opened input with the SQL expressions every method shares. */
export interface PreparedInput {
  readonly source: Source;
  readonly file: string | undefined;
  /** Every input column, in file order. */
  readonly columns: readonly ColumnInfo[];
  /** A relation over every column (nothing is dropped from the output). */
  readonly rel: Relation;
  /** Per sensitive attribute: its value as text (bin name for binned ones), NULL when missing. */
  readonly groupExprs: readonly string[];
  /** The label as 1 / 0 / NULL (unlabeled). `NULL` when no label was named. */
  readonly labelExpr: string;
  /** The input weight as DOUBLE (1.0 without a weight column). */
  readonly weightExpr: string;
  readonly params: Record<string, DuckDBValue>;
  readonly label?: LabelMapping | undefined;
  /** Rows and Σ weight per (group, label) stratum, from the profiling pass, in a stable order. */
  readonly strata: readonly Stratum[];
  /** Each row's stratum as a cell number, for per-stratum lookups in a streaming query. */
  readonly cells: Cells;
  /**
   * Text columns (plain groups, the label) whose every input value the profile saw and the CSV
   * formula rule leaves unchanged: a method writing their input values as they are can skip the rule.
   */
  readonly formulaFree: ReadonlySet<string>;
  /**
   * The rows of `needs.narrow` (raw keys and the extra expressions): the table `fp_narrow` for small
   * inputs, else a query over the input that reads the file again.
   */
  readonly narrow?: { readonly rows: string } | undefined;
  /** Runs a query with only the parameters it uses; read errors name the file and line. */
  query(sql: string, params?: Record<string, DuckDBValue>): Promise<Record<string, unknown>[]>;
  close(): void;
}

/**
 * Rows up to which a method's second look at every row is kept in memory (a narrow table of about
 * 50 bytes a row, ~100 MB here); above it the input is read once more, so memory stays flat.
 */
export const NARROW_MAX_ROWS = 2_000_000;

/** A (group, label) stratum as counted in the input. */
export interface Stratum {
  /** Raw key values (NULL for missing), in the order of the group expressions. */
  readonly key: readonly (string | null)[];
  readonly label: 0 | 1 | null;
  readonly rows: number;
  readonly weight: number;
}

/**
 * A column's value as trimmed text, NULL when empty or one of the missing-value texts: the audit's
 * expression (src/sql), with `--na` applied to this column only — mitigation writes every column
 * back, so a global "missing" text must not blank unrelated columns.
 */
function textOf(c: string, kind: ColumnInfo['kind'], na: readonly string[]): string {
  const base = textExpr(dialectSyntax('duckdb'), c, kind);
  if (na.length === 0 || kind === 'number') return base;
  return `CASE WHEN trim(CAST(${c} AS VARCHAR)) IN (${na.map(quoteLiteral).join(', ')}) THEN NULL ELSE ${base} END`;
}

/** Shows a missing group value as `(missing)`, like the audit. */
export function groupText(key: readonly (string | null)[]): string[] {
  return key.map((v) => v ?? MISSING_GROUP);
}

/** Checks that a column exists, naming the closest names when it does not. */
export function needColumn(
  columns: readonly ColumnInfo[],
  name: string,
  role: string,
  file?: string,
): ColumnInfo {
  const info = columns.find((c) => c.name === name);
  if (info) return info;
  const names = columns.map((c) => c.name);
  const near = closestNames(name, names);
  throw new InputError('missing_column', `The ${role} column "${name}" is not in the data.`, {
    file,
    column: name,
    hint: near.length
      ? `Did you mean ${near.map((n) => `"${n}"`).join(' or ')}? Columns: ${names.join(', ')}.`
      : `Columns in the data: ${names.join(', ')}.`,
  });
}

/**
 * Opens the input and builds the shared expressions: group keys, the label as 0/1, the weight.
 * Validates that every named column exists, that weights are finite and ≥ 0, and maps the label
 * values (0/1, true/false, yes/no, or the explicit rule).
 * @throws {InputError} missing columns, invalid weights, labels that are not binary.
 * @throws {UsageError} no groups, output path equal to the input.
 */
export async function prepareInput(
  input: DataInput,
  options: MitigationOptions,
  needs: {
    readonly label: boolean;
    /**
     * Extra per-row expressions (`expr AS "name"`) that a method needs for a second look at every
     * row, beside the raw group keys (`r0…`), raw label (`rt`) and, with input weights, the weight
     * (`w`) and invalid-weight flag (`b`): {@link PreparedInput.narrow}. For inputs of at most
     * `maxRows` rows (known or estimated before reading) they are kept in the temporary table
     * `fp_narrow`, built in the same scan as the profile, so the second look reads no file again;
     * larger inputs are read once more instead, so memory does not grow with rows. With `bucket`
     * (SQL over those columns), each row's bucket is kept too, as `rb`, and the profile is counted
     * per (raw keys, bucket) into the temporary table `fp_hist` (`r0…`, `rt`, `rb`, `n`, `w`,
     * `bad`) on the way.
     */
    readonly narrow?:
      | ((
          columns: readonly ColumnInfo[],
          file: string | undefined,
        ) => {
          readonly exprs: readonly string[];
          readonly params: Record<string, DuckDBValue>;
          readonly bucket?:
            | { readonly sql: string; readonly params: Record<string, DuckDBValue> }
            | undefined;
          /** Rows up to which the columns are kept in a table (default {@link NARROW_MAX_ROWS}). */
          readonly maxRows?: number | undefined;
        })
      | undefined;
  },
): Promise<PreparedInput> {
  if (options.groups.length === 0) {
    throw new UsageError('no_groups', 'Name at least one sensitive attribute.', {
      hint: 'Pass --group, e.g. --group gender (or --group gender,age_band for their intersection).',
    });
  }
  if (needs.label && options.label === undefined) {
    throw new UsageError('no_label', 'This method needs the real outcome: name the label column.', {
      hint: 'Pass --label, e.g. --label converted.',
    });
  }
  if (!Number.isFinite(options.seed)) {
    throw new UsageError('bad_seed', `The seed must be a finite number, not ${options.seed}.`);
  }
  if (options.out !== undefined) checkOutputPath(input, options.out);
  if (options.pseudonymize !== undefined && options.id === undefined) {
    throw new UsageError('pseudonymize_without_id', 'Pseudonymisation needs the id column.', {
      hint: 'Pass --id COLUMN with --pseudonymize KEY.',
    });
  }
  // Missing-value texts apply to the role columns only (see textOf), not to the whole file.
  const na = options.read?.naValues ?? [];
  const source = await openSource(input, { ...(options.read ?? {}), naValues: undefined });
  try {
    const file = source.info.kind === 'file' ? source.info.name : undefined;
    const columns = source.columns;
    const params: Record<string, DuckDBValue> = {};
    // Each attribute's raw key (the column, or its bin label when binned) and its text (the audit's
    // key): the profile groups by the raw keys and converts only the aggregated cells to text.
    const groupKeys = options.groups.map((g, i) => {
      const info = needColumn(columns, g.column, 'group', file);
      const c = quoteIdent(g.column);
      if (!g.edges) {
        return { raw: c, text: (x: string) => textOf(x, info.kind, na), type: cellType(info) };
      }
      if (info.kind !== 'number') {
        throw new InputError(
          'group_not_numeric',
          `The group "${g.column}" has bin edges but is not numeric (${info.type}).`,
          {
            file,
            column: g.column,
            hint: `Drop the edges (--group ${g.column}) to use its values as groups.`,
          },
        );
      }
      const cases = g.edges.map((e, j) => {
        params[`fp_e${i}_${j}`] = e;
        params[`fp_b${i}_${j}`] = binLabel(g.edges!, j);
        return `WHEN ${c} < $fp_e${i}_${j} THEN $fp_b${i}_${j}`;
      });
      params[`fp_b${i}_last`] = binLabel(g.edges, g.edges.length);
      const bin = `CASE WHEN ${c} IS NULL OR isnan(${c}) THEN NULL ${cases.join(' ')} ELSE $fp_b${i}_last END`;
      return { raw: bin, text: (x: string) => x, type: 'VARCHAR' as string | undefined };
    });
    const groupExprs = groupKeys.map((k) => k.text(k.raw));
    let weightExpr = '1.0::DOUBLE';
    if (options.weight !== undefined) {
      const info = needColumn(columns, options.weight, 'weight', file);
      if (info.kind !== 'number') {
        throw new InputError(
          'not_numeric',
          `The weight column "${options.weight}" must be numeric (${info.type}).`,
          {
            file,
            column: options.weight,
            hint: 'Weights must be finite numbers ≥ 0.',
          },
        );
      }
      weightExpr = `CAST(${quoteIdent(options.weight)} AS DOUBLE)`;
    }
    if (options.id !== undefined) needColumn(columns, options.id, 'id', file);
    const rel = await source.relation(columns.map((c) => c.name));
    Object.assign(params, rel.params);
    const query = async (sql: string, p: Record<string, DuckDBValue> = params) => {
      try {
        const reader = await source.connection.runAndReadAll(sql, usedParams(sql, p));
        return reader.getRowObjectsJS() as Record<string, unknown>[];
      } catch (e) {
        throw await sourceReadError(source, e);
      }
    };
    // One pass: rows and Σ weight per (raw group values, raw label), and the invalid weights.
    const labelInfo =
      options.label !== undefined ? needColumn(columns, options.label, 'label', file) : undefined;
    const labelRaw = labelInfo ? quoteIdent(labelInfo.name) : 'NULL::VARCHAR';
    const labelTextOf = (x: string) => (labelInfo ? textOf(x, labelInfo.kind, na) : 'NULL::VARCHAR');
    const labelText = labelTextOf(labelRaw);
    const w = weightExpr;
    const bad =
      options.weight !== undefined ? `(${w} IS NULL OR isnan(${w}) OR isinf(${w}) OR ${w} < 0)` : 'false';
    const rs = groupKeys.map((_, i) => `r${i}`);
    // Unweighted: no weight or flag per row (constants in the profile).
    const weighted = options.weight !== undefined;
    const rowSelect = `SELECT ${groupKeys.map((k, i) => `${k.raw} AS r${i}`).join(', ')}, ${labelRaw} AS rt${weighted ? `, ${w} AS w, ${bad} AS b` : ''}`;
    let rows = `(${rowSelect} FROM ${rel.sql})`;
    const keys = [...rs, 'rt'].join(', ');
    const sums = weighted
      ? 'count(*) AS n, sum(CASE WHEN b THEN 0 ELSE w END) AS w, count(*) FILTER (WHERE b) AS bad'
      : 'count(*) AS n, CAST(count(*) AS DOUBLE) AS w, 0 AS bad';
    let counts = `SELECT ${keys}, ${sums} FROM ${rows} GROUP BY ${keys}`;
    let narrowRows: PreparedInput['narrow'];
    if (needs.narrow) {
      const narrow = needs.narrow(columns, file);
      Object.assign(params, narrow.params);
      // The bucket is computed once per row, beside the row's other values (`rb`).
      let select = `${rowSelect}${narrow.exprs.map((e) => `, ${e}`).join('')} FROM ${rel.sql}`;
      if (narrow.bucket !== undefined) {
        Object.assign(params, narrow.bucket.params);
        select = `SELECT *, ${narrow.bucket.sql} AS "rb" FROM (${select})`;
      }
      const estimate = await estimateRows(source).catch(async (e: unknown) => {
        throw await sourceReadError(source, e);
      });
      const kept = estimate !== undefined && estimate <= (narrow.maxRows ?? NARROW_MAX_ROWS);
      if (kept) await query(`CREATE TEMP TABLE "fp_narrow" AS ${select}`);
      rows = kept ? '"fp_narrow"' : `(${select})`;
      narrowRows = { rows };
      counts = `SELECT ${keys}, ${sums} FROM ${rows} GROUP BY ${keys}`;
      if (narrow.bucket !== undefined) {
        await query(`CREATE TEMP TABLE "fp_hist" AS SELECT ${keys}, "rb", ${sums} FROM ${rows} GROUP BY ALL`);
        counts = `SELECT ${keys}, sum(n) AS n, sum(w) AS w, sum(bad) AS bad FROM "fp_hist" GROUP BY ${keys}`;
      }
    }
    const profile = await query(
      `SELECT ${rs.map((r) => `CAST(${r} AS VARCHAR) AS v${r}`).join(', ')}, CAST(rt AS VARCHAR) AS vrt, ` +
        `${groupKeys.map((k, i) => `${k.text(`r${i}`)} AS g${i}`).join(', ')}, ${labelTextOf('rt')} AS t, n, w, bad FROM (${counts})`,
    );
    const badRows = profile.reduce((a, r) => a + Number(r.bad), 0);
    if (badRows > 0) {
      const rows = await query(
        `SELECT rn, v FROM (SELECT row_number() OVER () AS rn, CAST(${quoteIdent(options.weight!)} AS VARCHAR) AS v, ${bad} AS bad FROM ${rel.sql}) WHERE bad ORDER BY rn LIMIT 5`,
      );
      throw new InputError(
        'invalid_weight',
        `The weight column "${options.weight}" has rows whose weight is missing, negative, NaN or infinite: ${badRows} row${badRows === 1 ? '' : 's'}.`,
        {
          file,
          column: options.weight,
          rows: rows.map((r) => ({ row: Number(r.rn), value: r.v === null ? '' : String(r.v) })),
          count: badRows,
          hint: 'Weights must be finite numbers ≥ 0.',
        },
      );
    }
    let label: LabelMapping | undefined;
    const texts = [
      ...new Set(
        profile
          .map((r) => r.t)
          .filter((t) => t !== null)
          .map(String),
      ),
    ];
    // The label (1 / 0 / NULL) over an expression holding its text.
    let labelFromText = (_: string) => 'NULL::INTEGER';
    if (labelInfo && texts.length > 0) {
      label = mapLabelValues(texts, options.labelRule ?? {}, { column: labelInfo.name, file });
      if (label.positive.length === 0) labelFromText = (t) => `CASE WHEN ${t} IS NULL THEN NULL ELSE 0 END`;
      else {
        params.fp_pos = listValue([...label.positive]);
        labelFromText = (t) =>
          `CASE WHEN ${t} IS NULL THEN NULL WHEN list_contains($fp_pos, ${t}) THEN 1 ELSE 0 END`;
      }
    }
    const labelExpr = labelFromText(labelText);
    const positive = new Set(label?.positive ?? []);
    const byStratum = new Map<
      string,
      { key: (string | null)[]; label: 0 | 1 | null; rows: number; weight: number }
    >();
    const stratumIds: string[] = [];
    for (const r of profile) {
      const key = groupExprs.map((_, i) => (r[`g${i}`] === null ? null : String(r[`g${i}`])));
      const y: 0 | 1 | null = r.t === null || !labelInfo ? null : positive.has(String(r.t)) ? 1 : 0;
      const id = JSON.stringify([key, y]);
      stratumIds.push(id);
      const e = byStratum.get(id) ?? { key, label: y, rows: 0, weight: 0 };
      e.rows += Number(r.n);
      e.weight += Number(r.w);
      byStratum.set(id, e);
    }
    const order = (x: Stratum) => JSON.stringify([x.key.map((v) => v ?? '\uffff'), x.label ?? 2]);
    const strata = [...byStratum.values()].sort((a, b) =>
      order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0,
    );
    const formulaFree = new Set<string>();
    const unchanged = (column: ColumnInfo | undefined, name: string) => {
      if (column?.kind !== 'string') return;
      const values = profile.map((r) => r[name]).filter((v) => v !== null && v !== undefined);
      if (values.every((v) => csvSafeText(String(v)) === String(v))) formulaFree.add(column.name);
    };
    options.groups.forEach((g, i) => {
      if (!g.edges)
        unchanged(
          columns.find((c) => c.name === g.column),
          `vr${i}`,
        );
    });
    unchanged(labelInfo, 'vrt');
    // Built on first use (reweigh, resample): the other methods look strata up by their texts.
    let cells: Cells | undefined;
    const buildCells = () => {
      const index = new Map(strata.map((s, i) => [JSON.stringify([s.key, s.label]), i]));
      return (
        rawCells(
          profile,
          [...groupKeys, { raw: labelRaw, type: labelInfo ? cellType(labelInfo) : 'VARCHAR' }],
          stratumIds.map((id) => index.get(id)!),
        ) ??
        textCells(
          strata,
          { input: groupExprs, narrow: groupKeys.map((k, i) => k.text(`"r${i}"`)) },
          { input: labelExpr, narrow: labelFromText(labelTextOf('"rt"')) },
        )
      );
    };
    return {
      source,
      file,
      columns,
      rel,
      groupExprs,
      labelExpr,
      weightExpr,
      params,
      label,
      strata,
      get cells() {
        cells ??= buildCells();
        return cells;
      },
      formulaFree,
      narrow: narrowRows,
      query,
      close: () => source.close(),
    };
  } catch (e) {
    source.close();
    throw e;
  }
}

/** Rows and Σ weight per (group, label) stratum, in a stable order (missing values last). */
export async function countStrata(prep: PreparedInput): Promise<Stratum[]> {
  return prep.strata.map((s) => ({ ...s, key: [...s.key] }));
}

/** Names of the key columns {@link keyedRelation} adds (unlikely to clash with user columns). */
export const KEY = {
  group: (i: number) => `"__fp_g${i}"`,
  label: '"__fp_y"',
  weight: '"__fp_w"',
} as const;

/** The relation with the stratum keys added as columns `__fp_g0…`, `__fp_y`, `__fp_w`. */
export function keyedRelation(prep: PreparedInput): string {
  const keys = prep.groupExprs.map((e, i) => `${e} AS ${KEY.group(i)}`);
  return `(SELECT *, ${keys.join(', ')}, ${prep.labelExpr} AS ${KEY.label}, ${prep.weightExpr} AS ${KEY.weight} FROM ${prep.rel.sql})`;
}
