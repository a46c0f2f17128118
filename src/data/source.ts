import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import {
  BOOLEAN,
  DOUBLE,
  DuckDBTimestampValue,
  listValue,
  structValue,
  TIMESTAMP,
  VARCHAR,
} from '@duckdb/node-api';
import { FairprobeError, InputError } from '../errors.js';
import { quoteIdent, usedParams } from '../util/strings.js';
import { type Engine, type EngineOptions, memoryLimitBytes, openEngine } from './engine.js';
import { detectFormat, type FileFormat } from './format.js';
import { type DataInput, type MemoryTable, memoryTable } from './input.js';
import type { ProgressListener } from './progress.js';
import { findRaggedRows } from './ragged.js';

/** How to read a file. Everything is optional: DuckDB detects delimiter, header, quotes and types. */
export interface ReadOptions {
  /** Force a format instead of detecting it from the file name. */
  readonly format?: string | undefined;
  /** CSV field delimiter (detected when absent). */
  readonly delimiter?: string | undefined;
  /** Whether the CSV's first line is a header (detected when absent). */
  readonly header?: boolean | undefined;
  /** Names for the columns of a CSV without a header line. */
  readonly columnNames?: readonly string[] | undefined;
  /** Cell texts that mean "missing", e.g. `['unknown', '?']` (empty cells always are). */
  readonly naValues?: readonly string[] | undefined;
  /** Numbers in the CSV use a decimal comma (`0,65`), as in many European exports. */
  readonly decimalComma?: boolean | undefined;
  /** Text encoding of a CSV: `utf-8` (default), `utf-16` or `latin-1`. */
  readonly encoding?: string | undefined;
  /** Engine settings (memory limit, spill directory, threads). */
  readonly engine?: EngineOptions | undefined;
  /**
   * Start the file's SHA-256 as it is opened, for callers that will ask for the fingerprint: the
   * hashing then overlaps the (single-threaded) CSV sniffing instead of competing with the scan.
   */
  readonly prefetchFingerprint?: boolean | undefined;
  /** Told, ten times a second, that a long pass over the data still runs (for a terminal's spinner). */
  readonly onProgress?: ProgressListener | undefined;
  /** Cancels the source's passes over the data: DuckDB stops, and the pass rejects (code `aborted`). */
  readonly signal?: AbortSignal | undefined;
}

/** A column as the source describes it. */
export interface ColumnInfo {
  readonly name: string;
  /** The DuckDB type, e.g. `DOUBLE`, `VARCHAR`, `BIGINT`. */
  readonly type: string;
  readonly kind: ColumnKind;
}
export type ColumnKind = 'number' | 'string' | 'boolean' | 'time' | 'other';

/** A SQL relation with named parameters; `sql` can stand after FROM. */
export interface Relation {
  readonly sql: string;
  readonly params: Record<string, DuckDBValue>;
}

/** Where the data came from and its fingerprint. */
export interface SourceInfo {
  /** The file path, or a description of the in-memory input. */
  readonly name: string;
  readonly kind: 'file' | 'memory';
  readonly format: FileFormat | 'rows' | 'columns' | 'arrow';
  readonly gzip: boolean;
  /** File size in bytes (files only). */
  readonly bytes?: number | undefined;
  /** Rows (in-memory inputs only: a file's rows are not counted when it is opened). */
  readonly rows?: number | undefined;
}

/** An opened data source: its columns, and relations over only the columns asked for. */
export interface Source {
  readonly info: SourceInfo;
  readonly columns: readonly ColumnInfo[];
  readonly connection: DuckDBConnection;
  /** A relation holding only `columns` (data minimisation: nothing else is read or copied). */
  relation(columns: readonly string[]): Promise<Relation>;
  /** SHA-256 of the file's bytes; for in-memory inputs, of the columns used, canonically serialised. */
  fingerprint(): Promise<string>;
  close(): void;
  /** Listener for the progress of long passes (`withProgress`), from `ReadOptions.onProgress`. */
  readonly onProgress?: ProgressListener | undefined;
  /** From `ReadOptions.signal`: once aborted, a pass that fails failed because it was cancelled. */
  readonly signal?: AbortSignal | undefined;
}

