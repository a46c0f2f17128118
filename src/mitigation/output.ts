import { createHash, createHmac } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { memoryLimitBytes } from '../data/engine.js';
import { UsageError } from '../errors.js';
import { atomicWrite } from '../util/atomic-write.js';
import { quoteIdent, usedParams } from '../util/strings.js';
import type { MitigatedColumns, OutputFormat } from './types.js';

/** One output column: its name, the SQL expression producing it, and whether it holds text. */
export interface OutputColumn {
  readonly name: string;
  readonly expr: string;
  /** Text cells are made formula-safe in CSV output. */
  readonly text: boolean;
}

/** Characters that make a spreadsheet read a CSV cell as a formula (OWASP "CSV injection"). */
export const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'] as const;

/** A plain negative number, e.g. `-12`, `-0.5`, `-1e-3`: exempt from the formula rule. */
const NEGATIVE_NUMBER = /^-(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * The formula-injection rule of CSV output: a text cell that starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return gets a leading apostrophe (`'`), so spreadsheets show it as text instead of
 * running it; a plain negative number (`-12`, `-0.5`, `-1e-3`) is left as it is. Numbers, dates and
 * empty cells are never changed. Header names follow the same rule. Parquet output is not changed.
 * @example
 * csvSafeText('=HYPERLINK("x")') // => "'=HYPERLINK(\"x\")"
 * csvSafeText('-0.5') // => '-0.5'
 */
export function csvSafeText(text: string): string {
  const first = text[0];
  if (first === undefined || !(FORMULA_TRIGGERS as readonly string[]).includes(first)) return text;
  return NEGATIVE_NUMBER.test(text) ? text : `'${text}`;
}

/**
 * The same rule as {@link csvSafeText}, as a DuckDB expression over a VARCHAR expression. A cell
 * whose first byte is at least `A` (every trigger is below it) is passed on after one comparison;
 * the trigger test is two IN lists of three, because DuckDB rewrites a longer IN list into a join,
 * and a join does not keep the input order of a parallel COPY.
 */
export function csvSafeSql(expr: string): string {
  const v = `CAST(${expr} AS VARCHAR)`;
  // ascii() of the first character is an integer test: =, +, - and @, tab, CR.
  return (
    `CASE WHEN ${v} >= 'A' THEN ${v} ` +
    `WHEN (ascii(${v}) IN (61, 43, 45) OR ascii(${v}) IN (64, 9, 13)) ` +
    `AND NOT regexp_full_match(${v}, '-([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?') ` +
    `THEN '''' || ${v} ELSE ${v} END`
  );
}

/**
 * The output format of a path: `.csv` (or `.csv.gz`) or `.parquet`, unless given.
 * @throws {UsageError} any other ending.
 */
export function outputFormatOf(path: string, explicit?: OutputFormat): OutputFormat {
  if (explicit !== undefined) {
    if (explicit !== 'csv' && explicit !== 'parquet') {
      throw new UsageError('unknown_out_format', `Unknown output format "${explicit}".`, {
        hint: 'Use csv or parquet.',
      });
    }
    return explicit;
  }
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.csv.gz')) return 'csv';
  if (lower.endsWith('.parquet') || lower.endsWith('.pq')) return 'parquet';
  throw new UsageError(
    'unsupported_out_format',
    `Cannot tell the output format of "${path}" from its name.`,
    {
      file: path,
      hint: 'Name the output .csv, .csv.gz or .parquet (or pass --out-format csv|parquet).',
    },
  );
}

/**
 * Refuses an output path that is the input file: the input is never modified.
 * @throws {UsageError} `out_is_input`.
 */
export function checkOutputPath(input: unknown, out: string): void {
  if (typeof input !== 'string') return;
  const canonical = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  if (canonical(input) === canonical(out)) {
    throw new UsageError(
      'out_is_input',
      `The output "${out}" is the input file; fairprobe never overwrites its input.`,
      {
        file: out,
        hint: `Write the mitigated data to a new file, e.g. --out ${suggestedOut(out)}.`,
      },
    );
  }
}

/** A new file name beside `path`: leads.csv → leads.mitigated.csv (compression suffix kept). */
function suggestedOut(path: string): string {
  const m = /^(.*?)((?:\.[A-Za-z0-9]+)?(?:\.gz)?)$/.exec(path);
  const stem = m?.[1] || path;
  return `${stem}.mitigated${m?.[2] ?? ''}`;
}

/** The SELECT list of the output, with CSV formula safety for text columns when writing CSV. */
export function outputSelect(columns: readonly OutputColumn[], format: OutputFormat | 'memory'): string {
  return columns
    .map((c) => {
      if (format !== 'csv') return `${c.expr} AS ${quoteIdent(c.name)}`;
      const expr = c.text ? csvSafeSql(c.expr) : c.expr;
      return `${expr} AS ${quoteIdent(csvSafeText(c.name))}`;
    })
    .join(', ');
}

/**
 * The memory limit under which a streaming COPY runs when the engine's is higher. DuckDB's
 * order-preserving COPY keeps the batches that finish ahead of the one being written; under its
 * default limit (80% of RAM) that backlog grows with the file (about 0.8 GB at 10M rows, 1.8 GB at
 * 30M), under 1 GiB it stays flat (about 0.6–0.7 GB from 10M to 30M rows) at no cost in time.
 */
export const STREAMING_COPY_MEMORY = '1GiB';

/**
 * Writes a query's rows to a file atomically (DuckDB COPY to a temporary file next to `path`, then
 * rename): a reader never sees half a file and a failure leaves any previous file intact. With
 * `streaming` (a query without joins, sorts or aggregations) the COPY runs under at most
 * {@link STREAMING_COPY_MEMORY}, so its memory does not grow with the rows; the engine's own limit is
 * restored afterwards (as DuckDB prints it: to 0.1 GiB).
 */
export async function copyQuery(
  connection: DuckDBConnection,
  query: string,
  params: Record<string, DuckDBValue>,
  path: string,
  format: OutputFormat,
  options: { readonly streaming?: boolean } = {},
): Promise<void> {
  await mkdir(dirname(resolve(path)), { recursive: true });
  const gzip = path.toLowerCase().endsWith('.gz');
  const copyOptions =
    format === 'parquet'
      ? 'FORMAT parquet, COMPRESSION zstd'
      : `FORMAT csv, HEADER true${gzip ? ", COMPRESSION 'gzip'" : ''}`;
  const limit = options.streaming ? await lowerMemoryLimit(connection, STREAMING_COPY_MEMORY) : undefined;
  try {
    await atomicWrite(path, async (tmp) => {
      const sql = `COPY (${query}) TO $fp_out (${copyOptions})`;
      await connection.run(sql, { ...usedParams(query, params), fp_out: tmp });
    });
  } finally {
    if (limit !== undefined) await connection.run(`SET memory_limit = '${limit.replaceAll("'", "''")}'`);
  }
}

/** Sets the memory limit to `to` when the current one is higher; returns the one to restore. */
async function lowerMemoryLimit(connection: DuckDBConnection, to: string): Promise<string | undefined> {
  const reader = await connection.runAndReadAll("SELECT current_setting('memory_limit') AS m");
  const current = String(reader.getRowObjectsJS()[0]?.m ?? '');
  const bytes = memoryLimitBytes(current);
  if (bytes === undefined || bytes <= memoryLimitBytes(to)!) return undefined;
  await connection.run(`SET memory_limit = '${to}'`);
  return current;
}

/** Reads a query's rows into column arrays: numbers as numbers, everything else as text. */
export async function readQuery(
  connection: DuckDBConnection,
  query: string,
  params: Record<string, DuckDBValue>,
  numeric: ReadonlySet<string>,
  names: readonly string[],
): Promise<MitigatedColumns> {
  const list = names
    .map((n) => `CAST(${quoteIdent(n)} AS ${numeric.has(n) ? 'DOUBLE' : 'VARCHAR'}) AS ${quoteIdent(n)}`)
    .join(', ');
  const sql = `SELECT ${list} FROM (${query})`;
  const reader = await connection.runAndReadAll(sql, usedParams(sql, params));
  const cols = reader.getColumnsObjectJS() as Record<string, (number | string | null)[]>;
  return { columns: Object.fromEntries(names.map((n) => [n, cols[n] ?? []])) };
}

/** The bytes of an HMAC key given as text or bytes. */
export function keyBytes(key: string | Uint8Array): Buffer {
  const k = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  if (k.length === 0) {
    throw new UsageError('empty_key', 'The pseudonymisation key is empty.', {
      hint: 'Give a secret key of at least 16 characters, e.g. --pseudonymize env:FAIRPROBE_KEY.',
    });
  }
  return k;
}

/**
 * Keyed HMAC-SHA-256 of an id (lower-case hex), as node:crypto computes it. The same key and id
 * always give the same pseudonym, so files pseudonymised with one key can still be joined.
 * @example
 * pseudonym('secret', 'L000001').length // => 64
 */
export function pseudonym(key: string | Uint8Array, id: string): string {
  return createHmac('sha256', keyBytes(key)).update(id, 'utf8').digest('hex');
}

/**
 * The same HMAC-SHA-256 as {@link pseudonym}, as a DuckDB expression, so ids are pseudonymised in the
 * streaming COPY: HMAC(K, m) = H((K' ⊕ opad) ‖ H((K' ⊕ ipad) ‖ m)) with K' the key padded (or hashed)
 * to the 64-byte block (RFC 2104). The pads are computed here with node:crypto and bound as
 * parameters; the tests check the result against `createHmac`.
 */
export function pseudonymSql(
  expr: string,
  key: string | Uint8Array,
): { sql: string; params: Record<string, string> } {
  let k = keyBytes(key);
  if (k.length > 64) k = createHash('sha256').update(k).digest();
  const block = Buffer.alloc(64);
  k.copy(block);
  const ipad = Buffer.from(block.map((b) => b ^ 0x36)).toString('hex');
  const opad = Buffer.from(block.map((b) => b ^ 0x5c)).toString('hex');
  const v = `CAST(${expr} AS VARCHAR)`;
  return {
    sql: `CASE WHEN ${v} IS NULL THEN NULL ELSE sha256(unhex($fp_opad) || unhex(sha256(unhex($fp_ipad) || encode(${v})))) END`,
    params: { fp_ipad: ipad, fp_opad: opad },
  };
}
