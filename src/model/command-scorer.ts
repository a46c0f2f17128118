import { spawn } from 'node:child_process';
import { InputError, UsageError } from '../errors.js';
import type { FeatureColumns } from './logistic.js';
import type { Scorer } from './scorer.js';

export interface CommandScorerOptions {
  /** The columns sent to the command (default: every column of the data, in the data's order). */
  readonly columns?: readonly string[] | undefined;
  /** Longest a batch may take, in milliseconds (default 10 minutes). */
  readonly timeoutMs?: number | undefined;
}

/** One CSV field (RFC 4180): quoted when it holds a delimiter, a quote or a line break. */
function field(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The rows of a batch as CSV text with a header line. */
export function batchCsv(columns: FeatureColumns, names: readonly string[], n: number): string {
  const cols = names.map((c) => columns[c]!);
  const lines = [names.map(field).join(',')];
  for (let i = 0; i < n; i++) lines.push(cols.map((c) => field(c[i])).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * Parses a scorer's output: one number per line, in row order; an optional first line that is not
 * a number is a header; blank lines are ignored. A line may hold several comma-separated fields:
 * the last one is the score.
 * @throws {InputError} a count other than `n`, or a line that is not a finite number.
 */
export function parseScores(text: string, n: number, command: string): Float64Array {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const value = (l: string) => Number(l.split(',').at(-1)!.trim());
  if (lines.length > 0 && !Number.isFinite(value(lines[0]!)) && lines.length === n + 1) lines.shift();
  if (lines.length !== n) {
    throw new InputError(
      'scorer_count',
      `The scorer "${command}" wrote ${lines.length} scores for ${n} rows.`,
      {
        hint: 'It must read CSV rows (with a header line) on stdin and write one score per row on stdout, in order.',
      },
    );
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = value(lines[i]!);
    if (!Number.isFinite(v)) {
      throw new InputError(
        'scorer_not_numeric',
        `The scorer "${command}" wrote a score that is not a number.`,
        {
          rows: [{ row: i + 1, value: lines[i]! }],
          hint: 'Write one number per line (a header line first is allowed).',
        },
      );
    }
    out[i] = v;
  }
  return out;
}

/** Runs `command` once with `stdin` as its standard input; resolves with its standard output. */
function runOnce(command: string, stdin: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => {
      // EPIPE when the command exits without reading everything: reported by the exit code below.
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new UsageError('scorer_failed', `Cannot run the scorer "${command}": ${e.message}.`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
      const tail = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-5).join('\n');
      reject(
        new InputError(
          'scorer_failed',
          `The scorer "${command}" ${signal ? `was stopped (${signal}${signal === 'SIGKILL' ? ', timed out' : ''})` : `exited with code ${code}`}.`,
          { hint: tail ? `Its last error output:\n${tail}` : 'It wrote nothing on stderr.' },
        ),
      );
    });
    child.stdin.end(stdin);
  });
}

/**
 * An external scorer, for models in other stacks: a shell command that reads CSV rows (a header
 * line, then one line per row) on stdin and writes one score per row on stdout. The command runs
 * once per batch, so memory stays bounded whatever the data size and the command may read its
 * whole input before answering (as `pandas.read_csv(sys.stdin)` does).
 * @example
 * const s = commandScorer('python my_model.py', { columns: ['email_opens', 'industry'] });
 * const p = await s.score({ email_opens: [3], industry: ['retail'] }, 1);
 */
export function commandScorer(command: string, options: CommandScorerOptions = {}): Scorer {
  if (command.trim() === '') throw new UsageError('no_scorer', 'The scorer command is empty.');
  const timeoutMs = options.timeoutMs ?? 600_000;
  return {
    description: `external command: ${command}`,
    columns: options.columns,
    backend: 'external',
    async score(columns, n) {
      if (n === 0) return new Float64Array(0);
      const names = options.columns ?? Object.keys(columns);
      const text = await runOnce(command, batchCsv(columns, names, n), timeoutMs);
      return parseScores(text, n, command);
    },
    close: () => {},
  };
}
