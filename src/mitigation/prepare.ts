import type { DuckDBValue } from '@duckdb/node-api';
import { listValue } from '@duckdb/node-api';
import {
  binLabel,
  type ColumnInfo,
  type DataInput,
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
import { checkOutputPath } from './output.js';
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
  /** The label expression (1 / 0 / NULL) over another expression holding the label text (`fp_narrow.t`). */
  labelOf(text: string): string;
  /** The input weight as DOUBLE (1.0 without a weight column). */
  readonly weightExpr: string;
  readonly params: Record<string, DuckDBValue>;
  readonly label?: LabelMapping | undefined;
  /** Rows and Σ weight per (group, label) stratum, from the profiling pass, in a stable order. */
  readonly strata: readonly Stratum[];
  /** Runs a query with only the parameters it uses; read errors name the file and line. */
  query(sql: string, params?: Record<string, DuckDBValue>): Promise<Record<string, unknown>[]>;
  close(): void;
}

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
     * Extra per-row expressions (`expr AS "name"`) to keep, with the group keys (`g0…`), label text
     * (`t`) and weight (`w`), in the temporary table `fp_narrow`, built in the same scan as the
     * profile: a method that needs a second look at a few columns then reads no file again.
     */
    readonly narrow?:
      | ((
          columns: readonly ColumnInfo[],
          file: string | undefined,
        ) => {
          readonly exprs: readonly string[];
          readonly params: Record<string, DuckDBValue>;
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
    const groupExprs = options.groups.map((g, i) => {
      const info = needColumn(columns, g.column, 'group', file);
      const c = quoteIdent(g.column);
      if (!g.edges) return textOf(c, info.kind, na);
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
      return `CASE WHEN ${c} IS NULL OR isnan(${c}) THEN NULL ${cases.join(' ')} ELSE $fp_b${i}_last END`;
    });
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
    // One pass: rows and Σ weight per (group values, label text), and the invalid weights.
    const labelInfo =
      options.label !== undefined ? needColumn(columns, options.label, 'label', file) : undefined;
    const labelText = labelInfo ? textOf(quoteIdent(labelInfo.name), labelInfo.kind, na) : 'NULL::VARCHAR';
    const w = weightExpr;
    const bad =
      options.weight !== undefined ? `(${w} IS NULL OR isnan(${w}) OR isinf(${w}) OR ${w} < 0)` : 'false';
    const gs = groupExprs.map((_, i) => `g${i}`).join(', ');
    const rowSelect = `SELECT ${groupExprs.map((e, i) => `${e} AS g${i}`).join(', ')}, ${labelText} AS t, ${w} AS w, ${bad} AS b`;
    let rows = `(${rowSelect} FROM ${rel.sql})`;
    if (needs.narrow) {
      const narrow = needs.narrow(columns, file);
      Object.assign(params, narrow.params);
      await query(
        `CREATE TEMP TABLE "fp_narrow" AS ${rowSelect}${narrow.exprs.map((e) => `, ${e}`).join('')} FROM ${rel.sql}`,
      );
      rows = '"fp_narrow"';
    }
    const profile = await query(
      `SELECT ${gs}, t, count(*) AS n, sum(CASE WHEN b THEN 0 ELSE w END) AS w, count(*) FILTER (WHERE b) AS bad FROM ${rows} ` +
        `GROUP BY ${gs}, t`,
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
    let labelExpr = 'NULL::INTEGER';
    let label: LabelMapping | undefined;
    const texts = [
      ...new Set(
        profile
          .map((r) => r.t)
          .filter((t) => t !== null)
          .map(String),
      ),
    ];
    if (labelInfo && texts.length > 0) {
      label = mapLabelValues(texts, options.labelRule ?? {}, { column: labelInfo.name, file });
      if (label.positive.length === 0) labelExpr = `CASE WHEN ${labelText} IS NULL THEN NULL ELSE 0 END`;
      else {
        params.fp_pos = listValue([...label.positive]);
        labelExpr = `CASE WHEN ${labelText} IS NULL THEN NULL WHEN list_contains($fp_pos, ${labelText}) THEN 1 ELSE 0 END`;
      }
    }
    const positive = new Set(label?.positive ?? []);
    const byStratum = new Map<
      string,
      { key: (string | null)[]; label: 0 | 1 | null; rows: number; weight: number }
    >();
    for (const r of profile) {
      const key = groupExprs.map((_, i) => (r[`g${i}`] === null ? null : String(r[`g${i}`])));
      const y: 0 | 1 | null = r.t === null || !labelInfo ? null : positive.has(String(r.t)) ? 1 : 0;
      const id = JSON.stringify([key, y]);
      const e = byStratum.get(id) ?? { key, label: y, rows: 0, weight: 0 };
      e.rows += Number(r.n);
      e.weight += Number(r.w);
      byStratum.set(id, e);
    }
    const order = (x: Stratum) => JSON.stringify([x.key.map((v) => v ?? '\uffff'), x.label ?? 2]);
    const strata = [...byStratum.values()].sort((a, b) =>
      order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0,
    );
    const labelOf = (t: string) =>
      labelExpr === 'NULL::INTEGER' ? labelExpr : labelExpr.replaceAll(labelText, t);
    return {
      source,
      file,
      labelOf,
      columns,
      rel,
      groupExprs,
      labelExpr,
      weightExpr,
      params,
      label,
      strata,
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

/** A stratum's lookup key: group values and label joined by U+001F, U+001E for a missing value. */
function stratumKey(key: readonly (string | null)[], label: 0 | 1 | null): string {
  return [...key, label === null ? null : String(label)].map((v) => v ?? '\u001e').join('\u001f');
}

/** Largest dense lookup table (product of the attributes' value counts × 3 labels) before falling back to text keys. */
const DENSE_LIMIT = 100_000;

/**
 * A SQL expression over {@link keyedRelation} mapping each row's stratum (group key and label) to a
 * number, NULL for strata not listed. One lookup per row: each attribute's value is found in its
 * short list of values, and the positions index a dense table (a CASE with a branch per stratum
 * would make DuckDB recompute the key expressions in every branch). Parameters are added to
 * `params` under `prefix`. A missing group value is its own stratum.
 */
export function strataCase(
  strata: readonly {
    readonly key: readonly (string | null)[];
    readonly label: 0 | 1 | null;
    readonly value: number;
  }[],
  params: Record<string, DuckDBValue>,
  prefix: string,
): string {
  if (strata.length === 0) return 'NULL::DOUBLE';
  const width = strata[0]!.key.length;
  const values = Array.from({ length: width }, (_, i) =>
    [
      ...new Set(strata.map((s) => s.key[i]).filter((v): v is string => v !== null && v !== undefined)),
    ].sort(),
  );
  // Slots per attribute: its values, then one for "missing"; labels: 0, 1, missing.
  const sizes = values.map((v) => v.length + 1);
  const cells = sizes.reduce((a, b) => a * b, 3);
  if (cells <= DENSE_LIMIT) {
    const table: string[] = Array.from({ length: cells }, () => 'NaN');
    for (const st of strata) {
      let index = 0;
      st.key.forEach((v, i) => {
        index = index * sizes[i]! + (v === null ? values[i]!.length : values[i]!.indexOf(v));
      });
      table[index * 3 + (st.label === null ? 2 : st.label)] = String(st.value);
    }
    const parts = values.map((v, i) => {
      params[`${prefix}_v${i}`] = listValue(v.length ? v : ['']);
      return `coalesce(list_position($${prefix}_v${i}, ${KEY.group(i)}), ${v.length + 1}) - 1`;
    });
    let index = '0';
    parts.forEach((p, i) => {
      index = i === 0 ? `(${p})` : `(${index}) * ${sizes[i]} + (${p})`;
    });
    params[`${prefix}_t`] = listValue(table);
    const cell = `(${index}) * 3 + coalesce(${KEY.label}, 2) + 1`;
    // As text, cast once: a list takes the type of its first item; NaN marks strata not listed.
    return `nullif(CAST($${prefix}_t AS DOUBLE[])[${cell}], 'NaN'::DOUBLE)`;
  }
  params[`${prefix}_keys`] = listValue(strata.map((s) => stratumKey(s.key, s.label)));
  params[`${prefix}_vals`] = listValue(strata.map((s) => String(s.value)));
  const groups = strata[0]!.key.map((_, i) => `coalesce(${KEY.group(i)}, chr(30))`);
  const key = `concat_ws(chr(31), ${[...groups, `coalesce(CAST(${KEY.label} AS VARCHAR), chr(30))`].join(', ')})`;
  return `CAST($${prefix}_vals AS DOUBLE[])[list_position($${prefix}_keys, ${key})]`;
}
