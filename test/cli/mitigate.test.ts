/**
 * `fairprobe mitigate`, spawned as users run it (`node dist/cli/main.js`): writes the mitigated
 * file, whose weights `fairprobe audit --weight` reads; --evaluate prints the comparison; errors
 * are plain words with exit code 1.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliMain, ensureBuilt, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/data.js';

const DATA = 'datasets/prospects.csv';
const tmp = tempDir('fairprobe-cli-mitigate-');
const inputHash = createHash('sha256')
  .update(readFileSync(join(repoRoot, DATA)))
  .digest('hex');

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cliMain, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function expectPlainError(r: ReturnType<typeof run>, pattern: RegExp) {
  expect(r.code).toBe(1);
  expect(r.err).toMatch(pattern);
  expect(r.err).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

beforeAll(() => ensureBuilt());
afterAll(() => {
  tmp.cleanup();
  // The input is never modified.
  expect(
    createHash('sha256')
      .update(readFileSync(join(repoRoot, DATA)))
      .digest('hex'),
  ).toBe(inputHash);
});

describe('fairprobe mitigate', () => {
  it('reweigh: writes a weight column that audit --weight reads (equal weighted base rates)', () => {
    const out = join(tmp.dir, 'rw.csv');
    const r = run(['mitigate', 'reweigh', DATA, '--group', 'gender', '--label', 'converted', '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Reweighing');
    expect(r.out).toContain('columns added: weight');
    const a = run([
      'audit',
      out,
      '--score',
      'score',
      '--label',
      'converted',
      '--group',
      'gender',
      '--weight',
      'weight',
      '--format',
      'json',
      '--bootstrap',
      '50',
    ]);
    expect(a.code).toBe(0);
    const j = JSON.parse(a.out);
    const rates = j.attributes[0].groups.map(
      (g: { metrics: { base_rate: { value: number } } }) => g.metrics.base_rate.value,
    );
    for (const x of rates) expect(x).toBeCloseTo(rates[0], 9);
  });

  it('resample names its mode, and a stratum under 10 rows shows no count in any column', () => {
    const out = join(tmp.dir, 'rs.csv');
    const r = run([
      'mitigate',
      'resample',
      DATA,
      '--group',
      'gender,age_band',
      '--label',
      'converted',
      '--mode',
      'preferential',
      '--rank-by',
      'score',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Resampling \(preferential, ranked by score\)/);
    // prospects.csv has 9 converted non-binary leads aged 55+.
    const line = r.out.split('\n').find((l) => /^non-binary & 55\+\s+1\s/.test(l))!;
    expect(line).toMatch(/<10\s+—\s+—\s+—\s+[\d.]+$/);
    expect(r.out).toContain('strata under 10 rows: counts and weights not shown');
    const u = run(['mitigate', 'resample', DATA, '--group', 'gender', '--label', 'converted', '--out', out]);
    expect(u.out).toMatch(/^Resampling \(uniform\)/);
  });

  it('synthesize to Parquet with ids pseudonymised by a key from the environment, JSON summary', () => {
    const out = join(tmp.dir, 'syn.parquet');
    const r = run(
      [
        'mitigate',
        'synthesize',
        DATA,
        '--group',
        'gender',
        '--label',
        'converted',
        '--id',
        'lead_id',
        '--pseudonymize',
        'env:FP_TEST_KEY',
        '--features',
        'email_opens,web_visits,industry,company_size',
        '--target',
        'equal-group-shares',
        '--rows',
        '300',
        '--out',
        out,
        '--format',
        'json',
      ],
      { FP_TEST_KEY: 'a-secret-key' },
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.result.rows).toMatchObject({ input: 20_000, added: 300, output: 20_300 });
    expect(j.result.details.privacy.exactCopiesEmitted).toBe(0);
    expect(JSON.stringify(j)).not.toContain('L000001');
  });

  it('--evaluate prints disparities before and after with intervals, and the cost', () => {
    const r = run([
      'mitigate',
      'repair',
      DATA,
      '--group',
      'gender',
      '--label',
      'converted',
      '--features',
      'email_opens,web_visits,industry',
      '--lambda',
      '1',
      '--evaluate',
      '--bootstrap',
      '100',
      '--epochs',
      '100',
      '--evaluation-out',
      join(tmp.dir, 'ev.json'),
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/before \[95% CI\]\s+after \[95% CI\]/);
    expect(r.out).toMatch(/disparate_impact\s+\d\.\d{3} \[/);
    expect(r.out).toContain('conversions captured in the top 20%');
    const ev = JSON.parse(readFileSync(join(tmp.dir, 'ev.json'), 'utf8'));
    expect(ev.schema).toBe('fairprobe.mitigation-evaluation/1');
    expect(ev.before.audit.schema).toBe('fairprobe.audit/1');
  });

  it('flip --mode all writes each lead once per gender', () => {
    const out = join(tmp.dir, 'flip.csv');
    const r = run(['mitigate', 'flip', DATA, '--group', 'gender', '--mode', 'all', '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(60_001);
  });

  it('errors: unknown method, no --out, output over the input, bad lambda', () => {
    expectPlainError(
      run(['mitigate', 'smote', DATA, '--group', 'gender', '--out', 'x.csv']),
      /Unknown mitigation method "smote"/,
    );
    expectPlainError(
      run(['mitigate', 'reweigh', DATA, '--group', 'gender', '--label', 'converted']),
      /--out/,
    );
    expectPlainError(
      run(['mitigate', 'reweigh', DATA, '--group', 'gender', '--label', 'converted', '--out', DATA]),
      /never overwrites its input/,
    );
    expectPlainError(
      run([
        'mitigate',
        'repair',
        DATA,
        '--group',
        'gender',
        '--lambda',
        '2',
        '--out',
        join(tmp.dir, 'r.csv'),
      ]),
      /λ must be a number in \[0, 1\]/,
    );
  });

  it('--help says when to use each method', () => {
    const r = run(['mitigate', '--help']);
    expect(r.code).toBe(0);
    for (const m of ['reweigh', 'resample', 'synthesize', 'repair', 'flip']) expect(r.out).toContain(m);
    expect(r.out).toContain('cannot fix');
  });
});
