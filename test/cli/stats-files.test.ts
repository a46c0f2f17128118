/**
 * Stats files given to the built CLI as a user would (`audit --stats`, `drift --baseline`): an
 * edited or damaged file is refused on load, with exit 1, the file, the field and how to
 * regenerate it, never an internal error later on; a file named *.stats.json, or holding a
 * fairprobe.stats schema, is always read as a stats file, never as data or a query result. Writing
 * a stats file with groups small enough to reveal individual rows says so, and --suppress-below
 * leaves them out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/data.js';

const DATA = 'datasets/prospects.csv';
const ROLES = ['--score', 'score', '--label', 'converted', '--group', 'gender,region'];
const { dir, cleanup } = tempDir('fairprobe-cli-stats-files-');
const saved = join(dir, 'base.stats.json');

beforeAll(() => {
  ensureBuilt();
  const r = runCli(['stats', DATA, ...ROLES, '--out', saved]);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(cleanup);

/** The saved stats file with one edit, written next to it. */
// biome-ignore lint/suspicious/noExplicitAny: stats files are edited as plain JSON
function edit(name: string, change: (f: Record<string, any>) => void): string {
  const f = JSON.parse(readFileSync(saved, 'utf8'));
  change(f);
  const out = join(dir, name);
  writeFileSync(out, JSON.stringify(f, null, 1));
  return out;
}

