/**
 * `fairprobe audit --ranking [spec] --at LIST`: the ranking section in JSON, exact ranks, the
 * report's ranking section, policies naming ranking metrics, and usage errors. Spawns the built CLI.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/index.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';

const base = [
  'audit',
  'datasets/prospects.csv',
  '--score',
  'score',
  '--label',
  'converted',
  '--bootstrap',
  '50',
];
let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'fairprobe-cli-ranking-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fairprobe audit --ranking', () => {
  it('adds the ranking section at the given cut-offs (histogram ranks, log discount)', () => {
    const r = runCli([
      ...base,
      '--group',
      'gender,company_size',
      '--ranking',
      '--at',
      '100,20%',
      '--format',
      'json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as AuditResult;
    const ranking = result.ranking!;
    expect(ranking.mode).toBe('histogram');
    expect(ranking.discount).toEqual({ kind: 'log' });
    expect(ranking.at.map((c) => [c.label, c.k])).toEqual([
      ['100', 100],
      ['20%', 4000],
    ]);
    const female = ranking.sets[0]!.groups.find((g) => g.values[0] === 'female')!;
    expect(female.at[1]!.skew.value!).toBeLessThan(-0.15);
  });

  it('--ranking exact,geometric:0.9 ranks exactly with a patience discount', () => {
    const r = runCli([
      ...base,
      '--group',
      'age_band',
      '--ranking',
      'exact,geometric:0.9',
      '--at',
      '20%',
      '--format',
      'json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const ranking = (JSON.parse(r.stdout) as AuditResult).ranking!;
    expect(ranking.mode).toBe('exact');
    expect(ranking.discount).toEqual({ kind: 'geometric', patience: 0.9 });
    const old = ranking.sets[0]!.groups.find((g) => g.values[0] === '55+')!;
    expect(old.at[0]!.skew.interval!.high).toBeLessThan(0);
  });

  it('writes the ranking section into the HTML report', () => {
    const out = join(dir, 'report.html');
    const r = runCli([...base, '--group', 'gender', '--ranking', '--format', 'html', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('Ranking and exposure');
    expect(html).toContain('Disparate impact along the list: gender');
    expect(html).toContain('Exposure against relevance: gender');
  });

  it('a policy rule on skew_at_k@20% fails the gate (exit 2) without --ranking', () => {
    const policy = join(dir, 'policy.yml');
    writeFileSync(policy, 'rules:\n  - metric: skew_at_k@20%\n    min: -0.2\n    uncertainty: point\n');
    const r = runCli([...base, '--group', 'gender,company_size', '--policy', policy]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toMatch(
      /FAIL: gender female: skew_at_k@20% -0\.2\d+ \[-0\.\d+, -0\.\d+\] is below the minimum -0\.2\./,
    );
  });

  it('rejects a bad spec or cut-off with exit 1', () => {
    const a = runCli([...base, '--group', 'gender', '--ranking', 'exactly']);
    expect(a.status).toBe(1);
    expect(a.stderr).toContain('Cannot read "exactly" in --ranking.');
    const b = runCli([...base, '--group', 'gender', '--at', '10,0%']);
    expect(b.status).toBe(1);
    expect(b.stderr).toContain('Cannot read the ranking cut-off "0%".');
  });
});

describe('fairprobe audit --ranking in the terminal', () => {
  it('prints each group’s share of the top-k lists with skew, exposure ratio and where DI drops below 0.8', () => {
    const r = runCli([
      'audit',
      'datasets/prospects.csv',
      '--score',
      'score',
      '--label',
      'converted',
      '--group',
      'gender',
      '--intersections',
      'none',
      '--bootstrap',
      '20',
      '--ranking',
      '--at',
      '100,20%',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const block = r.stdout.slice(r.stdout.indexOf('■ ranking'));
    expect(block).toContain('top 100 (skew)');
    expect(block).toContain('top 20% (skew)');
    expect(block).toMatch(/female\s+48\.0%\s+[\d.]+% \(-[\d.]+\)\s+38\.\d% \(-0\.2\d\)/);
    expect(block).toContain('NDKL@20%');
  });
});
