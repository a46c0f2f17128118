import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { duckdbExec, tempDir } from '../helpers/data.js';
import { holdHistory } from '../helpers/history-holder.js';

const { dir, cleanup } = tempDir('fairprobe-cli-drift-');
const early = join(dir, 'early.csv');
const late = join(dir, 'late.csv');
const lateA = join(dir, 'late-a.csv');
const lateB = join(dir, 'late-b.csv');
const roles = ['--score', 'score', '--label', 'converted', '--group', 'region,gender'];

beforeAll(async () => {
  ensureBuilt();
  const src = "read_csv('datasets/prospects.csv')";
  await duckdbExec(`COPY (SELECT * FROM ${src} WHERE signup_date < DATE '2025-10-01') TO '${early}'`);
  await duckdbExec(`COPY (SELECT * FROM ${src} WHERE signup_date >= DATE '2025-10-01') TO '${late}'`);
  // A split of the same period (alternate leads): no drift between the halves.
  await duckdbExec(
    `COPY (SELECT * FROM ${src} WHERE signup_date >= DATE '2025-10-01' AND hash(lead_id) % 2 = 0) TO '${lateA}'`,
  );
  await duckdbExec(
    `COPY (SELECT * FROM ${src} WHERE signup_date >= DATE '2025-10-01' AND hash(lead_id) % 2 = 1) TO '${lateB}'`,
  );
});
afterAll(cleanup);

