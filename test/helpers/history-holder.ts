/**
 * Another process appending to a history: a child that runs `appendHistory` from the built library
 * and stops inside its write transaction (the DuckDB file locked) until released or killed, as a
 * second scheduled job would hold the file while it writes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DriftResult } from '../../src/index.js';
import { ensureBuilt, repoRoot } from './cli.js';

export interface HistoryHolder {
  readonly proc: ChildProcess;
  /** Everything the child wrote to stdout so far (`in-transaction`, then `committed`). */
  output(): string;
  /** Lets the child commit its run and exit. */
  release(): void;
  /** Kills the child unless it has exited (for `finally`); resolves once it is gone. */
  stop(): Promise<void>;
  /** The child's exit code (null when killed) and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the child appending `result` to `file`; resolves once it holds the file in a transaction. */
export async function holdHistory(dir: string, file: string, result: DriftResult): Promise<HistoryHolder> {
  ensureBuilt();
  const script = join(dir, 'history-holder.mjs');
  const input = join(dir, `holder-${process.pid}-${Date.now()}.json`);
  writeFileSync(input, JSON.stringify(result));
  writeFileSync(
    script,
    `import { readFileSync } from 'node:fs';
import { appendHistory } from ${JSON.stringify(join(repoRoot, 'dist', 'drift', 'index.js'))};
const result = JSON.parse(readFileSync(process.argv[3], 'utf8'));
await appendHistory(process.argv[2], result, {
  beforeCommit: async () => {
    process.stdout.write('in-transaction\\n');
    await new Promise((resolve) => process.stdin.once('data', resolve));
  },
});
process.stdout.write('committed\\n');
process.exit(0);
`,
  );
  const proc = spawn(process.execPath, [script, file, input], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (b: Buffer) => {
    err += b.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('in-transaction')) resolve();
    });
    void exited.then(({ code }) => reject(new Error(`the holder exited (${code}) early: ${err}`)));
  });
  return {
    proc,
    output: () => out,
    release: () => {
      proc.stdin!.write('go\n');
    },
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
    exited,
  };
}
