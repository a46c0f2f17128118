import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { compile, type TopLevelSpec } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendHistory,
  checkHistoryFile,
  type DriftResult,
  drift,
  HISTORY_LOCK_WAIT_MS,
  historyCharts,
  historyHtml,
  historyUncharted,
  readHistory,
} from '../../src/index.js';
import { ensureBuilt, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/data.js';
import { holdHistory } from '../helpers/history-holder.js';

const { dir, cleanup } = tempDir('fairprobe-history-');
afterAll(cleanup);

let result: DriftResult;
beforeAll(async () => {
  result = await drift({
    baseline: { rows: Array.from({ length: 200 }, (_, i) => ({ s: (i % 10) / 10, g: i % 2 ? 'a' : 'b' })) },
    current: { rows: Array.from({ length: 200 }, (_, i) => ({ s: (i % 7) / 7, g: i % 2 ? 'a' : 'b' })) },
    roles: { score: 's', groups: [{ column: 'g' }] },
    replicates: 20,
    createdAt: '2026-01-05T00:00:00Z',
  });
});

describe('run history (append-only DuckDB file)', () => {
  it('appends runs and reads them back in order with their values', async () => {
    const file = join(dir, 'h1.duckdb');
    expect(await appendHistory(file, result)).toMatchObject({ seq: 1 });
    expect(await appendHistory(file, { ...result, createdAt: '2026-01-12T00:00:00Z' })).toMatchObject({
      seq: 2,
    });
    const h = await readHistory(file);
    expect(h.runs.map((r) => [r.seq, r.createdAt, r.status])).toEqual([
      [1, '2026-01-05T00:00:00Z', result.status],
      [2, '2026-01-12T00:00:00Z', result.status],
    ]);
    const psi = h.values.filter((v) => v.section === 'distribution' && v.group === '(overall)');
    expect(psi.map((v) => v.value)).toEqual([
      result.comparisons[0]!.distribution[0]!.psi,
      result.comparisons[0]!.distribution[0]!.psi,
    ]);
    expect(h.bands).toEqual(result.settings.bands);
    expect(h.runs[0]!.mode).toBe('pair');
    expect(h.runs[0]!.windows).toBeUndefined();
    const html = historyHtml(h);
    expect(html).toContain('"Distribution drift per run (PSI)"');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('says what is wrong with a missing or foreign file', async () => {
    await expect(readHistory(join(dir, 'nope.duckdb'))).rejects.toMatchObject({ code: 'file_not_found' });
    const foreign = join(dir, 'foreign.duckdb');
    writeFileSync(foreign, 'not a database');
    await expect(appendHistory(foreign, result)).rejects.toMatchObject({ code: 'not_history' });
    // A CSV or JSON file named by mistake: DuckDB would open it as an empty in-memory database and
    // the run would be lost without a word. Refused, and left as it was.
    for (const [name, text] of [
      ['leads.csv', 'id,score\n1,0.5\n2,0.7\n'],
      ['result.json', '{"status":"ok"}\n'],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, text);
      await expect(appendHistory(file, result)).rejects.toMatchObject({ code: 'not_history' });
      await expect(readHistory(file)).rejects.toMatchObject({ code: 'not_history' });
      expect(readFileSync(file, 'utf8')).toBe(text);
    }
    // A damaged database ("… checksum … in block at location 0") is said to be one at once, not
    // taken for a file another process is writing and waited for.
    const corrupt = join(dir, 'corrupt.duckdb');
    const bytes = Buffer.alloc(8192, 0x41);
    bytes.write('DUCK', 8, 'latin1');
    writeFileSync(corrupt, bytes);
    const started = Date.now();
    await expect(appendHistory(corrupt, result)).rejects.toMatchObject({ code: 'history_unavailable' });
    expect(Date.now() - started).toBeLessThan(HISTORY_LOCK_WAIT_MS);
  });

  it('refuses a DuckDB database of another program and leaves it as it was; an empty one becomes a history', async () => {
    const other = join(dir, 'other.duckdb');
    const instance = await DuckDBInstance.create(other);
    const connection = await instance.connect();
    await connection.run(`CREATE TABLE leads AS SELECT 1 AS id, 'east' AS region`);
    connection.closeSync();
    instance.closeSync();
    const sha = () => createHash('sha256').update(readFileSync(other)).digest('hex');
    const before = sha();
    const refused = await appendHistory(other, result).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ code: 'not_history', file: other });
    expect((refused as Error).message).toContain(other);
    expect(sha()).toBe(before);
    await expect(checkHistoryFile(other)).rejects.toMatchObject({ code: 'not_history' });
    await expect(readHistory(other)).rejects.toMatchObject({ code: 'bad_history' });
    // A DuckDB file with no tables yet is taken as a new history.
    const empty = join(dir, 'empty.duckdb');
    (await DuckDBInstance.create(empty)).closeSync();
    await expect(checkHistoryFile(empty)).resolves.toBeUndefined();
    expect(await appendHistory(empty, result)).toMatchObject({ seq: 1 });
    expect((await readHistory(empty)).runs).toHaveLength(1);
  });

  it('waits while another process is writing the file, then appends after its run', async () => {
    const file = join(dir, 'shared.duckdb');
    await appendHistory(file, result);
    const holder = await holdHistory(dir, file, { ...result, createdAt: '2026-01-12T00:00:00Z' });
    try {
      let settled = false;
      const mine = appendHistory(file, { ...result, createdAt: '2026-01-19T00:00:00Z' }).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(settled).toBe(false);
      holder.release();
      expect(await holder.exited).toEqual({ code: 0, signal: null });
      expect(await mine).toMatchObject({ seq: 3 });
    } finally {
      await holder.stop();
    }
    const h = await readHistory(file);
    expect(h.runs.map((r) => [r.seq, r.createdAt])).toEqual([
      [1, '2026-01-05T00:00:00Z'],
      [2, '2026-01-12T00:00:00Z'],
      [3, '2026-01-19T00:00:00Z'],
    ]);
  });

  it('gives up after the wait with history_busy, naming the file, and the history keeps its runs', async () => {
    const file = join(dir, 'busy.duckdb');
    await appendHistory(file, result);
    const holder = await holdHistory(dir, file, result);
    try {
      const started = Date.now();
      const e = await appendHistory(file, result, { lockWaitMs: 600 }).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(600);
      expect(e).toMatchObject({ code: 'history_busy', file });
      expect((e as Error).message).toMatch(/is locked by another process .*waited \d\.\d s/);
    } finally {
      await holder.stop();
    }
    expect((await readHistory(file)).runs.map((r) => r.seq)).toEqual([1]);
  });

  it('a process killed mid-write leaves the earlier runs intact and no partial run', async () => {
    ensureBuilt();
    const file = join(dir, 'crash.duckdb');
    await appendHistory(file, result);
    await appendHistory(file, result);
    // A child appends a run with 50,000 values in one transaction and is SIGKILLed before it commits.
    const child = join(dir, 'child.mjs');
    writeFileSync(
      child,
      `import { appendHistory } from ${JSON.stringify(join(repoRoot, 'dist', 'drift', 'index.js'))};
const r = JSON.parse(process.argv[3]);
const d = r.comparisons[0].distribution[0];
r.comparisons[0].distribution = Array.from({ length: 50000 }, (_, i) => ({ ...d, values: ['v' + i] }));
await appendHistory(process.argv[2], r, {
  beforeCommit: async () => {
    process.stdout.write('in-transaction\\n');
    await new Promise(() => {});
  },
});
process.stdout.write('done\\n');
`,
    );
    const proc = spawn(process.execPath, [child, file, JSON.stringify(result)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve) => {
      proc.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('in-transaction')) resolve();
      });
    });
    proc.kill('SIGKILL');
    const signal = await new Promise((resolve) => proc.on('exit', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGKILL');
    expect(out).not.toContain('done');
    const h = await readHistory(file);
    expect(h.runs.map((r) => r.seq)).toEqual([1, 2]);
    expect(new Set(h.values.map((v) => v.runId))).toEqual(new Set(h.runs.map((r) => r.runId)));
    // And the file still takes new runs.
    expect(await appendHistory(file, result)).toMatchObject({ seq: 3 });
  });
});

