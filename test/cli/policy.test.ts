/**
 * `fairprobe audit --policy`: the exit code of every path through the CLI (0 pass, 2 policy failed,
 * 1 usage/input error, 3 internal error; --fail-on warn|fail|never), overrides, and the output.
 * Spawns the built CLI (dist/cli/main.js; built first when stale).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliMain, ensureBuilt, repoRoot, runCli } from '../helpers/cli.js';

let dir: string;
let data: string;
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

// a: 200 leads, 100 selected (reference) · b: 200 leads, 50 selected (DI 0.5) · half of each converted
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'fairprobe-cli-policy-'));
  const lines = ['score,y,g'];
  for (const [g, sel] of [
    ['a', 100],
    ['b', 50],
  ] as const) {
    for (let i = 0; i < 200; i++) lines.push(`${i < sel ? 0.9 : 0.1},${i % 2},${g}`);
  }
  data = file('leads.csv', `${lines.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const policyWith = (rule: string) =>
  `columns: { score: score, label: y }\nattributes:\n  - column: g\n    reference: a\nrules:\n${rule}`;
const PASS = () => file('pass.yml', policyWith('  - metric: disparate_impact\n    min: 0.3\n'));
const WARN = () =>
  file('warn.yml', policyWith('  - metric: disparate_impact\n    min: 0.3\n    warn: 0.7\n'));
const FAIL = () => file('fail.yml', policyWith('  - metric: disparate_impact\n    min: 0.8\n'));
const audit = (...args: string[]) => runCli(['audit', data, '--bootstrap', '200', ...args]);

describe('exit codes of fairprobe audit', () => {
  it('0 without a policy', () => {
    const r = audit('--score', 'score', '--label', 'y', '--group', 'g');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('■ policy');
  });

  it('0 when every rule passes; the policy names the columns and attributes', () => {
    const r = audit('--policy', PASS());
    expect(r.stderr).toBe('policy PASS: 0 fail, 0 warn, 1 pass, 0 insufficient data\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^fairprobe audit — .*\n■ policy: PASS — 0 fail · 0 warn · 1 pass · 0 insufficient data\n/,
    );
  });

  it('0 on warnings by default, 2 with --fail-on warn', () => {
    const r = audit('--policy', WARN());
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('policy WARN: 0 fail, 1 warn, 0 pass, 0 insufficient data\n');
    expect(r.stdout).toMatch(
      /- WARN: g b vs a: disparate_impact 0\.500 \[[\d.]+, [\d.]+\] is below the warning level 0\.7/,
    );
    const strict = audit('--policy', WARN(), '--fail-on', 'warn');
    expect(strict.status).toBe(2);
    expect(strict.stderr).toBe(
      'policy WARN: 0 fail, 1 warn, 0 pass, 0 insufficient data (exit 2, --fail-on warn)\n',
    );
  });

  it('2 when a rule fails (also with an explicit --fail-on fail), 0 with --fail-on never', () => {
    for (const extra of [[], ['--fail-on', 'fail']]) {
      const r = audit('--policy', FAIL(), ...extra);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        'policy FAIL: 1 fail, 0 warn, 0 pass, 0 insufficient data (exit 2, --fail-on fail)\n',
      );
      expect(r.stdout).toMatch(
        /- FAIL: g b vs a: disparate_impact 0\.500 .* is below the minimum 0\.8 with its whole 95% interval\./,
      );
    }
    const never = audit('--policy', FAIL(), '--fail-on', 'never');
    expect(never.status).toBe(0);
    expect(never.stderr).toBe('policy FAIL: 1 fail, 0 warn, 0 pass, 0 insufficient data\n');
  });

  it('2 with the output still written (JSON to --out), the verdicts and effective policy in it', () => {
    const out = join(dir, 'audit.json');
    const r = audit('--policy', FAIL(), '--format', 'json', '--out', out);
    expect(r.status).toBe(2);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.verdicts).toHaveLength(1);
    expect(result.verdicts[0]).toMatchObject({
      status: 'fail',
      group: ['b'],
      reference: ['a'],
      bound: { min: 0.8 },
    });
    expect(result.policy.outcome.status).toBe('fail');
    expect(result.policy.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.policy.effective.rules[0]).toEqual({ metric: 'disparate_impact', abs: false, min: 0.8 });
  });

  it('2 when no rule could be judged (every verdict insufficient data), and the outcome says why', () => {
    // Both groups under min_group_size: nothing is judged, and a gate that judged nothing fails.
    const p = file(
      'small.yml',
      `min_group_size: 500\n${policyWith('  - metric: disparate_impact\n    min: 0.3\n')}`,
    );
    const r = audit('--policy', p);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain(
      'FAIL — 0 fail · 0 warn · 0 pass · 1 insufficient data (no rule could be judged: every verdict is insufficient data',
    );
    expect(r.stderr).toMatch(/policy FAIL: .*; no rule could be judged.* \(exit 2, --fail-on fail\)/);
  });

  it('1 for an invalid policy file, naming the line and the nearest name', () => {
    const bad = file('bad.yml', policyWith('  - metric: disparate_impakt\n    min: 0.8\n'));
    const r = audit('--policy', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `error: ${bad} is not a valid policy: line 6, rules[0].metric: unknown metric "disparate_impakt"; did you mean "disparate_impact"? (run \`fairprobe metrics\` for the list).\n` +
        `  where: file: ${bad}\n` +
        '  fix: Compare with the starter policy from `fairprobe init`, or validate against schema/policy.schema.json.\n',
    );
    expect(r.stdout).toBe('');
  });

  it("1 for a reference group the policy names that the data lacks: the file, line and the policy's own syntax", () => {
    const p = file(
      'badref.yml',
      'columns: { score: score, label: y }\nattributes:\n  - column: g\n    reference: aa\nrules:\n  - metric: disparate_impact\n    min: 0.8\n',
    );
    const r = audit('--policy', p);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `error: The policy ${p} (line 4) names the reference group "aa" for g, which is not among its groups.`,
    );
    expect(r.stderr).toContain('Did you mean "a"?');
    expect(r.stderr).toContain('Write it as reference: VALUE under the attribute g.');
    // The same group given as --reference keeps the option's wording.
    const o = audit('--score', 'score', '--label', 'y', '--group', 'g', '--reference', 'g=aa');
    expect(o.stderr).toMatch(/^error: The reference group g=aa is not among the groups shown for g\./);
  });

  it('1 for a missing policy file', () => {
    const r = audit('--policy', join(dir, 'none.yml'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Cannot read the policy file');
  });

  it('1 for a bad --fail-on, and --fail-on without --policy', () => {
    const bad = audit('--policy', PASS(), '--fail-on', 'sometimes');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^error: --fail-on must be warn, fail or never, not "sometimes"\./);
    const lone = audit('--score', 'score', '--group', 'g', '--fail-on', 'warn');
    expect(lone.status).toBe(1);
    expect(lone.stderr).toMatch(/^error: --fail-on needs a --policy to judge the audit by\./);
  });

  it('1 for input errors: a policy naming a column the data lacks', () => {
    const p = file(
      'nocol.yml',
      policyWith('  - metric: disparate_impact\n    min: 0.8\n').replace('label: y', 'label: won'),
    );
    const r = audit('--policy', p);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('won');
  });

  it('1 for a policy without attributes and no --group', () => {
    const p = file(
      'noattr.yml',
      'columns: { score: score }\nrules:\n  - metric: disparate_impact\n    min: 0.8\n',
    );
    const r = audit('--policy', p);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: Name at least one sensitive attribute\./);
  });

  it('3 for an internal error (a failing file system, injected), with a bug-report note', () => {
    const preload = file(
      'break-fs.mjs',
      "import fs from 'node:fs';\nimport { syncBuiltinESMExports } from 'node:module';\n" +
        "fs.renameSync = () => { throw new Error('injected failure'); };\nsyncBuiltinESMExports();\n",
    );
    const r = spawnSync(
      process.execPath,
      ['--import', preload, cliMain, 'audit', data, '--policy', PASS(), '--out', join(dir, 'x.txt')],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('internal error: Error: injected failure');
    expect(r.stderr).toContain('This is a bug in fairprobe');
  });
});

describe('command-line options override the policy', () => {
  it('--threshold, --min-group-size, --reference and --group; the effective policy records them', () => {
    const out = join(dir, 'over.json');
    const r = audit(
      '--policy',
      FAIL(),
      '--threshold',
      '0.95',
      '--min-group-size',
      '500',
      '--reference',
      'g=b',
      '--group',
      'g',
      '--format',
      'json',
      '--out',
      out,
    );
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.policy.effective).toMatchObject({
      decision: { threshold: 0.95 },
      min_group_size: 500,
      attributes: [{ column: 'g', reference: 'b' }],
    });
    expect(result.policy.overridden.sort()).toEqual(['decision', 'min_group_size', 'reference']);
    expect(result.options).toMatchObject({ threshold: 0.95, minGroupSize: 500 });
    // nothing selected at 0.95, and every group is under 500 rows: no rule could be judged, so the
    // gate does not pass (a release is not shown to meet a policy nobody could check)
    expect(result.verdicts.map((v: { status: string }) => v.status)).toEqual(['insufficient-data']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'policy FAIL: 0 fail, 0 warn, 0 pass, 1 insufficient data; no rule could be judged: every verdict is insufficient data, and a gate that judged nothing has not passed (exit 2, --fail-on fail)\n',
    );
  });
});

describe('--policy with --stats', () => {
  const stats = (name: string, ...args: string[]) => {
    const out = join(dir, `${name}.stats.json`);
    const r = runCli([
      'stats',
      data,
      '--score',
      'score',
      '--label',
      'y',
      '--group',
      'g',
      ...args,
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    return out;
  };
  const json = (...args: string[]) => {
    const out = join(dir, 'judged.json');
    const r = runCli([
      ...args,
      '--bootstrap',
      '200',
      '--format',
      'json',
      '--created-at',
      '2026-01-01T00:00:00Z',
      '--out',
      out,
    ]);
    return { ...r, result: r.status === 1 ? undefined : JSON.parse(readFileSync(out, 'utf8')) };
  };

  it('judges the stats like the data: same verdicts, effective policy and exit code (2, or 0 with --fail-on never)', () => {
    const s = stats('same');
    const fromData = json('audit', data, '--policy', FAIL());
    const fromStats = json('audit', '--stats', s, '--policy', FAIL());
    expect(fromStats.status).toBe(2);
    expect(fromStats.stderr).toBe(fromData.stderr);
    expect(fromStats.result.verdicts).toEqual(fromData.result.verdicts);
    expect(fromStats.result.policy).toEqual(fromData.result.policy);
    expect(runCli(['audit', '--stats', s, '--policy', FAIL(), '--fail-on', 'never']).status).toBe(0);
    expect(runCli(['audit', '--stats', s, '--policy', PASS()]).status).toBe(0);
  });

  it('ranking rules turn the ranking on from the stats, as from the data', () => {
    const ranked = file('ranked.yml', policyWith('  - metric: skew_at_k@100\n    min: 0.8\n'));
    const fromData = json('audit', data, '--policy', ranked);
    const fromStats = json('audit', '--stats', stats('ranked'), '--policy', ranked);
    expect(fromStats.result.ranking).toBeDefined();
    expect(fromStats.result.verdicts.map((v: { status: string }) => v.status)).not.toContain(
      'insufficient-data',
    );
    expect(fromStats.result.verdicts).toEqual(fromData.result.verdicts);
    expect(fromStats.status).toBe(fromData.status);
  });

  it('options still override the settings the stats leave open (--reference, --min-group-size)', () => {
    const r = json(
      'audit',
      '--stats',
      stats('over'),
      '--policy',
      FAIL(),
      '--reference',
      'g=b',
      '--min-group-size',
      '500',
    );
    expect(r.result.policy.effective).toMatchObject({
      attributes: [{ column: 'g', reference: 'b' }],
      min_group_size: 500,
    });
    expect(r.result.policy.overridden.sort()).toEqual(['min_group_size', 'reference']);
  });

  it('1 with a clear error when the policy disagrees with the stats (decision, columns, groups)', () => {
    const s = stats('other', '--threshold', '0.6');
    const rule = '  - metric: disparate_impact\n    min: 0.8\n';
    const cases: [string, string][] = [
      [
        file('decided.yml', policyWith(rule).replace('rules:', 'decision: { threshold: 0.5 }\nrules:')),
        'error: The policy decides by threshold 0.5, but the stats were computed with threshold 0.6.',
      ],
      [
        file('won.yml', policyWith(rule).replace('label: y', 'label: won')),
        'error: The policy names the label column "won", but the stats were computed with "y".',
      ],
      [
        file('bins.yml', policyWith(rule).replace('reference: a', 'bins: [1, 2]')),
        "error: The policy's attributes (g:1,2) differ from those the stats were computed with (g).",
      ],
    ];
    for (const [policy, message] of cases) {
      const r = runCli(['audit', '--stats', s, '--policy', policy]);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr.split('\n')[0]).toBe(message);
      expect(r.stderr).toContain('Or audit the data file itself with --policy.');
    }
  });
});

describe('the starter policy on datasets/prospects.csv', () => {
  it('exits 2: female and 55+ fail the four-fifths rule; the summary leads with the verdicts', () => {
    const p = join(dir, 'starter.yml');
    expect(runCli(['init', p]).status).toBe(0);
    const args = [
      'audit',
      'datasets/prospects.csv',
      '--policy',
      p,
      '--score',
      'score',
      '--label',
      'converted',
    ];
    const r = runCli([...args, '--group', 'gender,age_band,company_size', '--bootstrap', '200']);
    expect(r.status).toBe(2);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toMatch(
      /^■ policy "Prospect-scoring fairness policy": FAIL — 2 fail · \d+ warn · \d+ pass · 0 insufficient data$/,
    );
    expect(lines[2]).toMatch(
      /^judged by policy sha256 [0-9a-f]{16}… \(uncertainty confident, 95% intervals, min group size 30; overridden by options: attributes\)$/,
    );
    const fails = lines.filter((l) => l.startsWith('- FAIL: '));
    expect(fails.map((l) => l.split(':')[1]!.trim())).toEqual([
      'gender female vs male',
      'age_band 55+ vs 25-34',
    ]);
    expect(r.stdout).not.toMatch(/- (FAIL|WARN): company_size/);
    const md = runCli([
      ...args,
      '--group',
      'gender,age_band,company_size',
      '--bootstrap',
      '200',
      '--format',
      'md',
    ]);
    expect(md.status).toBe(2);
    expect(md.stdout).toContain('Policy "Prospect-scoring fairness policy"');
  });
});

describe('help', () => {
  it('documents --policy, --fail-on and the exit codes', () => {
    const r = runCli(['audit', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--policy <file>');
    expect(r.stdout).toContain('--fail-on <when>');
    expect(r.stdout).toMatch(
      /Exit codes:\n {2}0 {2}ok: no policy, or every rule passes \(warnings allowed unless --fail-on warn\)\n {2}1 {2}usage or input error.*\n {2}2 {2}the policy failed.*\n {2}3 {2}internal error/,
    );
  });
});
