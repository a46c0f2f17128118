import { createHash } from 'node:crypto';
/**
 * Partitioned scheduled jobs with the built CLI: `fairprobe stats PART --out part.stats.json` per
 * partition (here: days of datasets/prospects.csv split in three files), then
 * `fairprobe audit --stats *.stats.json` equals the audit of the whole file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/index.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { expectClose, tempDir } from '../helpers/data.js';

const ROLES = ['--score', 'score', '--label', 'converted', '--group', 'gender,age_band'];
const JSON_OUT = ['--format', 'json', '--created-at', '2026-01-01T00:00:00Z', '--bootstrap', '100'];
const { dir, cleanup } = tempDir('fairprobe-cli-stats-');
const parts: string[] = [];
beforeAll(() => {
  ensureBuilt();
  const [header, ...lines] = readFileSync('datasets/prospects.csv', 'utf8').trimEnd().split('\n');
  const third = Math.ceil(lines.length / 3);
  for (let i = 0; i < 3; i++) {
    const file = join(dir, `part-${i}.csv`);
    writeFileSync(file, `${[header, ...lines.slice(i * third, (i + 1) * third)].join('\n')}\n`);
    parts.push(file);
  }
});
afterAll(cleanup);

function auditJson(name: string, ...args: string[]): AuditResult {
  const out = join(dir, `${name}.json`);
  const r = runCli(['audit', ...args, ...JSON_OUT, '--out', out]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as AuditResult;
}

describe('fairprobe stats per partition, then fairprobe audit --stats', () => {
  it('merged partition stats audit exactly like the whole file', () => {
    const statsFiles = parts.map((p, i) => {
      const out = join(dir, `part-${i}.stats.json`);
      const r = runCli(['stats', p, ...ROLES, '--out', out]);
      expect(r.status, r.stderr).toBe(0);
      // Every group of a third of the data holds 10 rows or more: no small-group warning.
      expect(r.stderr).toMatch(/^wrote .* \(\d+ rows summarised as the overall total and \d+ groups\)\n$/);
      return out;
    });
    const merged = auditJson('merged', '--stats', ...statsFiles);
    const whole = auditJson('whole', 'datasets/prospects.csv', ...ROLES);
    const { input: mergedInput, ...m } = merged;
    const { input: _wholeInput, ...w } = whole;
    expectClose(JSON.parse(JSON.stringify(m)), JSON.parse(JSON.stringify(w)));
    expect(mergedInput.parts?.map((p) => p.name)).toEqual(parts);
    expect(mergedInput.parts?.reduce((a, p) => a + p.rows, 0)).toBe(20_000);
    // The fingerprint names the stats files audited, with the SHA-256 of their bytes.
    expect(mergedInput.statsFiles?.map((f) => f.path)).toEqual(statsFiles);
    expect(mergedInput.statsFiles?.[0]?.sha256).toBe(
      createHash('sha256').update(readFileSync(statsFiles[0]!)).digest('hex'),
    );
  });

  it('a stats file holds aggregates only: no lead id, no row', () => {
    const out = join(dir, 'ids.stats.json');
    expect(runCli(['stats', 'datasets/prospects.csv', ...ROLES, '--out', out]).status).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toMatch(/L0\d{5}/);
    expect(JSON.parse(text).schema).toBe('fairprobe.stats/1');
  });

  it('refuses flags the stats already fixed', () => {
    const out = join(dir, 'p0.stats.json');
    expect(runCli(['stats', parts[0]!, ...ROLES, '--out', out]).status).toBe(0);
    const r = runCli(['audit', '--stats', out, '--threshold', '0.7']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--threshold cannot be used with --stats/);
  });
});