export function columnKind(type: string): ColumnKind {
  const t = type.toUpperCase();
  if (
    /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/.test(
      t,
    )
  )
    return 'number';
  if (t === 'BOOLEAN') return 'boolean';
  if (t.startsWith('VARCHAR')) return 'string';
  if (t.startsWith('DATE') || t.startsWith('TIMESTAMP')) return 'time';
  return 'other';
}

/**
 * Opens a file (CSV, TSV, Parquet, JSON, NDJSON, optionally gzip) or an in-memory input
 * (rows, columns, an Arrow table) as a {@link Source} backed by an embedded DuckDB.
 *
 * Only the file's schema is read here (DuckDB samples the start of a CSV); rows are read when a
 * relation is queried, and only the columns named.
 *
 * @throws {InputError} missing or empty file, malformed CSV, header only.
 * @throws {UsageError} unsupported format.
 * @example
 * const src = await openSource('datasets/prospects.csv');
 * src.columns.map((c) => c.name) // => ['lead_id', 'signup_date', 'score', ...]
 */
export async function openSource(input: DataInput, options: ReadOptions = {}): Promise<Source> {
  const engine = await openEngine(options.engine);
  try {
    const source =
      typeof input === 'string'
        ? await openFile(engine, input, options)
        : await openMemory(engine, memoryTable(input), options);
    const { signal, onProgress } = options;
    if (signal) {
      if (signal.aborted) throw abortedError(source.info.name);
      // DuckDB stops the running query; the pass then rejects, and sourceReadError says why.
      const interrupt = () => engine.connection.interrupt();
      signal.addEventListener('abort', interrupt, { once: true });
      const close = source.close;
      Object.assign(source, {
        signal,
        close: () => {
          signal.removeEventListener('abort', interrupt);
          close();
        },
      });
    }
    return onProgress ? Object.assign(source, { onProgress }) : source;
  } catch (e) {
    engine.close();
    throw e;
  }
}

