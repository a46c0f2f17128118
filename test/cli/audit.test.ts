/**
 * The built CLI, spawned as users run it: `fairprobe audit` outputs and errors, `fairprobe metrics`.
 * Needs `npm run build` first (dist/cli/main.js).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../src/index.js';

const MAIN = 'dist/cli/main.js';
const DATA = 'datasets/prospects.csv';
const BASE = [DATA, '--score', 'score', '--label', 'converted', '--bootstrap', '100'];

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let dir: string;
beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error('run `npm run build` before the CLI tests');
  dir = mkdtempSync(join(tmpdir(), 'fairprobe-cli-audit-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectPlainError(r: ReturnType<typeof run>, pattern: RegExp) {
  expect(r.code, r.err).toBe(1);
  expect(r.err).toMatch(pattern);
  expect(r.err).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace
  expect(r.err).not.toMatch(/node:internal|\.js:\d+:\d+/);
}

describe('fairprobe audit', () => {
  it('prints a table with the groups and the reference marked', () => {
    const r = run('audit', ...BASE, '--group', 'gender', '--intersections', 'none');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const g of ['female', 'male', 'non-binary']) expect(r.out).toContain(g);
    expect(r.out).toContain('(ref)');
  });

  it('--format json parses, has the schema and the numbers', () => {
    const r = run(
      'audit',
      ...BASE,
      '--group',
      'gender',
      '--format',
      'json',
      '--created-at',
      '2026-01-01T00:00:00Z',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.schema).toBe('fairprobe.audit/1');
    expect(j.createdAt).toBe('2026-01-01T00:00:00Z');
    expect(j.overall.n).toBe(20_000);
    const female = j.attributes[0].groups.find((g: { values: string[] }) => g.values[0] === 'female');
    expect(female.disparities.disparate_impact.value).toBeCloseTo(0.689, 3);
  });

  it('--format json is byte-identical across runs given --created-at and --seed', () => {
    const args = [
      'audit',
      ...BASE,
      '--group',
      'gender,age_band',
      '--format',
      'json',
      '--created-at',
      '2026-01-01T00:00:00Z',
      '--seed',
      '5',
    ];
    const a = run(...args);
    const b = run(...args);
    expect(a.code).toBe(0);
    expect(b.out).toBe(a.out);
  });

  it('--format md --out writes the file atomically and leaves the input untouched', () => {
    const before = statSync(DATA);
    const bytes = readFileSync(DATA);
    const out = join(dir, 'report.md');
    const r = run('audit', ...BASE, '--group', 'gender,age_band', '--format', 'md', '--out', out);
    expect(r.code).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toMatch(/^#/m);
    expect(md).toContain('female');
    expect(md).toContain('55+');
    // Atomic: no temporary file is left behind next to the output.
    expect(readdirSync(dir)).toEqual(['report-charts', 'report.md']);
    const after = statSync(DATA);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(readFileSync(DATA).equals(bytes)).toBe(true);
  });

  it('missing --group: exit 1 with a plain message', () => {
    expectPlainError(run('audit', ...BASE), /--group/);
  });

  it('unknown column: exit 1 and suggests the nearest name', () => {
    const r = run('audit', ...BASE, '--group', 'gendr');
    expectPlainError(r, /gendr/);
    expect(r.err).toContain('gender');
  });

  it('--score-range on a data file: exit 1 (it describes a warehouse result; it was ignored)', () => {
    expectPlainError(
      run('audit', ...BASE, '--group', 'gender', '--raw-scores', '--score-range', '0,1'),
      /--score-range describes/,
    );
  });

  it('an attribute whose every group is suppressed says so, with no empty table', () => {
    const tiny = join(dir, 'tiny.csv');
    writeFileSync(tiny, 'score,y,g\n0.9,1,a\n0.2,0,b\n0.4,1,a\n');
    const r = run('audit', tiny, '--score', 'score', '--label', 'y', '--group', 'g', '--bootstrap', '100');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      '■ g   (no group shown: every group is suppressed or empty)\n  suppressed: 2 group(s) under 10 rows, 3 rows in all',
    );
    expect(r.out).not.toContain('per metric');
  });

  it('unknown option: exit 1', () => {
    expectPlainError(run('audit', ...BASE, '--group', 'gender', '--frobnicate'), /frobnicate/);
  });

  it('--select-top or --threshold without a score: exit 1, not a silently label-only audit', () => {
    for (const option of [
      ['--select-top', '20%'],
      ['--threshold', '0.3'],
    ]) {
      const r = run('audit', DATA, '--label', 'converted', '--group', 'gender', ...option);
      expectPlainError(r, /selects leads by their score, but no score column was given/);
    }
    // Labels only, without a decision option, still works.
    expect(run('audit', DATA, '--label', 'converted', '--group', 'gender', '--bootstrap', '50').code).toBe(0);
  });

  it('a flag never prints a value as its own bound (1.2517 > 1.25 reads 1.252)', () => {
    const r = run('audit', ...BASE, '--group', 'gender,company_size', '--intersections', 'pairs');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/DI 1\.252 > 1\.25/);
    expect(r.out).not.toMatch(/DI 1\.25 > 1\.25|DI 0\.80 < 0\.8|TPR gap [+-]0\.100 /);
  });

  it('--out: the name decides the format; a .pdf, or a name that contradicts --format, is refused', () => {
    const pdf = join(dir, 'audit.pdf');
    expectPlainError(run('audit', ...BASE, '--group', 'gender', '--out', pdf), /cannot write a \.pdf file/);
    expect(existsSync(pdf)).toBe(false);
    const html = join(dir, 'mismatch.html');
    expectPlainError(
      run('audit', ...BASE, '--group', 'gender', '--format', 'md', '--out', html),
      /names a HTML file, but --format is md/,
    );
    expect(existsSync(html)).toBe(false);
    const txt = join(dir, 'audit.txt');
    expect(run('audit', ...BASE, '--group', 'gender', '--out', txt).code).toBe(0);
    expect(readFileSync(txt, 'utf8')).toMatch(/^fairprobe audit/);
    const json = join(dir, 'audit.json');
    expect(run('audit', ...BASE, '--group', 'gender', '--out', json).code).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8')).schema).toBe('fairprobe.audit/1');
    expectPlainError(run('report', json, '--out', join(dir, 'r.pdf')), /cannot write a \.pdf file/);
    // A result file that is not there: the reason, and how to write one.
    const missing = run('report', join(dir, 'nonexist.json'));
    expectPlainError(missing, /Cannot read the AuditResult file ".*nonexist\.json": it does not exist\./);
    expect(missing.err).toContain(
      'fix: Write one with `fairprobe audit DATA ... --format json --out result.json`',
    );
  });

  it('--threshold abc: exit 1 with a plain message', () => {
    expectPlainError(run('audit', ...BASE, '--group', 'gender', '--threshold', 'abc'), /threshold/);
  });
});

describe('fairprobe audit --prediction with text decisions', () => {
  it('asks which value means selected, and --prediction-positive maps it (same numbers as 0/1)', () => {
    const rows = readFileSync(DATA, 'utf8').trimEnd().split('\n');
    const header = rows[0]!.split(',');
    const score = header.indexOf('score');
    const text = [
      `${rows[0]},decision`,
      ...rows.slice(1).map((r) => `${r},${Number(r.split(',')[score]) >= 0.5 ? 'contact' : 'skip'}`),
    ];
    const file = join(dir, 'decisions.csv');
    writeFileSync(file, `${text.join('\n')}\n`);
    const common = ['--label', 'converted', '--group', 'gender', '--bootstrap', '50', '--format', 'json'];
    const asked = run('audit', file, ...common.slice(0, -2), '--prediction', 'decision');
    expectPlainError(
      asked,
      /prediction column "decision"[\s\S]*favourable outcome \(selected\)[\s\S]*--prediction-positive "contact"/,
    );
    const mapped = run(
      'audit',
      file,
      ...common,
      '--prediction',
      'decision',
      '--prediction-positive',
      'contact',
    );
    expect(mapped.code).toBe(0);
    const byScore = run('audit', file, ...common, '--score', 'score');
    const rates = (out: string) =>
      (
        JSON.parse(out) as { attributes: { groups: { metrics: { selection_rate?: { value: number } } }[] }[] }
      ).attributes[0]!.groups.map((g) => g.metrics.selection_rate?.value);
    expect(rates(mapped.out)).toEqual(rates(byScore.out));
  });
});

describe('fairprobe audit --reference with a binned attribute (labels hold a comma)', () => {
  const GROUPS = ['--group', 'gender,web_visits:5,10', '--intersections', 'none', '--format', 'json'];
  const references = (reference: string) => {
    const r = run('audit', ...BASE, ...GROUPS, '--reference', reference);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { attributes: { attributes: string[]; reference: unknown }[] };
    return Object.fromEntries(j.attributes.map((a) => [a.attributes[0], a.reference]));
  };

  it('names the bin [5, 10), alone or with another pair, before or after it', () => {
    expect(references('web_visits=[5, 10)').web_visits).toEqual({
      rule: 'web_visits=[5, 10)',
      values: ['[5, 10)'],
    });
    for (const both of ['gender=female,web_visits=[5, 10)', 'web_visits=[5, 10),gender=female']) {
      expect(references(both)).toEqual({
        gender: { rule: 'gender=female', values: ['female'] },
        web_visits: { rule: 'web_visits=[5, 10)', values: ['[5, 10)'] },
      });
    }
  });

  it('a value that is not a group: exit 1, the nearest and every valid group as --reference takes them', () => {
    const r = run('audit', ...BASE, ...GROUPS.slice(0, 4), '--reference', 'web_visits=[5,10)');
    expectPlainError(
      r,
      /^error: The reference group web_visits=\[5,10\) is not among the groups shown for web_visits\./,
    );
    expect(r.err).toContain(
      '  fix: Did you mean "web_visits=[5, 10)"? Valid groups: "web_visits=<5", "web_visits=[5, 10)", "web_visits=>=10" (groups under 10 rows are suppressed).',
    );
  });
});

describe('fairprobe metrics --explain', () => {
  it('lists every metric id', () => {
    const r = run('metrics', '--explain');
    expect(r.code).toBe(0);
    for (const m of METRICS) expect(r.out).toContain(m.id);
  });
});

describe('fairprobe audit --explain', () => {
  it('appends every formula from the registry after the summary', () => {
    const r = run(
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
      '50',
      '--explain',
    );
    expect(r.code).toBe(0);
    const defs = r.out.slice(r.out.indexOf('Definitions'));
    expect(r.out.indexOf('■ gender')).toBeLessThan(r.out.indexOf('Definitions'));
    for (const m of METRICS) {
      expect(defs).toContain(`${m.id} — ${m.name}`);
      expect(defs).toContain(m.formula);
    }
  });
});
