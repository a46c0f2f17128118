/**
 * Per-row stratum lookups for streaming queries: each row's stratum as a cell number computed from
 * its raw key values (or, when they cannot be listed, from the keys' texts), and per-cell lists of
 * values (factors, copies, cutoffs) indexed by it.
 */
import { type DuckDBValue, listValue } from '@duckdb/node-api';
import type { ColumnInfo } from '../data/index.js';
import type { Stratum } from './prepare.js';

/**
 * Each row's stratum as a number (a cell), computed from the row's raw key values — one short list
 * lookup per attribute and none of the text conversions of the keys — so that per-stratum values
 * (factors, cutoffs) are read from a list indexed by the cell. Several cells can belong to one
 * stratum (e.g. ` a` and `a`, or `1` and `true` as labels).
 */
export interface Cells {
  /**
   * The SQL expression of the row's cell (1 … size): over the input relation (`rel.sql`), or over
   * the temporary table `fp_narrow` (raw keys stored as `r0…`, `rt`).
   */
  expr(over?: 'input' | 'narrow'): string;
  readonly size: number;
  /** The index in `strata` of each cell's stratum (cell c at c − 1); -1 for combinations not in the data. */
  readonly stratumOf: readonly number[];
  /** Parameters of `expr` (besides the input's): pass them with any query using it. */
  readonly params: Record<string, DuckDBValue>;
}

/**
 * A list of per-cell (or per-stratum) values as a SQL expression to index: the values are bound as a
 * text list under `name` in `params` (a list takes the type of its first item) and cast once; the
 * cells' own parameters are added too.
 */
export function cellList(
  cells: Cells,
  values: readonly (string | number | bigint)[],
  type: 'DOUBLE' | 'BIGINT' | 'UBIGINT',
  params: Record<string, DuckDBValue>,
  name: string,
): string {
  params[name] = listValue(values.map(String));
  Object.assign(params, cells.params);
  return `CAST($${name} AS ${type}[])`;
}

/** A stratum's lookup key: group values and label joined by U+001F, U+001E for a missing value. */
function stratumKey(key: readonly (string | null)[], label: 0 | 1 | null): string {
  return [...key, label === null ? null : String(label)].map((v) => v ?? '\u001e').join('\u001f');
}

/** Largest dense lookup table (product of the attributes' value counts × 3 labels) before falling back to text keys. */
const DENSE_LIMIT = 100_000;

/**
 * A SQL expression mapping each row's stratum (group texts and label 1 / 0 / NULL, given as the
 * expressions `keys`) to a number, NULL for strata not listed. One lookup per row: each attribute's
 * value is found in its short list of values, and the positions index a dense table (a CASE with a
 * branch per stratum would make DuckDB recompute the key expressions in every branch). Parameters
 * are added to `params` under `prefix`. A missing group value is its own stratum.
 */
export function strataCase(
  strata: readonly {
    readonly key: readonly (string | null)[];
    readonly label: 0 | 1 | null;
    readonly value: number;
  }[],
  params: Record<string, DuckDBValue>,
  prefix: string,
  keys: { readonly groups: readonly string[]; readonly label: string },
): string {
  const groupKey = (i: number) => keys.groups[i]!;
  const labelKey = keys.label;
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
      return `coalesce(list_position($${prefix}_v${i}, ${groupKey(i)}), ${v.length + 1}) - 1`;
    });
    let index = '0';
    parts.forEach((p, i) => {
      index = i === 0 ? `(${p})` : `(${index}) * ${sizes[i]} + (${p})`;
    });
    params[`${prefix}_t`] = listValue(table);
    const cell = `(${index}) * 3 + coalesce(${labelKey}, 2) + 1`;
    // As text, cast once: a list takes the type of its first item; NaN marks strata not listed.
    return `nullif(CAST($${prefix}_t AS DOUBLE[])[${cell}], 'NaN'::DOUBLE)`;
  }
  params[`${prefix}_keys`] = listValue(strata.map((s) => stratumKey(s.key, s.label)));
  params[`${prefix}_vals`] = listValue(strata.map((s) => String(s.value)));
  const groups = strata[0]!.key.map((_, i) => `coalesce(${groupKey(i)}, chr(30))`);
  const key = `concat_ws(chr(31), ${[...groups, `coalesce(CAST(${labelKey} AS VARCHAR), chr(30))`].join(', ')})`;
  return `CAST($${prefix}_vals AS DOUBLE[])[list_position($${prefix}_keys, ${key})]`;
}

