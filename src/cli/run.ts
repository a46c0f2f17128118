import { ExitCode, FairprobeError } from '../errors.js';

/** Where a command writes: stdout for results, stderr for messages. Replaceable in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly isTTY: boolean;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  isTTY: Boolean(process.stderr.isTTY),
};

/**
 * The one place errors become exit codes: a FairprobeError prints its plain-words description
 * (as JSON in JSON mode) and exits 1; anything else is an internal error (exit 3) with a note
 * asking for a bug report.
 */
export function reportError(e: unknown, io: Io, json: boolean): number {
  if (e instanceof FairprobeError) {
    if (json) io.err(JSON.stringify(e.toJSON()));
    else io.err(`error: ${e.describe()}`);
    return e.exitCode;
  }
  const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
  if (json)
    io.err(JSON.stringify({ error: 'internal', message: String(e instanceof Error ? e.message : e) }));
  else
    io.err(`internal error: ${msg}\nThis is a bug in fairprobe; please report it with the command you ran.`);
  return ExitCode.internal;
}
