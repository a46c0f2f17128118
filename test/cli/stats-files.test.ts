/**
 * Stats files given to the built CLI as a user would (`audit --stats`, `drift --baseline`): an
 * edited or damaged file is refused on load, with exit 1, the file, the field and how to
 * regenerate it, never an internal error later on; a file named *.stats.json, or holding a
 * fairprobe.stats schema, is always read as a stats file, never as data or a query result.
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