describe('an edited stats file', () => {
  it('drift --baseline: fewer histogram bins than the file uses is refused on load, not an internal error', () => {
    const bins = edit('bins.stats.json', (f) => {
      f.histogram.bins = 100;
    });
    const r = runCli(['drift', '--baseline', bins, '--current', DATA]);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/internal error|RangeError/);
    expect(r.stderr).toMatch(
      /stats file looks edited or corrupt: groups\[0\]\.hist\.\w+\[\d+\] names bin \d+/,
    );
    expect(r.stderr).toContain(`file: ${bins}`);
    expect(r.stderr).toMatch(/fix: Regenerate it from the data with `fairprobe stats/);
  });

  it('audit --stats: a negative count is refused, naming the field', () => {
    const negative = edit('negative.stats.json', (f) => {
      f.groups[0].cells.tp.n = -40;
    });
    const r = runCli(['audit', '--stats', negative]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/groups\[0\]\.cells\.tp\.n must not be negative/);
    expect(r.stderr).toContain(`file: ${negative}`);
  });
});

describe('a file that is named or marked as a stats file but is not a valid one', () => {
  const write = (name: string, text: string) => {
    const out = join(dir, name);
    writeFileSync(out, text);
    return out;
  };
  // Each is refused as a stats file by drift --baseline (with and without role flags, which would
  // otherwise have the file read as data) and by audit --stats (which would read a query result).
  const runs = (file: string) => [
    runCli(['drift', '--baseline', file, '--current', DATA]),
    runCli(['drift', '--baseline', file, '--current', DATA, ...ROLES]),
    runCli(['audit', '--stats', file]),
  ];

  it('an empty JSON object: not a fairprobe stats file', () => {
    const file = write('empty.stats.json', '{}\n');
    for (const r of runs(file)) {
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/This is not a fairprobe stats file: it has no "schema" field/);
      expect(r.stderr).toContain(`file: ${file}`);
      expect(r.stderr).not.toMatch(/Name the columns|top-level JSON array|aggregation query/);
    }
  });

  it('text that is not JSON: not valid JSON', () => {
    const file = write('text.stats.json', 'gender,region\nfemale,east\n');
    for (const r of runs(file)) {
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/The stats file is not valid JSON \(.+\): it looks cut short, corrupt/);
      expect(r.stderr).toContain(`file: ${file}`);
    }
  });

  it('another schema version, also in a file not named *.stats.json: unsupported, naming the one supported', () => {
    const v2 = readFileSync(saved, 'utf8').replace('"fairprobe.stats/1"', '"fairprobe.stats/2"');
    for (const file of [write('v2.stats.json', v2), write('v2-baseline.json', v2)]) {
      for (const r of runs(file)) {
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(
          /unsupported schema version "fairprobe\.stats\/2" \(this fairprobe [\d.]+ reads fairprobe\.stats\/1\)/,
        );
        expect(r.stderr).toMatch(/fix: It was written by another version of fairprobe/);
      }
    }
  });

  it('a stats file given to audit as data says to use --stats', () => {
    const r = runCli(['audit', saved, ...ROLES]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is a stats file, not data: audit it with --stats/);
    expect(r.stderr).toContain(`fairprobe audit --stats ${saved}`);
  });

  it('a valid stats file not named *.stats.json is still read by its schema field', () => {
    const file = write('baseline.json', readFileSync(saved, 'utf8'));
    const r = runCli(['audit', '--stats', file, '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rows.read).toBe(20_000);
  });
});

describe('small groups in a stats file', () => {
  // 13 leads: every group and intersection under 10 rows; non-binary × east is one person.
  const tiny = join(dir, 'tiny.csv');
  const TINY_ROLES = ['--score', 'score', '--label', 'converted', '--group', 'gender,region'];
  beforeAll(() => {
    const lines = ['score,converted,gender,region'];
    for (let i = 0; i < 12; i++)
      lines.push(
        `${(0.1 + i * 0.07).toFixed(2)},${i % 3 === 0 ? 1 : 0},${i % 2 ? 'male' : 'female'},${i % 4 < 2 ? 'north' : 'south'}`,
      );
    lines.push('0.22,1,non-binary,east');
    writeFileSync(tiny, `${lines.join('\n')}\n`);
  });
  const rows = (g: { cells: Record<string, { n: number }> }) =>
    Object.values(g.cells).reduce((a, m) => a + m.n, 0);

  it('by default keeps them, and warns that the file can reveal individual rows', () => {
    const out = join(dir, 'tiny.stats.json');
    const r = runCli(['stats', tiny, ...TINY_ROLES, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/no row-level data/);
    expect(r.stderr).toContain(
      `warning: 11 of the 11 groups in ${out} hold fewer than 10 rows (the smallest: 1)`,
    );
    expect(r.stderr).toMatch(/can reveal individual rows/);
    expect(r.stderr).toMatch(/Keep the file as securely as the data, or re-run with --suppress-below 10/);
    // The one person's group is in the file.
    const file = JSON.parse(readFileSync(out, 'utf8'));
    const person = file.groups.find(
      (g: { key: { values: string[] } }) => g.key.values.join() === 'non-binary,east',
    );
    expect(rows(person)).toBe(1);
  });

  it('--suppress-below 10 leaves them out, records them, and an audit lists them as suppressed', () => {
    const out = join(dir, 'tiny-suppressed.stats.json');
    const r = runCli(['stats', tiny, ...TINY_ROLES, '--suppress-below', '10', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/and 0 groups; 11 group\(s\) under 10 rows left out\)/);
    expect(r.stderr).not.toMatch(/warning/);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file.groups).toHaveLength(1);
    expect(rows(file.groups[0])).toBe(13);
    expect(file.suppressed.below).toBe(10);
    expect(file.suppressed.groups).toHaveLength(11);
    const a = runCli(['audit', '--stats', out, '--format', 'json', '--bootstrap', '0']);
    expect(a.status, a.stderr).toBe(0);
    const audit = JSON.parse(a.stdout);
    const pair = audit.attributes.find(
      (x: { attributes: string[] }) => x.attributes.join() === 'gender,region',
    );
    expect(pair.suppressed.filter((s: { reason: string }) => s.reason === 'suppressed')).toHaveLength(5);
    expect(pair.suppressedRows).toBe(13);
    expect(audit.warnings.map((w: { code: string }) => w.code)).toContain('groups_left_out_of_stats');
  });

  it('--suppress-below takes a whole number', () => {
    const run = (n: string) =>
      runCli(['stats', tiny, ...TINY_ROLES, '--suppress-below', n, '--out', join(dir, 'x.stats.json')]);
    const few = run('few');
    expect(few.status).toBe(1);
    expect(few.stderr).toMatch(/--suppress-below must be a number, not "few"/);
    const half = run('2.5');
    expect(half.status).toBe(1);
    expect(half.stderr).toMatch(/Invalid value for --suppress-below/);
  });

  it('drift --save-baseline warns the same way', () => {
    const out = join(dir, 'tiny-baseline.stats.json');
    const r = runCli(['drift', '--baseline', tiny, '--current', tiny, ...TINY_ROLES, '--save-baseline', out]);
    expect(r.status).not.toBe(1);
    expect(r.stderr).toMatch(
      /warning: \d+ of the \d+ groups in .*tiny-baseline\.stats\.json hold fewer than 10 rows/,
    );
  });
});