describe('fairprobe drift', () => {
  it('exits 2 on an alarm and prints a one-line summary for logs', () => {
    const r = runCli(['drift', '--baseline', early, '--current', late, ...roles, '--format', 'line']);
    expect(r.status).toBe(2);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^fairprobe drift ALARM: \d+ alarms/);
    expect(r.stdout).toContain('region=east');
    expect(r.stderr).toBe('');
  });

  it('exits 0 and stays quiet with --quiet when nothing drifted', () => {
    const r = runCli(['drift', '--baseline', lateA, '--current', lateB, ...roles, '--quiet']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    const loud = runCli(['drift', '--baseline', lateA, '--current', lateB, ...roles]);
    expect(loud.stdout).toMatch(/^fairprobe drift OK/);
  });

  it('writes JSON that validates against schema/drift.schema.json', () => {
    const r = runCli([
      'drift',
      '--baseline',
      early,
      '--current',
      late,
      ...roles,
      '--features',
      'email_opens,industry',
      '--format',
      'json',
      '--created-at',
      '2026-01-01T00:00:00Z',
    ]);
    expect(r.status).toBe(2);
    const json = JSON.parse(r.stdout);
    const schema = JSON.parse(readFileSync('schema/drift.schema.json', 'utf8'));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    validate(json);
    expect(validate.errors ?? []).toEqual([]);
    expect(json.schema).toBe('fairprobe.drift/1');
    expect(json.createdAt).toBe('2026-01-01T00:00:00Z');
  });

  it('keeps a baseline as aggregates only and compares later data with it', () => {
    const base = join(dir, 'base.stats.json');
    const first = runCli([
      'drift',
      '--baseline',
      early,
      '--current',
      late,
      ...roles,
      '--features',
      'web_visits,industry',
      '--save-baseline',
      base,
      '--quiet',
    ]);
    expect(first.status).toBe(2);
    const text = readFileSync(base, 'utf8');
    expect(text).toContain('"fairprobe.stats/1"');
    expect(text).not.toMatch(/L0\d{5}/);
    const again = runCli(['drift', '--baseline', base, '--current', late, '--format', 'line']);
    expect(again.status).toBe(2);
    expect(again.stdout).toContain('score PSI 0.43');
  });

  it('--psi-alarm raises the band; --fail-on warn fails on warnings', () => {
    const args = [
      'drift',
      '--baseline',
      early,
      '--current',
      late,
      '--score',
      'score',
      '--group',
      'region',
      '--metrics',
      'selection_rate',
      '--disparities',
      'statistical_parity_difference',
    ];
    expect(runCli([...args, '--format', 'line']).status).toBe(2);
    const loose = [
      '--psi-alarm',
      '0.9',
      '--psi-warn',
      '0.3',
      '--fairness-alarm',
      '2',
      '--fairness-warn',
      '1',
    ];
    const lenient = runCli([...args, ...loose, '--format', 'line']);
    expect(lenient.stdout).toMatch(/^fairprobe drift WARN/);
    expect(lenient.status).toBe(0);
    expect(runCli([...args, ...loose, '--fail-on', 'warn', '--quiet']).status).toBe(2);
  });

  it('time windows over one file, recorded to a history that renders as a trend', () => {
    const history = join(dir, 'drift.duckdb');
    const w = runCli([
      'drift',
      'datasets/prospects.csv',
      '--time',
      'signup_date',
      '--by',
      'month',
      '--score',
      'score',
      '--group',
      'region',
      '--history',
      history,
    ]);
    expect(w.status).toBe(2);
    expect(w.stdout).toMatch(/2025-10 +\d+ +[\d.]+ +0\.\d+ +score region=east +\d+ +\d+ +alarm/);
    expect(
      runCli(['drift', '--baseline', lateA, '--current', lateB, ...roles, '--history', history, '--quiet'])
        .status,
    ).toBe(0);
    const h = runCli(['history', history]);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/1 .* alarm\n.*2 .* ok/s);
    // The windows run is one row for all its windows: its alarms are those of every window, so the
    // row names the windows and their rows, not the last window alone; PSIs say which window.
    const windowsRow = h.stdout.split('\n').find((l) => /^ *1 /.test(l))!;
    expect(windowsRow).toMatch(
      / 12 windows 2025-01…2025-12 +20000 +0\.015 \[2025-12\] +0\.4\d\d score region=east \[2025-12\] +\d+ /,
    );
    expect(windowsRow).not.toContain('1699');
    const out = join(dir, 'history.html');
    expect(runCli(['history', history, '--format', 'html', '--out', out]).status).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('vegaEmbed(');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toContain('"Disparate impact drift per run (|change| of the ratio vs baseline)"');
    expect(html).toContain('disparate impact change warn 0.1, alarm 0.2');
    // The windows run is charted by its last window; the alarms of October and November are listed.
    expect(html).toMatch(/#1 \[2025-10\] alarm score PSI region=east 0\.\d{3}\n/);
    const json = JSON.parse(runCli(['history', history, '--format', 'json']).stdout);
    expect(json.runs).toHaveLength(2);
  });

  it('refuses to record into another program’s DuckDB database and leaves it unmodified', async () => {
    const other = join(dir, 'other.duckdb');
    await duckdbExec(`ATTACH '${other}' AS other; CREATE TABLE other.leads AS SELECT 1 AS id`);
    const before = readFileSync(other);
    const args = ['drift', '--baseline', lateA, '--current', lateB, ...roles, '--history', other];
    const r = runCli(args);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`"${other}" is a DuckDB database but not a fairprobe history`);
    expect(r.stderr).toMatch(/fix: Give a new path/);
    expect(r.stdout).toBe('');
    expect(readFileSync(other).equals(before)).toBe(true);
    const h = runCli(['history', other]);
    expect(h.status).toBe(1);
    expect(h.stderr).toContain('not a fairprobe history');
  });

  it('still prints an alarm and exits 2 when another job keeps the history locked past the wait', async () => {
    const history = join(dir, 'busy.duckdb');
    const quiet = runCli(['drift', '--baseline', lateA, '--current', lateB, ...roles, '--format', 'json']);
    const holder = await holdHistory(dir, history, JSON.parse(quiet.stdout));
    try {
      const args = ['drift', '--baseline', early, '--current', late, ...roles, '--format', 'line'];
      const r = runCli([...args, '--history', history]);
      expect(r.status).toBe(2);
      expect(r.stdout).toMatch(/^fairprobe drift ALARM: \d+ alarms/);
      expect(r.stderr).toContain(`error: The history database "${history}" is locked by another process`);
      expect(r.stderr).toContain('This run (ALARM) was not recorded in the history');
      // A run without an alarm that could not be recorded fails the job (exit 1), not silently 0.
      const ok = runCli(['drift', '--baseline', lateA, '--current', lateB, ...roles, '--history', history]);
      expect(ok.status).toBe(1);
      expect(ok.stdout).toMatch(/^fairprobe drift OK/);
      expect(ok.stderr).toContain('This run (OK) was not recorded in the history: exit code 1');
    } finally {
      await holder.stop();
    }
    // The holder's run was never committed and this one could not be written: the file holds no run.
    expect(JSON.parse(runCli(['history', history, '--format', 'json']).stdout).runs).toEqual([]);
  });

  it('explains usage errors with exit 1', () => {
    const r = runCli(['drift', '--current', late]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--baseline');
    const html = runCli(['drift', '--baseline', early, '--current', late, ...roles, '--format', 'html']);
    expect(html.status).toBe(1);
    expect(html.stderr).toContain('--out');
    expect(runCli(['history', join(dir, 'missing.duckdb')]).status).toBe(1);
    expect(existsSync(join(dir, 'missing.duckdb'))).toBe(false);
  });
});
