import {
  type ColumnKind,
  type DataInput,
  type LabelRule,
  mapLabelValues,
  openSource,
  type ReadOptions,
  sourceReadError,
} from '../data/index.js';
import { InputError } from '../errors.js';
import { closestNames, quoteIdent } from '../util/strings.js';
import type { FeatureSpec } from './logistic.js';

/** Column arrays read into memory: numbers (DOUBLE) or texts, null when missing. */
export type Columns = Record<string, (number | string | null)[]>;

export interface ReadColumnsOptions {
  /** The columns to read (only these: data minimisation); `undefined`: every column. */
  readonly columns?: readonly string[] | undefined;
  /** The real outcome: mapped to 0/1 as an audit maps it; rows without it are dropped. */
  readonly label?: string | undefined;
  readonly labelRule?: LabelRule | undefined;
  readonly read?: ReadOptions | undefined;
  /** What the columns are for, in error messages (default `feature`). */
  readonly role?: string | undefined;
}

export interface ReadColumns {
  readonly columns: Columns;
  readonly n: number;
  readonly kinds: ReadonlyMap<string, ColumnKind>;
  /** 0/1 labels when `label` was given. */
  readonly labels?: number[] | undefined;
  /** Rows dropped for a missing label. */
  readonly unlabeled: number;
  readonly file?: string | undefined;
}

/**
 * Reads the named columns of a data file (or in-memory input) into column arrays: numeric columns
 * as numbers, every other type as text. Model training, counterfactual tests, proxy checks and
 * threshold fitting work on these; they hold the rows in memory (scoring streams instead).
 * @throws {InputError} a column is missing (with the closest names), labels are not binary.
 */
export async function readColumns(input: DataInput, options: ReadColumnsOptions = {}): Promise<ReadColumns> {
  const source = await openSource(input, options.read ?? {});
  try {
    const file = source.info.kind === 'file' ? source.info.name : undefined;
    const byName = new Map(source.columns.map((c) => [c.name, c]));
    const wanted = options.columns ?? source.columns.map((c) => c.name);
    const names = [...new Set([...wanted, ...(options.label ? [options.label] : [])])];
    for (const c of names) {
      if (byName.has(c)) continue;
      const role = c === options.label ? 'label' : (options.role ?? 'feature');
      const near = closestNames(c, [...byName.keys()]);
      throw new InputError('missing_column', `The ${role} column "${c}" is not in the data.`, {
        file,
        column: c,
        hint: near.length
          ? `Did you mean ${near.map((x) => `"${x}"`).join(' or ')}? Columns: ${[...byName.keys()].join(', ')}.`
          : `Columns in the data: ${[...byName.keys()].join(', ')}.`,
      });
    }
    const kinds = new Map(names.map((c) => [c, byName.get(c)!.kind]));
    const rel = await source.relation(names);
    const sel = names.map((c) => {
      const q = quoteIdent(c);
      return kinds.get(c) === 'number'
        ? `CAST(${q} AS DOUBLE) AS ${q}`
        : `NULLIF(trim(CAST(${q} AS VARCHAR)), '') AS ${q}`;
    });
    let reader: Awaited<ReturnType<typeof source.connection.runAndReadAll>>;
    try {
      reader = await source.connection.runAndReadAll(`SELECT ${sel.join(', ')} FROM ${rel.sql}`, rel.params);
    } catch (e) {
      throw await sourceReadError(source, e);
    }
    const columns = reader.getColumnsObjectJS() as Columns;
    for (const c of names) {
      // NaN reads as missing.
      if (kinds.get(c) === 'number')
        columns[c] = columns[c]!.map((v) => (typeof v === 'number' && Number.isNaN(v) ? null : v));
    }
    let n = reader.currentRowCount;
    let labels: number[] | undefined;
    let unlabeled = 0;
    if (options.label) {
      const raw = columns[options.label]!.map((v) =>
        v === null ? null : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : String(v)) : v,
      );
      const mapping = mapLabelValues(
        raw.filter((v): v is string => v !== null),
        options.labelRule ?? {},
        { column: options.label, file },
      );
      const pos = new Set(mapping.positive);
      const keep: number[] = [];
      for (let i = 0; i < n; i++) if (raw[i] !== null) keep.push(i);
      unlabeled = n - keep.length;
      if (unlabeled > 0) {
        for (const c of Object.keys(columns)) columns[c] = keep.map((i) => columns[c]![i] ?? null);
      }
      labels = keep.map((i) => (pos.has(raw[i]!) ? 1 : 0));
      n = keep.length;
    }
    return { columns, n, kinds, labels, unlabeled, file };
  } finally {
    source.close();
  }
}

/** Splits feature names into numeric and categorical by their column kinds. */
export function featureSpecOf(names: readonly string[], kinds: ReadonlyMap<string, ColumnKind>): FeatureSpec {
  return {
    numeric: names.filter((c) => kinds.get(c) === 'number'),
    categorical: names.filter((c) => kinds.get(c) !== 'number'),
  };
}