async function openFile(engine: Engine, path: string, options: ReadOptions): Promise<Source> {
  let bytes: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) {
      throw new InputError('not_a_file', `"${path}" is a folder, not a data file.`, {
        file: path,
        hint: 'Give the path of a CSV, TSV, Parquet, JSON or NDJSON file.',
      });
    }
    bytes = st.size;
  } catch (e) {
    if (e instanceof FairprobeError) throw e;
    throw new InputError('file_not_found', `Cannot find the data file "${path}".`, {
      file: path,
      hint: 'Check the path (it is relative to the current folder).',
    });
  }
  const { format, gzip } = detectFormat(path, options.format);
  if (bytes === 0) {
    throw new InputError('empty_file', `The file "${path}" is empty (0 bytes).`, {
      file: path,
      hint: 'Export the scored data again; the file has no header and no rows.',
    });
  }
  let hash: Promise<string> | undefined;
  if (options.prefetchFingerprint) {
    hash = sha256File(path);
    hash.catch(() => undefined); // a failure is reported to whoever asks for the fingerprint
  }
  const { connection } = engine;
  const reader = readerCall(format, options);
  const params: Record<string, DuckDBValue> = { fp_path: path, ...reader.params };
  let from = reader.sql;

  let columns: ColumnInfo[];
  try {
    if (reader.csvArgs) {
      // Sniff once and pin what was found: every later query then reads the file without
      // sniffing it again (~50 ms a query), with the same dialect and types.
      const sniffed = await connection.runAndReadAll(
        `SELECT * FROM sniff_csv(${reader.csvArgs.join(', ')})`,
        params,
      );
      const found = sniffed.getRowObjectsJS()[0] as unknown as SniffedCsv;
      columns = found.Columns.map((c) => ({ name: c.name, type: c.type, kind: columnKind(c.type) }));
      const pinned = pinnedCsv(reader.csvArgs, found);
      from = pinned.sql;
      Object.assign(params, pinned.params);
      // The options the sniffer settled (delimiter, header, names) are no longer parameters.
      const used = usedParams(from, params);
      for (const name of Object.keys(params)) if (!(name in used)) delete params[name];
    } else {
      const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`, params);
      columns = described.getRowObjectsJson().map((r) => {
        const type = String(r.column_type);
        return { name: String(r.column_name), type, kind: columnKind(type) };
      });
    }
  } catch (e) {
    throw await translateReadError(e, path, format);
  }
  const noHeader =
    options.header === undefined &&
    !options.columnNames?.length &&
    columns.every((c) => /^column\d+$/.test(c.name));
  if ((format === 'csv' || format === 'tsv') && (columns.length === 1 || noHeader)) {
    // The sniffer found no consistent delimiter, or no header line: usually ragged rows (a row
    // longer than the header makes DuckDB read the header as data). Find them and say where.
    const ragged = await findRaggedRows(path, gzip);
    if (ragged) throw ragged;
  }
  const count = await connection.runAndReadAll(`SELECT 1 FROM ${from} LIMIT 1`, params).catch(async (e) => {
    throw await translateReadError(e, path, format);
  });
  if (count.currentRowCount === 0) {
    const what = format === 'csv' || format === 'tsv' ? 'has a header but no data rows' : 'has no records';
    throw new InputError('no_rows', `The file "${path}" ${what}.`, {
      file: path,
      hint: 'Export the scored data again, with its rows.',
    });
  }
  return {
    info: { name: path, kind: 'file', format, gzip, bytes },
    columns,
    connection,
    async relation(names) {
      const list = names.map(quoteIdent).join(', ');
      return { sql: `(SELECT ${list} FROM ${from})`, params };
    },
    fingerprint() {
      hash ??= sha256File(path);
      return hash;
    },
    close: () => engine.close(),
  };
}

const MiB = 1024 * 1024;

/**
 * The CSV reader's buffer under a memory limit: DuckDB's default (32 MiB per buffer, two in
 * flight per thread) alone exceeds a small limit, so the buffer shrinks to 1/16 of the limit
 * (at least 2 MiB, the longest line DuckDB accepts by default). Undefined: keep DuckDB's default.
 */
function csvBufferSize(memoryLimit: string | undefined): number | undefined {
  const bytes = memoryLimitBytes(memoryLimit);
  if (bytes === undefined || bytes / 16 >= 32 * MiB) return undefined;
  return Math.max(2 * MiB, Math.floor(bytes / 16));
}

/** What DuckDB's CSV sniffer found (a row of `sniff_csv`). */
interface SniffedCsv {
  readonly Delimiter: string;
  readonly Quote: string;
  readonly Escape: string;
  readonly NewLineDelimiter: string;
  readonly Comment: string;
  readonly SkipRows: number;
  readonly HasHeader: boolean;
  readonly Columns: readonly { readonly name: string; readonly type: string }[];
  readonly DateFormat: string | null;
  readonly TimestampFormat: string | null;
}

/**
 * A `read_csv` call with the sniffer's findings given explicitly (as `sniff_csv`'s own `Prompt`
 * does), so DuckDB does not sniff again; the reading options the user gave are kept.
 */
function pinnedCsv(args: readonly string[], found: SniffedCsv): Relation {
  const none = (v: string) => (v === '(empty)' ? '' : v);
  const params: Record<string, DuckDBValue> = {
    fp_pin_delim: found.Delimiter,
    fp_pin_quote: none(found.Quote),
    fp_pin_escape: none(found.Escape),
    fp_pin_new_line: found.NewLineDelimiter,
    fp_pin_comment: none(found.Comment),
    fp_pin_skip: Number(found.SkipRows),
    fp_pin_header: found.HasHeader,
    fp_pin_columns: structValue(Object.fromEntries(found.Columns.map((c) => [c.name, c.type]))),
  };
  const pinned = [
    ...args.filter((a) => !/^(delim|header|names|auto_type_candidates) =/.test(a)),
    'auto_detect = false',
    ...Object.keys(params).map((k) => `${k.slice('fp_pin_'.length)} = $${k}`),
  ];
  for (const [option, value] of [
    ['dateformat', found.DateFormat],
    ['timestampformat', found.TimestampFormat],
  ] as const) {
    if (value === null || value === '') continue;
    pinned.push(`${option} = $fp_pin_${option}`);
    params[`fp_pin_${option}`] = value;
  }
  return { sql: `read_csv(${pinned.join(', ')})`, params };
}

function readerCall(format: FileFormat, options: ReadOptions): Relation & { readonly csvArgs?: string[] } {
  const params: Record<string, DuckDBValue> = {};
  const args: string[] = ['$fp_path'];
  if (format === 'csv' || format === 'tsv') {
    const delim = options.delimiter ?? (format === 'tsv' ? '\t' : undefined);
    if (delim !== undefined) {
      args.push('delim = $fp_delim');
      params.fp_delim = delim;
    }
    if (options.header !== undefined) {
      args.push('header = $fp_header');
      params.fp_header = options.header;
    }
    if (options.columnNames?.length) {
      args.push('names = $fp_names');
      params.fp_names = listValue([...options.columnNames]);
    }
    const buffer = csvBufferSize(options.engine?.memoryLimit);
    if (buffer !== undefined) {
      args.push('buffer_size = $fp_buffer');
      params.fp_buffer = buffer;
    }
    // Missing-value texts match with or without the padding of ", "-separated files (e.g. " ?").
    const na = [
      ...new Set(['', ...(options.naValues ?? []).flatMap((v) => [v, ` ${v}`, `${v} `, ` ${v} `])]),
    ];
    args.push('nullstr = $fp_na');
    if (options.decimalComma) args.push(`decimal_separator = ','`);
    if (options.encoding) {
      args.push('encoding = $fp_encoding');
      params.fp_encoding = options.encoding;
    }
    // No BOOLEAN: DuckDB would read yes/no and t/f as true/false, so `--positive yes` would match
    // nothing and groups would lose their written values. Texts stay texts.
    args.push(`auto_type_candidates = ['BIGINT', 'DOUBLE', 'TIME', 'DATE', 'TIMESTAMP', 'VARCHAR']`);
    params.fp_na = listValue(na);
    return { sql: `read_csv(${args.join(', ')})`, params, csvArgs: args };
  }
  if (format === 'parquet') return { sql: 'read_parquet($fp_path)', params };
  if (format === 'json') return { sql: "read_json($fp_path, format = 'array')", params };
  return { sql: "read_json($fp_path, format = 'newline_delimited')", params };
}

/** Turns a DuckDB read error into an InputError naming the file, line and column. */
export async function translateReadError(
  e: unknown,
  path: string,
  format: FileFormat,
): Promise<FairprobeError> {
  if (e instanceof FairprobeError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const line = /CSV Error on Line: (\d+)/.exec(msg)?.[1];
  const col = /converting column "([^"]+)"/.exec(msg)?.[1];
  const value = /Could not convert string "([^"]*)"/.exec(msg)?.[1];
  if (/not utf-8 encoded|Invalid unicode/i.test(msg)) {
    return new InputError(
      'bad_encoding',
      `"${path}" is not UTF-8 text${line ? ` (first bad byte at line ${line})` : ''}.`,
      {
        file: path,
        hint: 'Pass its encoding, e.g. --encoding latin-1 (Windows and older European exports) or --encoding utf-16, or save it again as UTF-8.',
      },
    );
  }
  if (/Expected Number of Columns|Too many columns|not enough columns/i.test(msg)) {
    const ragged = await findRaggedRows(path, path.toLowerCase().endsWith('.gz'));
    if (ragged) return ragged;
  }
  if (line && col) {
    return new InputError(
      'bad_value',
      `Column "${col}" has a value that is not of its type at line ${line}.`,
      {
        file: path,
        column: col,
        rows: value !== undefined ? [{ row: Number(line) - 1, value }] : [],
        hint: `Fix or remove the value at line ${line}, or treat it as missing with --na "${value ?? ''}".`,
      },
    );
  }
  if (/Could not sniff|not possible to automatically detect|Error when sniffing/i.test(msg)) {
    const ragged = await findRaggedRows(path, path.toLowerCase().endsWith('.gz'));
    if (ragged) return ragged;
    return new InputError('malformed_csv', `Cannot parse "${path}" as ${format.toUpperCase()}.`, {
      file: path,
      hint: 'Check the delimiter and quoting; pass --delimiter if it is unusual.',
    });
  }
  if (/Malformed JSON|JSON/i.test(msg) && (format === 'json' || format === 'ndjson')) {
    return new InputError(
      'malformed_json',
      `Cannot parse "${path}" as ${format.toUpperCase()}: ${firstLine(msg)}`,
      {
        file: path,
        hint:
          format === 'json'
            ? 'A .json file must hold one array of objects; use .ndjson for one object per line.'
            : 'Each line of an .ndjson file must be one JSON object.',
      },
    );
  }
  if (/parquet/i.test(msg) && format === 'parquet') {
    return new InputError('malformed_parquet', `Cannot read "${path}" as Parquet: ${firstLine(msg)}`, {
      file: path,
      hint: 'Check that the file is a complete Parquet file.',
    });
  }
  return new InputError('read_failed', `Cannot read "${path}": ${firstLine(msg)}`, { file: path });
}

/**
 * Errors DuckDB raises while reading a file's rows (after the sniffed sample: a ragged row or a
 * value not of its column's type deep in a CSV) become InputErrors naming the file and line.
 */
export async function sourceReadError(source: Source, e: unknown): Promise<unknown> {
  if (source.signal?.aborted) return abortedError(source.info.name);
  if (e instanceof FairprobeError || source.info.kind !== 'file') return e;
  return translateReadError(e, source.info.name, source.info.format as FileFormat);
}

function abortedError(name: string): InputError {
  return new InputError('aborted', `Reading ${name} was cancelled.`, {
    hint: 'The caller aborted the read (ReadOptions.signal).',
  });
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

/**
 * The number of rows without reading the data, or an estimate: in-memory inputs know it, a Parquet
 * file's metadata holds it, and a plain CSV or TSV file's is its size over the mean length of its
 * first lines (within a few percent for machine-written files). Undefined when it cannot be told
 * cheaply (gzip, JSON).
 * @example
 * await estimateRows(await openSource('datasets/prospects.csv')) // => about 20000
 */
export async function estimateRows(source: Source): Promise<number | undefined> {
  const { info } = source;
  if (info.rows !== undefined) return info.rows;
  if (info.kind !== 'file' || info.gzip) return undefined;
  if (info.format === 'parquet') {
    const rel = await source.relation([source.columns[0]!.name]);
    const reader = await source.connection.runAndReadAll(`SELECT count(*) AS n FROM ${rel.sql}`, rel.params);
    return Number(reader.getRowObjectsJS()[0]?.n ?? 0);
  }
  if ((info.format !== 'csv' && info.format !== 'tsv') || info.bytes === undefined) return undefined;
  const sample = Buffer.alloc(Math.min(info.bytes, MiB));
  const fd = openSync(info.name, 'r');
  try {
    readSync(fd, sample, 0, sample.length, 0);
  } finally {
    closeSync(fd);
  }
  let lines = 0;
  for (let i = sample.indexOf(10); i >= 0; i = sample.indexOf(10, i + 1)) lines++;
  if (sample.length === info.bytes)
    return Math.max(0, lines - 1 + (sample[sample.length - 1] === 10 ? 0 : 1));
  return lines === 0 ? undefined : Math.round((info.bytes / sample.length) * lines);
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// ---------------------------------------------------------------------------------------------
// In-memory inputs: only the columns a relation asks for are copied into DuckDB.

type MemoryType = 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP' | 'VARCHAR';

function inferType(values: ArrayLike<unknown>): MemoryType {
  let type: MemoryType | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const t: MemoryType =
      typeof v === 'number' || typeof v === 'bigint'
        ? 'DOUBLE'
        : typeof v === 'boolean'
          ? 'BOOLEAN'
          : v instanceof Date
            ? 'TIMESTAMP'
            : 'VARCHAR';
    if (type === undefined) type = t;
    else if (type !== t) return 'VARCHAR';
  }
  return type ?? 'VARCHAR';
}

async function openMemory(engine: Engine, table: MemoryTable, options: ReadOptions): Promise<Source> {
  const { connection } = engine;
  const name = `in-memory ${table.kind}`;
  if (table.length === 0 || table.names.length === 0) {
    throw new InputError('no_rows', `The ${name} input has no rows.`, {
      hint: 'Pass at least one row.',
    });
  }
  if (table.kind === 'columns') {
    const bad = table.names.filter((n) => table.column(n).length !== table.length);
    if (bad.length > 0) {
      throw new InputError('ragged_columns', `The column arrays are not all the same length.`, {
        column: bad[0],
        hint: `Every column must have ${table.length} values; ${bad.map((b) => `"${b}" has ${table.column(b).length}`).join(', ')}.`,
      });
    }
  }
  const na = new Set(options.naValues ?? []);
  const types = new Map<string, MemoryType>();
  const columnType = (n: string): MemoryType => {
    let t = types.get(n);
    if (!t) {
      t = inferType(table.column(n));
      types.set(n, t);
    }
    return t;
  };
  // Types are only inferred (and columns only read) for the columns a relation asks for.
  const columns: ColumnInfo[] = table.names.map((n) => {
    return {
      name: n,
      get type() {
        return columnType(n);
      },
      get kind() {
        return columnKind(columnType(n));
      },
    } as ColumnInfo;
  });
  let tableCount = 0;
  const loaded = new Map<string, string>();
  const used = new Set<string>();
  return {
    info: { name, kind: 'memory', format: table.kind, gzip: false, rows: table.length },
    columns,
    connection,
    async relation(names) {
      const key = JSON.stringify(names);
      let tableName = loaded.get(key);
      if (!tableName) {
        tableName = `fp_memory_${++tableCount}`;
        for (const n of names) used.add(n);
        await copyColumns(connection, tableName, table, names, columnType, na);
        loaded.set(key, tableName);
      }
      return {
        sql: `(SELECT ${names.map(quoteIdent).join(', ')} FROM ${quoteIdent(tableName)})`,
        params: {},
      };
    },
    async fingerprint() {
      const hash = createHash('sha256');
      for (const n of [...used].sort()) {
        hash.update(JSON.stringify(n));
        const values = table.column(n);
        for (let i = 0; i < values.length; i++)
          hash.update(`${JSON.stringify(values[i] ?? null, bigints)}\n`);
      }
      return hash.digest('hex');
    },
    close: () => engine.close(),
  };
}

/** JSON.stringify replacer for the fingerprint: a 64-bit integer (BigInt, as Arrow Int64 gives) as its digits. */
function bigints(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

async function copyColumns(
  connection: DuckDBConnection,
  tableName: string,
  table: MemoryTable,
  names: readonly string[],
  columnType: (n: string) => MemoryType,
  na: ReadonlySet<string>,
): Promise<void> {
  const defs = names.map((n) => `${quoteIdent(n)} ${columnType(n)}`).join(', ');
  await connection.run(`CREATE TEMP TABLE ${quoteIdent(tableName)} (${defs})`);
  const appender = await connection.createAppender(tableName, 'main', 'temp');
  const cols = names.map((n) => table.column(n));
  const kinds = names.map((n) => columnType(n));
  for (let i = 0; i < table.length; i++) {
    for (let j = 0; j < cols.length; j++) {
      const v = cols[j]![i];
      if (v === null || v === undefined || (typeof v === 'string' && (v === '' || na.has(v.trim())))) {
        appender.appendNull();
        continue;
      }
      switch (kinds[j]) {
        case 'DOUBLE':
          appender.appendValue(Number(v), DOUBLE);
          break;
        case 'BOOLEAN':
          appender.appendValue(Boolean(v), BOOLEAN);
          break;
        case 'TIMESTAMP':
          appender.appendValue(new DuckDBTimestampValue(BigInt((v as Date).getTime()) * 1000n), TIMESTAMP);
          break;
        default:
          appender.appendValue(String(v), VARCHAR);
      }
    }
    appender.endRow();
  }
  appender.closeSync();
}
