import { UsageError } from '../errors.js';

/** The file formats fairprobe reads. Any of them may be gzip-compressed (`.gz`). */
export const FileFormat = {
  csv: 'csv',
  tsv: 'tsv',
  parquet: 'parquet',
  json: 'json',
  ndjson: 'ndjson',
} as const;
export type FileFormat = (typeof FileFormat)[keyof typeof FileFormat];

const EXTENSIONS: Record<string, FileFormat> = {
  csv: 'csv',
  txt: 'csv',
  data: 'csv',
  test: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  parquet: 'parquet',
  pq: 'parquet',
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
};

/** What a path's ending says about its format and compression. */
export interface DetectedFormat {
  readonly format: FileFormat;
  readonly gzip: boolean;
}

/**
 * Detects the format of a file from its name (`prospects.csv.gz` → csv, gzip).
 * @throws {UsageError} when the ending is not one fairprobe reads and no format is given.
 * @example
 * detectFormat('leads.ndjson.gz') // => { format: 'ndjson', gzip: true }
 */
export function detectFormat(path: string, explicit?: string): DetectedFormat {
  const lower = path.toLowerCase();
  const gzip = lower.endsWith('.gz') || lower.endsWith('.gzip');
  if (explicit !== undefined) {
    if (!Object.hasOwn(FileFormat, explicit)) {
      throw new UsageError('unknown_format', `Unknown format "${explicit}".`, {
        hint: `Use one of: ${Object.keys(FileFormat).join(', ')}.`,
      });
    }
    return { format: explicit as FileFormat, gzip };
  }
  const base = gzip ? lower.replace(/\.(gz|gzip)$/, '') : lower;
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : '';
  const format = EXTENSIONS[ext];
  if (!format) {
    throw new UsageError('unsupported_format', `Cannot tell the format of "${path}" from its name.`, {
      file: path,
      hint: `Name the file .csv, .tsv, .parquet, .json or .ndjson (optionally .gz), or pass --input-format csv|tsv|parquet|json|ndjson.`,
    });
  }
  return { format, gzip };
}
