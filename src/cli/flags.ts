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
      threads: f.threads ? Number(f.threads) : undefined,
    },
  };
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
