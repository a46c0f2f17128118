/**
 * The examples are executed, not just written: the library program and the DPIA workflow run end
 * to end on the sample data and produce what their READMEs promise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/cli.js';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'fairprobe-examples-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('examples/', () => {
  it('library/audit-in-code.ts audits, judges and reports through the public API', () => {
    const out = join(dir, 'lib');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'examples/library/audit-in-code.ts', out], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(2); // the injected biases fail the four-fifths rule
    expect(r.stdout).toMatch(/gender = female: selection 0\.197, disparate impact 0\.69/);
    expect(r.stdout).toContain('2 rule(s) failed:');
    expect(existsSync(join(out, 'audit.html'))).toBe(true);
  });

  it('dpia/run.sh runs policy → audit → report with the controller’s statements in the annex', () => {
    const out = join(dir, 'dpia');
    const r = spawnSync('bash', ['examples/dpia/run.sh', out], { encoding: 'utf8', timeout: 180_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('policy gate exit code: 2');
    const html = readFileSync(join(out, 'audit.html'), 'utf8');
    expect(html).toContain('Legitimate interests (GDPR Art. 6(1)(f))');
    expect(JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')).verdicts.length).toBeGreaterThan(0);
  });
});
