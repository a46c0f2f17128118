/**
 * The model-in-the-loop commands, spawned as users run them (`node dist/cli/main.js`): train → score
 * → counterfactual; proxies; mitigate thresholds → audit --rule; errors in plain words.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliMain, ensureBuilt, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/data.js';
import { proxyData, writeCsv } from '../model/helpers.js';

const tmp = tempDir('fairprobe-cli-model-');
const csv = join(tmp.dir, 'leads.csv');
writeCsv(csv, proxyData(2000));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cliMain, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => ensureBuilt());
afterAll(() => tmp.cleanup());

describe('fairprobe train / score / counterfactual', () => {
  const model = join(tmp.dir, 'model');
  it('train writes model.json, weights.bin and features.json', () => {
    const r = run([
      'train',
      csv,
      '--label',
      'converted',
      '--features',
      'visits,plan,gender',
      '--epochs',
      '120',
      '--seed',
      '1',
      '--out',
      model,
    ]);
    expect(r.err).toMatch(/trained a logistic regression on 2000 rows/);
    expect(r.code).toBe(0);
    for (const f of ['model.json', 'weights.bin', 'features.json'])
      expect(existsSync(join(model, f))).toBe(true);
  });

  it('score writes the data with a model_score column', () => {
    const out = join(tmp.dir, 'scored.csv');
    const r = run(['score', csv, '--model', model, '--out', out, '--batch-size', '300']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/scored 2000 rows in 7 batch/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]!.endsWith(',model_score')).toBe(true);
    expect(lines).toHaveLength(2001);
  });

  it('score with an external command scorer', () => {
    const script = join(tmp.dir, 'scorer.mjs');
    writeFileSync(
      script,
      `let t='';process.stdin.on('data',d=>t+=d).on('end',()=>{const r=t.trim().split('\\n').slice(1);process.stdout.write(r.map(()=>'0.25').join('\\n'))});`,
    );
    const out = join(tmp.dir, 'ext.csv');
    const r = run(['score', csv, '--scorer', `node ${script}`, '--out', out, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).scores.mean).toBe(0.25);
    expect(run(['score', csv, '--scorer', `node ${script}`, '--out', out]).err).not.toContain('note:');
    // A scorer whose output is not a probability: scored, with a note on how to audit it.
    const pct = join(tmp.dir, 'pct-scorer.mjs');
    writeFileSync(
      pct,
      `let t='';process.stdin.on('data',d=>t+=d).on('end',()=>{const r=t.trim().split('\\n').slice(1);process.stdout.write(r.map(()=>'55').join('\\n'))});`,
    );
    const p = run(['score', csv, '--scorer', `node ${pct}`, '--out', join(tmp.dir, 'pct.csv')]);
    expect(p.code, p.err).toBe(0);
    expect(p.err).toContain(
      'note: the scores are not all probabilities in [0, 1]; audit them with --raw-scores',
    );
  });

  it('counterfactual reports the flip table; json has the pairs', () => {
    const r = run([
      'counterfactual',
      csv,
      '--model',
      model,
      '--flip',
      'gender',
      '--threshold',
      '0.4',
      '--bootstrap',
      '100',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.schema).toBe('fairprobe.counterfactual/1');
    expect(j.pairs.map((p: { from: string }) => p.from)).toEqual(['female', 'male']);
    const t = run([
      'counterfactual',
      csv,
      '--model',
      model,
      '--flip',
      'gender',
      '--bootstrap',
      '50',
      '--specs',
      tmp.dir,
    ]);
    expect(t.out).toMatch(/female → male/);
    expect(existsSync(join(tmp.dir, 'counterfactual.vl.json'))).toBe(true);
  });

  it('errors are plain words with exit code 1', () => {
    const a = run(['score', csv, '--out', join(tmp.dir, 'x.csv')]);
    expect(a.code).toBe(1);
    expect(a.err).toMatch(/Give either --model DIR/);
    const b = run([
      'train',
      csv,
      '--label',
      'converted',
      '--features',
      'visitz',
      '--out',
      join(tmp.dir, 'm2'),
    ]);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/"visitz" is not in the data[\s\S]*Did you mean "visits"/);
  });
});

describe('fairprobe train --sweep', () => {
  it('traces the fairness-accuracy trade-off and writes the Pareto chart as spec and page', () => {
    const out = join(tmp.dir, 'sweep');
    const r = run([
      'train',
      csv,
      '--label',
      'converted',
      '--features',
      'visits,plan,hobby_hours',
      '--group',
      'gender',
      '--sweep',
      '0,10',
      '--epochs',
      '60',
      '--seed',
      '1',
      '--out',
      out,
    ]);
    expect(r.code, r.err).toBe(0);
    for (const f of ['sweep.json', 'pareto.vl.json', 'pareto.html'])
      expect(existsSync(join(out, f))).toBe(true);
    const html = readFileSync(join(out, 'pareto.html'), 'utf8');
    expect(html).toContain('Fairness–accuracy trade-off');
    expect(html).toContain('vegaEmbed(');
  });
});

describe('fairprobe proxies', () => {
  it('ranks the proxy first and reads it in plain words', () => {
    const r = run([
      'proxies',
      csv,
      '--group',
      'gender',
      '--features',
      'noise,hobby_hours,visits',
      '--epochs',
      '60',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 +hobby_hours +numeric/);
    expect(r.out).toMatch(/a strong proxy/);
  });

  it('--out FILE.html writes a self-contained page: the chart, its numbers and the reading', () => {
    const page = join(tmp.dir, 'proxies.html');
    const r = run([
      'proxies',
      csv,
      '--group',
      'gender',
      '--features',
      'noise,hobby_hours',
      '--epochs',
      '60',
      '--out',
      page,
    ]);
    expect(r.code).toBe(0);
    const html = readFileSync(page, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script[^>]+src=/); // vega, vega-lite and vega-embed are inlined
    expect(html).toContain('vegaEmbed(');
    expect(html).toContain('<th>feature</th>');
    expect(html).toMatch(/<td[^>]*>hobby_hours<\/td>/);
  });
});

describe('fairprobe mitigate thresholds → audit --rule', () => {
  it('writes a rule that audit applies', () => {
    const scored = join(tmp.dir, 'scored.csv');
    const rule = join(tmp.dir, 'rule.json');
    const r = run([
      'mitigate',
      'thresholds',
      scored,
      '--score',
      'model_score',
      '--label',
      'converted',
      '--group',
      'gender',
      '--constraint',
      'equal_opportunity',
      '--threshold',
      '0.4',
      '--out',
      rule,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/within the tolerance/);
    expect(r.out).toMatch(/legal:/);
    const j = JSON.parse(readFileSync(rule, 'utf8'));
    expect(j.schema).toBe('fairprobe.decision-rule/1');
    const a = run([
      'audit',
      scored,
      '--rule',
      rule,
      '--label',
      'converted',
      '--group',
      'gender',
      '--format',
      'json',
    ]);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out).decision.kind).toBe('group-thresholds');
    const b = run(['audit', scored, '--rule', rule, '--label', 'converted', '--group', 'gender']);
    expect(b.out).toMatch(/decision: group thresholds by "gender"/);
  });
});