describe('history report (HTML)', () => {
  const evil = '</script><img src=x onerror=alert(1)>';
  const bands = { psi: { warn: 0.1, alarm: 0.25 }, difference: { warn: 0.05, alarm: 0.1 } };
  /** `result` with every check ok, then the given disparate-impact check and group changes. */
  function only(
    fairness: DriftResult['comparisons'][number]['fairness'],
    groupChanges: DriftResult['comparisons'][number]['groupChanges'] = [],
    label = 'current.csv',
  ): DriftResult['comparisons'][number] {
    const c = structuredClone(result.comparisons[0]!);
    c.current.label = label;
    c.distribution = c.distribution.map((d) => ({ ...d, status: 'ok' }));
    c.groupMix = c.groupMix.map((m) => ({ ...m, status: 'ok' }));
    c.fairness = fairness;
    c.groupChanges = groupChanges;
    const all = [...fairness, ...groupChanges].map((x) => x.status);
    c.counts = {
      alarm: all.filter((s) => s === 'alarm').length,
      warn: all.filter((s) => s === 'warn').length,
    };
    c.status = c.counts.alarm > 0 ? 'alarm' : c.counts.warn > 0 ? 'warn' : 'ok';
    return c;
  }
  const di = (group: string, change: number, status: 'ok' | 'alarm') => ({
    metric: 'disparate_impact',
    kind: 'disparity' as const,
    attributes: ['region'],
    values: [group],
    reference: ['west'],
    baseline: 1.1,
    current: 1.1 + change,
    change,
    interval: { low: change - 0.1, high: change + 0.1 },
    pValue: 0.001,
    pAdjusted: 0.002,
    status,
  });
  function run(
    comparisons: DriftResult['comparisons'],
    createdAt: string,
    windows?: DriftResult['windows'],
  ): DriftResult {
    const alarms = comparisons.reduce((n, c) => n + c.counts.alarm, 0);
    const warnings = comparisons.reduce((n, c) => n + c.counts.warn, 0);
    return {
      ...result,
      createdAt,
      mode: windows ? 'windows' : 'pair',
      windows,
      status: alarms > 0 ? 'alarm' : warnings > 0 ? 'warn' : 'ok',
      summary: { alarms, warnings, headlines: [] },
      comparisons,
    };
  }

  it('charts disparate impact on the ratio band and lists, escaped, the findings the charts leave out', async () => {
    const file = join(dir, 'report.duckdb');
    await appendHistory(file, run([only([di('east', 0.01, 'ok')])], '2026-01-05T00:00:00Z'));
    // The run whose only alarm is a disparate impact change.
    await appendHistory(file, run([only([di('east', 0.302, 'alarm')])], '2026-01-12T00:00:00Z'));
    // A windows run: an alarm in its first window only (charted by its last), and a vanished group.
    const windows = {
      column: 'signup_date',
      by: 'month' as const,
      baseline: '2025-10',
      list: [
        { window: '2025-10', rows: 200, status: 'ok' as const },
        { window: '2025-11', rows: 200, status: 'alarm' as const },
        { window: '2025-12', rows: 200, status: 'alarm' as const },
      ],
      missingTime: 0,
    };
    const vanished = { attributes: ['region'], values: ['north'], change: 'vanished' as const, rows: 80 };
    await appendHistory(
      file,
      run(
        [
          only([di(evil, 0.41, 'alarm')], [], '2025-11'),
          only([di(evil, 0.02, 'ok')], [{ ...vanished, status: 'alarm' }], '2025-12'),
        ],
        '2026-01-19T00:00:00Z',
        windows,
      ),
    );
    const h = await readHistory(file);
    const charts = historyCharts(h, bands) as unknown as {
      title: string;
      data: { values: { x: string; series: string; value: number; status: string }[] };
      layer: { data?: { values: { level: string; from: number }[] } }[];
    }[];
    const ratio = charts.find((c) => c.title.startsWith('Disparate impact'))!;
    expect(ratio.data.values).toContainEqual({
      x: '#2 2026-01-12 00:00',
      series: 'disparate_impact · region=east',
      value: 0.302,
      status: 'alarm',
    });
    expect(ratio.layer[0]!.data!.values.map((b) => [b.level, b.from])).toEqual([
      ['warn', 0.1],
      ['alarm', 0.2],
    ]);
    // Every chart compiles and has a place for every run, those with nothing to draw included.
    const runs = ['#1 2026-01-05 00:00', '#2 2026-01-12 00:00', '#3 2026-01-19 00:00'];
    for (const c of charts) {
      expect(() => compile(c as unknown as TopLevelSpec)).not.toThrow();
      expect(JSON.stringify(c)).toContain(`"domain":${JSON.stringify(runs)}`);
    }
    expect(historyUncharted(h)).toEqual([
      `#3 [2025-11] alarm disparate_impact region=${evil} +0.410`,
      '#3 1 alarm for groups new in or gone from the current data',
    ]);
    const html = historyHtml(h);
    expect(html).toContain('disparate impact change warn 0.1, alarm 0.2');
    expect(html).toContain('"Disparate impact drift per run (|change| of the ratio vs baseline)"');
    expect(html).toContain(
      '#3 [2025-11] alarm disparate_impact region=&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; +0.410',
    );
    expect(html).not.toContain('<img src=x');
    expect(html.match(/<\/script>/g)!.length).toBe(4);
    expect(html).not.toMatch(/<script[^>]+src=/);
  });
});
