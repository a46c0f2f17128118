import type { ReadOptions } from '../data/index.js';

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
