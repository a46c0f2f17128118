/**
 * `fairprobe drift` options that must not give a silently wrong comparison: a decision that differs
 * from the baseline's, no attribute in common, bad option values, a policy file, role flags beside
 * a stats baseline, and current data without outcomes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DriftResult, drift } from '../../src/index.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { duckdbExec, tempDir } from '../helpers/data.js';

const { dir, cleanup } = tempDir('fairprobe-cli-drift-options-');
const early = join(dir, 'early.csv');
const late = join(dir, 'late.csv');
const lateNoLabel = join(dir, 'late-no-label.csv');
const base = join(dir, 'base.stats.json');
const roles = ['--score', 'score', '--label', 'converted', '--group', 'region,gender'];
const json = (stdout: string) => JSON.parse(stdout) as DriftResult;
/** `fairprobe drift` over time windows of the sample data, by the column `time`. */
const windows = (time: string, ...extra: string[]) => [
  'drift',
  'datasets/prospects.csv',
  '--time',
  time,
  '--score',
  'score',
  ...extra,
];

beforeAll(async () => {
  ensureBuilt();
  const src = "read_csv('datasets/prospects.csv')";
  await duckdbExec(`COPY (SELECT * FROM ${src} WHERE signup_date < DATE '2025-10-01') TO '${early}'`);
  await duckdbExec(`COPY (SELECT * FROM ${src} WHERE signup_date >= DATE '2025-10-01') TO '${late}'`);
  await duckdbExec(
    `COPY (SELECT * EXCLUDE (converted) FROM ${src} WHERE signup_date >= DATE '2025-10-01') TO '${lateNoLabel}'`,
  );
  const r = runCli(['stats', early, ...roles, '--out', base]);
  expect(r.status).toBe(0);
});
afterAll(cleanup);

