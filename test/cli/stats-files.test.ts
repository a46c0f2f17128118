/**
 * Stats files given to the built CLI as a user would (`audit --stats`, `drift --baseline`): an
 * edited or damaged file is refused on load, with exit 1, the file, the field and how to
 * regenerate it, never an internal error later on.
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
