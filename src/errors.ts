/**
 * Typed errors. Every error a user can cause is a {@link FairprobeError} with a plain-words
 * message, the file, column and offending rows where known, and a hint saying how to fix it.
 * The CLI maps them to exit codes in one place (`cli/run.ts`).
 */

/** One offending cell, for error messages: 1-based data row number and the value found. */
export interface OffendingRow {
  /** 1-based data row number (the header is not counted). */
  readonly row: number;
  /** The value found, as text. */
  readonly value: string;
}

export interface ErrorDetails {
  readonly file?: string | undefined;
  readonly column?: string | undefined;
  readonly rows?: readonly OffendingRow[] | undefined;
  /** How many rows are affected in total (the `rows` list is at most 5 long). */
  readonly count?: number | undefined;
  readonly hint?: string | undefined;
}

export const ExitCode = {
  ok: 0,
  usage: 1,
  input: 1,
  policyFailed: 2,
  internal: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Base class of every error fairprobe throws on purpose. */
export class FairprobeError extends Error {
  readonly code: string;
  readonly file: string | undefined;
  readonly column: string | undefined;
  readonly rows: readonly OffendingRow[];
  readonly count: number | undefined;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode = ExitCode.input;

  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.file = details.file;
    this.column = details.column;
    this.rows = details.rows ?? [];
    this.count = details.count;
    this.hint = details.hint;
  }

  /** The full text shown to a person: message, where, examples and the fix. */
  describe(): string {
    const lines = [this.message];
    const where = [this.file && `file: ${this.file}`, this.column && `column: ${this.column}`]
      .filter(Boolean)
      .join(', ');
    if (where) lines.push(`  where: ${where}`);
    if (this.rows.length > 0) {
      const shown = this.rows.map((r) => `row ${r.row}: ${JSON.stringify(r.value)}`).join('; ');
      const more =
        this.count !== undefined && this.count > this.rows.length ? ` (${this.count} rows in all)` : '';
      lines.push(`  offending: ${shown}${more}`);
    }
    if (this.hint) lines.push(`  fix: ${this.hint}`);
    return lines.join('\n');
  }

  toJSON(): Record<string, unknown> {
    return {
      error: this.code,
      message: this.message,
      file: this.file,
      column: this.column,
      rows: this.rows,
      count: this.count,
      hint: this.hint,
    };
  }
}

/** The input data cannot be used as given (missing column, bad values, malformed file...). */
export class InputError extends FairprobeError {}

/** The options or arguments are wrong (unknown option, conflicting flags...). */
export class UsageError extends FairprobeError {}

/** A policy file is malformed. */
export class PolicyError extends FairprobeError {}
