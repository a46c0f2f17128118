/**
 * `fairprobe init`: writes a starter policy that validates, refuses to overwrite without --force,
 * and with --for fills in the data's columns and attributes. Spawns the built CLI.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy, starterPolicy } from '../../src/policy/index.js';
import { ensureBuilt, repoRoot, runCli } from '../helpers/cli.js';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'fairprobe-cli-init-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fairprobe init', () => {
  it('writes fairness-policy.yml in the working folder: the starter policy, valid', () => {
    const r = runCli(['init'], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'wrote fairness-policy.yml: 3 rules; attributes gender, age_band\n' +
        'next: review it, then run  fairprobe audit DATA --policy fairness-policy.yml --score COL --label COL\n',
    );
    const text = readFileSync(join(dir, 'fairness-policy.yml'), 'utf8');
    expect(text).toBe(starterPolicy());
    expect(parsePolicy(text).rules.map((x) => x.metric)).toEqual([
      'disparate_impact',
      'equal_opportunity_difference',
      'calibration_gap',
    ]);
  });

  it('refuses to overwrite an existing file (exit 1), and leaves it as it was', () => {
    const p = join(dir, 'mine.yml');
    writeFileSync(p, 'my own policy\n');
    const r = runCli(['init', p]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `error: ${p} already exists; not overwriting it.\n  where: file: ${p}\n` +
        '  fix: Add --force to replace it, or name another file: fairprobe init other-policy.yml\n',
    );
    expect(readFileSync(p, 'utf8')).toBe('my own policy\n');
  });

  it('--force overwrites, atomically (no temporary file left behind)', () => {
    const p = join(dir, 'forced.yml');
    writeFileSync(p, 'old\n');
    expect(runCli(['init', p, '--force']).status).toBe(0);
    expect(readFileSync(p, 'utf8')).toBe(starterPolicy());
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('creates a missing folder, as its help example does (policies/leads.yml)', () => {
    const p = join(dir, 'policies', 'deeper', 'leads.yml');
    const r = runCli(['init', p]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(p, 'utf8')).toBe(starterPolicy());
  });

  it('--for DATA names the score, label and sensitive attributes with the largest group as reference', () => {
    const p = join(dir, 'prospects.yml');
    const r = runCli(['init', p, '--for', join(repoRoot, 'datasets', 'prospects.csv')]);
    expect(r.status).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(
      `wrote ${p}: 3 rules; attributes gender (reference male), age_band (reference 25-34), region (reference west)`,
    );
    const policy = parsePolicy(readFileSync(p, 'utf8'));
    expect(policy.columns).toEqual({ score: 'score', label: 'converted' });
    expect(policy.attributes).toEqual([
      { column: 'gender', reference: 'male' },
      { column: 'age_band', reference: '25-34' },
      { column: 'region', reference: 'west' },
    ]);
    // and it runs as is: the policy supplies every role
    const audit = runCli(['audit', 'datasets/prospects.csv', '--policy', p, '--bootstrap', '100']);
    expect(audit.status).toBe(2);
    expect(audit.stdout).toContain('- FAIL: gender female vs male: disparate_impact');
  });

  it('--for with data that cannot be read: exit 1, nothing written', () => {
    const p = join(dir, 'none.yml');
    const r = runCli(['init', p, '--for', join(dir, 'missing.csv')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: /);
    expect(existsSync(p)).toBe(false);
  });

  it('--help documents the options and exit codes', () => {
    const r = runCli(['init', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--for <data>');
    expect(r.stdout).toContain('--force');
    expect(r.stdout).toContain(
      'Exit codes: 0 written · 1 the file exists (use --force) or the data cannot be read',
    );
  });
});
