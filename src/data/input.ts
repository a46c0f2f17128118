/**
 * In-memory inputs a library user can pass instead of a file path.
 */
import { UsageError } from '../errors.js';

/** Rows as plain objects, e.g. `[{ score: 0.7, gender: 'female' }]`. */
export interface RowsInput {
  readonly rows: readonly Readonly<Record<string, unknown>>[];
}

/** Columns as arrays of equal length, e.g. `{ score: [0.7, 0.2], gender: ['f', 'm'] }`. */
export interface ColumnsInput {
  readonly columns: Readonly<Record<string, ArrayLike<unknown>>>;
}

/** The part of an Apache Arrow `Table` fairprobe uses (structurally typed; apache-arrow's Table fits). */
export interface ArrowTableLike {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly { readonly name: string }[] };
  getChild(name: string): { get(index: number): unknown; toArray(): ArrayLike<unknown> } | null;
}

/** An Apache Arrow table. */
export interface ArrowInput {
  readonly arrow: ArrowTableLike;
}

/** Anything fairprobe can audit: a file path, rows, columns or an Arrow table. */
export type DataInput = string | RowsInput | ColumnsInput | ArrowInput | ArrowTableLike;

export function isArrowTable(x: unknown): x is ArrowTableLike {
  return (
    typeof x === 'object' &&
    x !== null &&
    'schema' in x &&
    'getChild' in x &&
    typeof (x as { getChild: unknown }).getChild === 'function'
  );
}

/** Column accessors over any in-memory input: names, length and a per-column getter. */
export interface MemoryTable {
  readonly kind: 'rows' | 'columns' | 'arrow';
  readonly names: readonly string[];
  readonly length: number;
  /** Reads one column (only called for the columns an audit needs: data minimisation). */
  column(name: string): ArrayLike<unknown>;
}

/** Wraps an in-memory input in uniform column accessors without copying unneeded columns. */
export function memoryTable(input: Exclude<DataInput, string>): MemoryTable {
  // JavaScript callers can pass anything: say what is expected rather than fail on a property read.
  const shape = (what: string) =>
    new UsageError(
      'bad_input',
      `The data must be a file path, { rows }, { columns }, { arrow } or an Arrow table; got ${what}.`,
      {
        hint: "For example audit({ rows: [{ score: 0.7, converted: 1, gender: 'female' }] }, { roles }).",
      },
    );
  if (input === null || typeof input !== 'object') throw shape(input === null ? 'null' : typeof input);
  if (!isArrowTable(input) && !('arrow' in input) && !('rows' in input) && !('columns' in input)) {
    throw shape(
      `an object with ${Object.keys(input).length ? `the keys ${Object.keys(input).slice(0, 5).join(', ')}` : 'no keys'}`,
    );
  }
  if ('rows' in input && !Array.isArray(input.rows))
    throw shape(`rows that are not an array (${typeof input.rows})`);
  if ('columns' in input && (input.columns === null || typeof input.columns !== 'object'))
    throw shape(`columns that are not an object of arrays`);
  if (isArrowTable(input) || 'arrow' in input) {
    const table = isArrowTable(input) ? input : input.arrow;
    return {
      kind: 'arrow',
      names: table.schema.fields.map((f) => f.name),
      length: table.numRows,
      column(name) {
        const child = table.getChild(name);
        if (!child) return [];
        const out = new Array<unknown>(table.numRows);
        for (let i = 0; i < table.numRows; i++) out[i] = child.get(i);
        return out;
      },
    };
  }
  if ('rows' in input) {
    const rows = input.rows;
    const names: string[] = [];
    const seen = new Set<string>();
    for (const row of rows.slice(0, 1000)) {
      for (const k of Object.keys(row)) {
        if (!seen.has(k)) {
          seen.add(k);
          names.push(k);
        }
      }
    }
    return {
      kind: 'rows',
      names,
      length: rows.length,
      column(name) {
        const out = new Array<unknown>(rows.length);
        for (let i = 0; i < rows.length; i++) out[i] = rows[i]![name];
        return out;
      },
    };
  }
  const cols = input.columns;
  const names = Object.keys(cols);
  const lengths = new Set(names.map((n) => cols[n]!.length));
  return {
    kind: 'columns',
    names,
    length: lengths.size === 0 ? 0 : Math.max(...lengths),
    column(name) {
      return cols[name] ?? [];
    },
  };
}