describe('fairprobe drift refuses comparisons that would mislead', () => {
  it('a threshold other than the baseline’s (every selection rate would shift)', () => {
    const r = runCli(['drift', '--baseline', base, '--current', late, '--threshold', '0.7']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('score ≥ 0.5');
    expect(r.stderr).toContain('score ≥ 0.7');
    // The same threshold as the baseline's is fine.
    expect(runCli(['drift', '--baseline', base, '--current', late, '--threshold', '0.5']).status).toBe(2);
  });

  it('no group attribute on both sides', () => {
    const r = runCli(['drift', '--baseline', base, '--current', late, '--group', 'company_size']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no group attribute is on both sides/);
  });

  it('bad values: correction, bootstrap, min rows, bands, baseline window, timestamp, threshold', () => {
    const pair = ['drift', '--baseline', base, '--current', late];
    const cases: [string[], RegExp][] = [
      [
        ['--correction', 'holmes'],
        /Unknown --correction \(option correction\) "holmes"[\s\S]*Did you mean "holm"/,
      ],
      [['--bootstrap', '1e9'], /from 20 to 100000, not 1000000000/],
      [['--bootstrap', '0'], /--bootstrap \(option replicates\) must be a whole number from 20 to 100000/],
      [['--min-rows', '-3'], /--min-rows \(option minRows\) must be a whole number of at least 1/],
      [['--psi-warn', '-1'], /--psi-warn must be 0 or more/],
      [['--seed', '1.5'], /--seed \(option seed\) must be a whole number/],
      [['--threads', '0'], /--threads must be a whole number of at least 1/],
      [['--created-at', 'yesterday'], /"yesterday" is not an ISO 8601 timestamp/],
      [['--threshold', '1.5'], /1\.5 is outside \[0, 1\]/],
    ];
    for (const [extra, message] of cases) {
      const r = runCli([...pair, ...extra]);
      expect(r.status, extra.join(' ')).toBe(1);
      expect(r.stderr, extra.join(' ')).toMatch(message);
      expect(r.stderr).not.toContain('policy');
    }
    const w = runCli(windows('signup_date', '--group', 'region', '--baseline-window', '2025-13'));
    expect(w.status).toBe(1);
    expect(w.stderr).toContain('"2025-13" is not a date in the calendar');
    const text = runCli(windows('region', '--group', 'gender'));
    expect(text.status).toBe(1);
    expect(text.stderr).toContain('No value of the time column "region" reads as a date');
    const window = runCli(['drift', '--baseline', base, '--current', late, '--baseline-window', 'previous']);
    expect(window.status).toBe(1);
    expect(window.stderr).toContain('--baseline-window chooses among time windows');
    const save = runCli(
      windows('signup_date', '--group', 'region', '--save-baseline', join(dir, 'w.stats.json')),
    );
    expect(save.status).toBe(1);
    expect(save.stderr).toContain('--save-baseline saves one side');
    const twice = runCli(['drift', late, '--baseline', base, '--current', early]);
    expect(twice.status).toBe(1);
    expect(twice.stderr).toContain('Two current data sets');
  });

  it('the library refuses the same values', async () => {
    const opts = { baseline: base, current: late };
    await expect(drift({ ...opts, correction: 'holmes' as 'holm' })).rejects.toThrow(/holmes/);
    await expect(drift({ ...opts, replicates: 0 })).rejects.toThrow(/from 20 to 100000/);
    await expect(drift({ ...opts, createdAt: 'yesterday' })).rejects.toThrow(/ISO 8601/);
  });
});

describe('fairprobe drift with a stats baseline and a policy', () => {
  it('role flags override one by one; the baseline’s other roles stay', () => {
    const r = runCli([
      'drift',
      '--baseline',
      base,
      '--current',
      late,
      '--group',
      'region',
      '--format',
      'json',
    ]);
    expect(r.status).toBe(2);
    const result = json(r.stdout);
    const fair = result.comparisons[0]!.fairness;
    expect(new Set(fair.map((f) => f.attributes.join()))).toEqual(new Set(['', 'region']));
    // The score and label still come from the baseline: the score is compared, and TPR too.
    expect(result.comparisons[0]!.distribution.some((d) => d.column === 'score')).toBe(true);
    expect(fair.some((f) => f.metric === 'tpr')).toBe(true);
  });

  it('current data without outcomes gets decision-based drift only (the label is the baseline’s)', () => {
    const r = runCli(['drift', '--baseline', base, '--current', lateNoLabel, '--format', 'json']);
    expect(r.status).toBe(2);
    const fair = json(r.stdout).comparisons[0]!.fairness;
    const east = fair.find((f) => f.metric === 'selection_rate' && f.values[0] === 'east')!;
    expect(east.status).toBe('alarm');
    expect(fair.some((f) => f.metric === 'tpr' && f.status !== 'insufficient')).toBe(false);
    // Said in the result, so a scheduler knows the label-based checks were not made.
    expect(json(r.stdout).comparisons[0]!.warnings).toContainEqual({
      code: 'no_current_labels',
      message: expect.stringContaining('The current data has no "converted" column'),
    });
    // A label from a policy file is optional the same way.
    const policy = join(dir, 'label-policy.yml');
    writeFileSync(
      policy,
      'columns: { score: score, label: converted }\nattributes: [{ column: region }]\nrules:\n  - metric: auc_gap\n    max: 0.1\n',
    );
    const p = runCli(['drift', '--baseline', base, '--current', lateNoLabel, '--policy', policy]);
    expect(p.status).toBe(2);
    expect(p.stderr).toContain("the policy's rules on auc_gap are judged by `fairprobe audit --policy` only");
    // Naming the label explicitly still requires it.
    const strict = runCli(['drift', '--baseline', base, '--current', lateNoLabel, '--label', 'converted']);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain('"converted"');
  });

  it('--policy: columns, attributes, threshold, bands and the rates its rules judge; flags win', () => {
    const policy = join(dir, 'policy.yml');
    writeFileSync(
      policy,
      [
        'columns: { score: score, label: converted }',
        'attributes:',
        '  - column: region',
        '    reference: west',
        'decision: { threshold: 0.5 }',
        'rules:',
        '  - metric: disparate_impact',
        '    min: 0.8',
        '  - metric: tpr_difference',
        '    min: -0.1',
        'drift:',
        '  bands: { psi: { warn: 0.2, alarm: 0.3 } }',
        '  minRows: 40',
      ].join('\n'),
    );
    const withPolicy = ['drift', '--baseline', early, '--current', late, '--policy', policy];
    const r = runCli([...withPolicy, '--format', 'json']);
    expect(r.status).toBe(2);
    const result = json(r.stdout);
    expect(result.settings.bands.psi).toEqual({ warn: 0.2, alarm: 0.3 });
    expect(result.settings.minRows).toBe(40);
    expect(result.settings.metrics).toEqual(['selection_rate', 'tpr']);
    expect(result.settings.disparities).toEqual(['disparate_impact']);
    const di = result.comparisons[0]!.fairness.filter((f) => f.metric === 'disparate_impact');
    expect(di.length).toBeGreaterThan(0);
    for (const f of di) expect(f.reference).toEqual(['west']);
    const flagged = runCli([
      ...withPolicy,
      '--psi-alarm',
      '0.5',
      '--metrics',
      'selection_rate',
      '--format',
      'json',
    ]);
    const over = json(flagged.stdout);
    expect(over.settings.bands.psi).toEqual({ warn: 0.2, alarm: 0.5 });
    expect(over.settings.metrics).toEqual(['selection_rate']);
    // A file with only a drift section is a drift policy too.
    const only = join(dir, 'drift-only.yml');
    writeFileSync(only, 'drift:\n  bins: 5\n');
    const o = runCli(['drift', '--baseline', base, '--current', late, '--policy', only, '--format', 'json']);
    expect(o.status).toBe(2);
    expect(json(o.stdout).settings.bins).toBe(5);
    // Errors name the file and line.
    writeFileSync(only, 'drift:\n  bins: 1\n');
    const bad = runCli(['drift', '--baseline', base, '--current', late, '--policy', only]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/drift-only\.yml.*2/);
  });

  it('the one-line summary says what was not compared and names a disparity’s reference', () => {
    const stats2 = join(dir, 'late.stats.json');
    expect(
      runCli([
        'stats',
        late,
        '--score',
        'score',
        '--label',
        'converted',
        '--group',
        'region',
        '--out',
        stats2,
      ]).status,
    ).toBe(0);
    const r = runCli(['drift', '--baseline', base, '--current', stats2, '--format', 'line']);
    expect(r.stdout).toContain('note: "gender" is a group attribute of the baseline side only');
    expect(r.stdout).toMatch(/disparate_impact region=\w+ vs \w+/);
    expect(readFileSync(base, 'utf8')).toContain('"gender"');
  });

  it('the windows table names the group shift that alarms, not a noisier one that does not', () => {
    const r = runCli(
      windows(
        'signup_date',
        '--label',
        'converted',
        '--group',
        'gender,age_band,region',
        '--features',
        'email_opens,web_visits,industry',
        '--history',
        join(dir, 'windows.duckdb'),
      ),
    );
    expect(r.status).toBe(2);
    for (const month of ['2025-10', '2025-11', '2025-12']) {
      expect(r.stdout).toMatch(new RegExp(`${month} .* score region=east .* alarm`));
    }
    // So does the history's row of the run (a larger, insignificant PSI of 6 non-binary leads aside).
    const h = runCli(['history', join(dir, 'windows.duckdb')]);
    expect(h.stdout).toMatch(/12 windows .* score region=east \[2025-\d\d\]/);
  });
});