/** Most distinct raw values of one attribute looked up per row before keys fall back to text. */
const RAW_VALUES_LIMIT = 1_000;

/** Types whose values survive a round trip through text exactly, so they can be bound as text lists. */
const EXACT_TEXT_TYPE =
  /^(VARCHAR|BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL\(\d+, ?\d+\))$/i;

/** The SQL type a raw key's values are cast back to, or undefined when they cannot be (text keys then). */
export function cellType(info: ColumnInfo): string | undefined {
  return EXACT_TEXT_TYPE.test(info.type) ? info.type : undefined;
}

/**
 * Cells over raw key values: per attribute (and the label), the row's position in the list of its
 * distinct raw values (the missing slot after them), combined into one dense index. Undefined when
 * a key's type cannot be listed, an attribute has too many values or the table would be too large.
 * `keys` are the raw keys over the input, the label last; `profile` holds their values as text
 * (`vr0…`, `vrt`) per row of the profile, whose stratum is `stratumOfRow`.
 */
export function rawCells(
  profile: readonly Record<string, unknown>[],
  keys: readonly { readonly raw: string; readonly type: string | undefined }[],
  stratumOfRow: readonly number[],
): Cells | undefined {
  const params: Record<string, DuckDBValue> = {};
  if (keys.some((k) => k.type === undefined)) return undefined;
  const names = keys.map((_, i) => (i === keys.length - 1 ? 'rt' : `r${i}`));
  const values = names.map((n) => [
    ...new Set(
      profile
        .map((r) => r[`v${n}`])
        .filter((v) => v !== null && v !== undefined)
        .map(String),
    ),
  ]);
  if (values.some((v) => v.length > RAW_VALUES_LIMIT)) return undefined;
  const sizes = values.map((v) => v.length + 1);
  const size = sizes.reduce((a, b) => a * b, 1);
  if (size > DENSE_LIMIT) return undefined;
  const positions = values.map((v) => new Map(v.map((x, i) => [x, i])));
  const stratumOf: number[] = Array.from({ length: size }, () => -1);
  profile.forEach((r, row) => {
    let cell = 0;
    names.forEach((n, i) => {
      const v = r[`v${n}`];
      const slot = v === null || v === undefined ? values[i]!.length : positions[i]!.get(String(v))!;
      cell = cell * sizes[i]! + slot;
    });
    stratumOf[cell] = stratumOfRow[row]!;
  });
  // Bound as text and cast once to the key's type (an empty list gets a placeholder never looked up).
  const lists = values.map((v, i) => {
    params[`fp_rv${i}`] = listValue(v.length ? v : ['0']);
    return keys[i]!.type!.toUpperCase() === 'VARCHAR'
      ? `$fp_rv${i}`
      : `CAST($fp_rv${i} AS ${keys[i]!.type}[])`;
  });
  return {
    size,
    stratumOf,
    params,
    expr(over = 'input') {
      let index = '';
      lists.forEach((list, i) => {
        const key = over === 'narrow' ? `"${names[i]}"` : keys[i]!.raw;
        const slot = `(coalesce(list_position(${list}, ${key}), ${sizes[i]}) - 1)`;
        index = i === 0 ? slot : `(${index}) * ${sizes[i]} + ${slot}`;
      });
      return `(${index} + 1)`;
    },
  };
}

/**
 * Cells over the keys' texts when raw keys cannot be listed: the stratum's index in `strata` (1-based;
 * one more for combinations not in the data), looked up with {@link strataCase}.
 */
export function textCells(
  strata: readonly Stratum[],
  groups: { readonly input: readonly string[]; readonly narrow: readonly string[] },
  label: { readonly input: string; readonly narrow: string },
): Cells {
  const listed = strata.map((s, i) => ({ key: s.key, label: s.label, value: i + 1 }));
  const params: Record<string, DuckDBValue> = {};
  const over = (keys: { readonly groups: readonly string[]; readonly label: string }, prefix: string) =>
    `coalesce(CAST(${strataCase(listed, params, prefix, keys)} AS BIGINT), ${strata.length + 1})`;
  const input = over({ groups: groups.input, label: label.input }, 'fp_sci');
  const narrow = over({ groups: groups.narrow, label: label.narrow }, 'fp_scn');
  return {
    params,
    size: strata.length + 1,
    stratumOf: [...strata.map((_, i) => i), -1],
    expr: (where = 'input') => (where === 'input' ? input : narrow),
  };
}
