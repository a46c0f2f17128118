/**
 * Larger than memory: an audit of a CSV about twice the size of the memory limit given to DuckDB
 * completes (DuckDB spills to the temporary directory; the CSV buffer and the threads are sized to
 * the limit) and equals the audit without a limit. It also checks duplicate ids and ranks by score
 * (--select-top), the steps that hold the most state. 1.5M generated rows (100 MB), 50 MB limit.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditOptions, audit } from '../../src/audit/index.js';
import { memoryLimitBytes } from '../../src/data/engine.js';
import type { ScanProgress } from '../../src/data/index.js';
import { writeProspectsCsv } from '../../src/synth/index.js';
import { cliMain, ensureBuilt, runCli } from '../helpers/cli.js';
import { expectClose, tempDir } from '../helpers/data.js';

const ROWS = 1_500_000;
const LIMIT = '50MB';
const { dir, cleanup } = tempDir('fairprobe-big-');
const csv = join(dir, 'prospects-1.5m.csv');
const spill = join(dir, 'spill');

beforeAll(async () => {
  await writeProspectsCsv(csv, { rows: ROWS, seed: 7 });
}, 120_000);
afterAll(cleanup);

describe(`an audit of ${ROWS} rows under --memory-limit ${LIMIT}`, () => {
  const options: AuditOptions = {
    roles: {
      score: 'score',
      label: 'converted',
      id: 'lead_id',
      groups: [{ column: 'gender' }, { column: 'age_band' }, { column: 'company_size' }],
    },
    selectTop: '20%',
    replicates: 100,
    createdAt: '2026-01-01T00:00:00Z',
  };

  it('completes, spilling to --temp-dir, and equals the audit without a limit', async () => {
    expect(statSync(csv).size).toBeGreaterThan(2 * memoryLimitBytes(LIMIT)!);
    const reports: ScanProgress[] = [];
    const limited = await audit(csv, {
      ...options,
      read: { engine: { memoryLimit: LIMIT, tempDirectory: spill }, onProgress: (p) => reports.push(p) },
    });
    expect(limited.overall.n).toBe(ROWS);
    // A pass of seconds is reported while it runs, then once as over.
    expect(reports.length).toBeGreaterThan(2);
    expect(reports.every((r) => r.source === csv)).toBe(true);
    expect(reports.at(-1)!.end).toBe(true);
    expect(reports.slice(0, -1).every((r) => !r.end)).toBe(true);
    const times = reports.map((r) => r.elapsedMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // A listener that throws does not end the process from its timer: the audit rejects with it.
    await expect(
      audit(csv, {
        ...options,
        read: {
          engine: { memoryLimit: LIMIT, tempDirectory: spill },
          onProgress: () => {
            throw new Error('listener failed');
          },
        },
      }),
    ).rejects.toThrow('listener failed');
    expect(limited.decision.selected).toBeGreaterThanOrEqual(0.2 * ROWS);
    const free = await audit(csv, options);
    expectClose(JSON.parse(JSON.stringify(limited)), JSON.parse(JSON.stringify(free)));
  }, 90_000);

  it('shows a spinner on a terminal while reading, and none in JSON output or when not a terminal', () => {
    ensureBuilt();
    const args = ['audit', csv, '--score', 'score', '--group', 'gender', '--memory-limit', LIMIT];
    // `script` gives the CLI a terminal; its output is what the terminal received.
    const tty = (extra: string[]) =>
      spawnSync('script', ['-qec', [process.execPath, cliMain, ...args, ...extra].join(' '), '/dev/null'], {
        encoding: 'utf8',
        timeout: 60_000,
        // Drawn from the first report (a tenth of a second) rather than after half a second.
        env: { ...process.env, FAIRPROBE_PROGRESS: '0' },
      });
    const table = tty([]);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/reading \S*prospects-1\.5m\.csv [|/\\-] \d+\.\d s/);
    expect(table.stdout).toContain('fairprobe audit');
    const json = tty(['--format', 'json']);
    expect(json.status).toBe(0);
    expect(json.stdout).not.toContain('reading ');
    const piped = runCli(args);
    expect(piped.status).toBe(0);
    expect(piped.stderr).not.toContain('reading ');
  }, 90_000);

  it('reads memory sizes as DuckDB does', () => {
    expect(memoryLimitBytes('50MB')).toBe(50e6);
    expect(memoryLimitBytes('2 GiB')).toBe(2 ** 31);
    expect(memoryLimitBytes('1.5gb')).toBe(1.5e9);
    expect(memoryLimitBytes('80%')).toBeUndefined();
  });
});
