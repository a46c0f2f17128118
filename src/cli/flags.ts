import type { LabelRule, ReadOptions } from '../data/index.js';
import { UsageError } from '../errors.js';

/** Flags every command that reads data accepts. */
export interface CommonReadFlags {
  readonly inputFormat?: string;
  readonly delimiter?: string;
  readonly header?: boolean;
  readonly columnNames?: string;
  readonly na?: string[];
  readonly decimalComma?: boolean;
  readonly encoding?: string;
  readonly memoryLimit?: string;
  readonly tempDir?: string;
  readonly threads?: string;
}

/** Column-role flags (`withRoleOptions`): what the columns of scored data mean. */
export interface RoleFlags {
  score?: string;
  label?: string;
  group?: string;
  prediction?: string;
  weight?: string;
}

/** `--positive`/`--negative`: label values meaning converted and not converted (and the same for predictions). */
export interface LabelFlags {
  positive?: string;
  negative?: string;
  predictionPositive?: string;
  predictionNegative?: string;
}

export function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function readOptionsFrom(f: CommonReadFlags): ReadOptions {
  return {
    format: f.inputFormat,
    delimiter: f.delimiter === '\\t' || f.delimiter === 'tab' ? '\t' : f.delimiter,
    header: f.header,
    columnNames: f.columnNames ? splitList(f.columnNames) : undefined,
    naValues: f.na?.flatMap((v) => v.split(',')),
    decimalComma: f.decimalComma,
    encoding: f.encoding,
    engine: {
      memoryLimit: f.memoryLimit,
      tempDirectory: f.tempDir,
      threads: threadsFlag(f.threads),
    },
  };
}

/** `--threads`: a whole number of at least 1, or undefined. */
function threadsFlag(v: string | undefined): number | undefined {
  const x = num('threads', v);
  if (x !== undefined && !(Number.isInteger(x) && x >= 1)) {
    throw new UsageError('bad_option', `--threads must be a whole number of at least 1, not ${v}.`, {
      hint: 'Leave it out to use every core.',
    });
  }
  return x;
}

/** The value of a numeric flag, or undefined when absent. @throws {UsageError} when not a finite number. */
export function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x))
    throw new UsageError('bad_option', `--${name} must be a number, not "${v}".`);
  return x;
}

/** The label mapping of `--positive` (and `--negative`), or undefined without `--positive`. */
export function labelRuleFrom(f: LabelFlags): LabelRule | undefined {
  return f.positive
    ? { positive: splitList(f.positive), negative: f.negative ? splitList(f.negative) : undefined }
    : undefined;
}

/** The mapping of a `--prediction` column's values (`--prediction-positive`, `--prediction-negative`). */
export function predictionRuleFrom(f: LabelFlags): LabelRule | undefined {
  return labelRuleFrom({ positive: f.predictionPositive, negative: f.predictionNegative });
}

/** The report formats a file name's extension stands for. */
const TEXT_EXTENSIONS: Readonly<Record<string, string>> = {
  html: 'html',
  htm: 'html',
  md: 'md',
  markdown: 'md',
  json: 'json',
  txt: 'table',
  text: 'table',
  log: 'table',
};

/**
 * The format an `--out` file's name asks for (`report.html` → html), or `fallback` without an
 * extension. @throws {UsageError} when the extension is not one of `formats` (a .pdf, a .xlsx), or
 * names another format than an explicit `--format`: nothing is written under a misleading name.
 */
export function formatForOut(
  out: string | undefined,
  explicit: string | undefined,
  formats: readonly string[],
  fallback: string,
): string {
  if (!out) return explicit ?? fallback;
  const base = out.split(/[\\/]/).pop() ?? out;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  const byName = ext === '' ? undefined : TEXT_EXTENSIONS[ext];
  const names = Object.entries(TEXT_EXTENSIONS)
    .filter(([, f]) => formats.includes(f))
    .map(([e]) => `.${e}`);
  if (ext !== '' && (byName === undefined || !formats.includes(byName))) {
    throw new UsageError('bad_out_extension', `fairprobe cannot write a .${ext} file ("${out}").`, {
      hint: `Name the output ${names.join(', ')}; the format follows the name.`,
    });
  }
  if (explicit !== undefined && byName !== undefined && byName !== explicit) {
    throw new UsageError(
      'out_format_mismatch',
      `--out "${out}" names a ${({ table: 'text', html: 'HTML', md: 'Markdown', json: 'JSON' } as Record<string, string>)[byName]} file, but --format is ${explicit}.`,
      { hint: 'Give the file the extension of the format, or leave --format out: the name decides.' },
    );
  }
  return explicit ?? byName ?? fallback;
}
