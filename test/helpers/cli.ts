/**
 * Runs the built CLI (`node dist/cli/main.js`) as a user would. Builds first when dist is missing
 * or older than any source file (`npm test` builds before running the tests).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const cliMain = join(repoRoot, 'dist', 'cli', 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or stale. */
export function ensureBuilt(): void {
  if (existsSync(cliMain) && statSync(cliMain).mtimeMs >= newestSource(join(repoRoot, 'src'))) return;
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere (work in progress) still emit JavaScript; the CLI tests then say what broke.
  }
  if (!existsSync(cliMain)) throw new Error('npm run build did not produce dist/cli/main.js');
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `fairprobe ARGS` in `cwd` (default: the repo root). */
export function runCli(args: readonly string[], cwd = repoRoot): CliResult {
  const r = spawnSync(process.execPath, [cliMain, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
