/**
 * The ranking audit of datasets/prospects.csv finds the injected biases (datasets/README.md): female
 * and 55+ leads are under-represented in the top 20% of the list, company_size (fair by construction)
 * is not. Histogram and exact ranks agree within the stated bounds; the result validates against the
 * published JSON Schema; policies judge ranking metrics; the report gets its ranking section.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AuditResult, audit, auditFromStats, collectStats } from '../../src/audit/index.js';
import { evaluatePolicy, parsePolicy } from '../../src/policy/index.js';
import type { RankingSet } from '../../src/ranking/index.js';
import { rankingCharts } from '../../src/report/charts/index.js';
import { reportDocument } from '../../src/report/index.js';

const roles = {
  score: 'score',
  label: 'converted',
  groups: [{ column: 'gender' }, { column: 'age_band' }, { column: 'company_size' }],
};
const opts = { roles, replicates: 50, createdAt: '2026-01-01T00:00:00.000Z' };
let hist: AuditResult;
let exact: AuditResult;
const setOf = (r: AuditResult, a: string): RankingSet =>
  r.ranking!.sets.find((s) => s.attributes.join() === a)!;
const at20 = (s: RankingSet, v: string) =>
  s.groups.find((g) => g.values[0] === v)!.at.find((x) => x.at === '20%')!;

beforeAll(async () => {
  hist = await audit('datasets/prospects.csv', { ...opts, ranking: true });
  exact = await audit('datasets/prospects.csv', { ...opts, ranking: { mode: 'exact' } });
});

describe('ranking on datasets/prospects.csv', () => {
  it('female and 55+ leads are under-represented in the top 20%, with intervals below 0', () => {
    for (const r of [hist, exact]) {
      for (const [a, v] of [
        ['gender', 'female'],
        ['age_band', '55+'],
      ] as const) {
        const x = at20(setOf(r, a), v);
        expect(x.skew.value!).toBeLessThan(-0.15);
        expect(x.skew.interval!.high).toBeLessThan(0);
        expect(x.disparateImpact.value!).toBeLessThan(0.8);
      }
    }
  });
  it('company_size is not: every skew@20% interval covers 0 and |skew| < 0.1', () => {
    for (const g of setOf(hist, 'company_size').groups) {
      const x = g.at.find((a) => a.at === '20%')!;
      expect(Math.abs(x.skew.value!)).toBeLessThan(0.1);
      expect(x.skew.interval!.low).toBeLessThan(0);
      expect(x.skew.interval!.high).toBeGreaterThan(0);
    }
  });
  it('the default cut-offs, and the four-fifths rule failing down the list for female leads', () => {
    expect(hist.ranking!.at.map((c) => [c.label, c.k])).toEqual([
      ['10', 10],
      ['50', 50],
      ['100', 100],
      ['1%', 200],
      ['5%', 1000],
      ['10%', 2000],
      ['20%', 4000],
    ]);
    const female = setOf(hist, 'gender').groups.find((g) => g.values[0] === 'female')!;
    expect(female.fourFifths.to!).toBeGreaterThanOrEqual(4000);
    expect(setOf(hist, 'gender').reference).toEqual(['male']);
  });
  it('exact counts lie within the histogram tie bounds (the stated error)', () => {
    for (const s of hist.ranking!.sets) {
      const e = setOf(exact, s.attributes.join());
      s.groups.forEach((g, i) => {
        g.at.forEach((a, j) => {
          const c = e.groups[i]!.at[j]!.count;
          expect(c).toBeGreaterThanOrEqual(a.countRange.low - 1e-6);
          expect(c).toBeLessThanOrEqual(a.countRange.high + 1e-6);
        });
      });
    }
    expect(exact.ranking!.mode).toBe('exact');
  });
  it('validates against schema/audit.schema.json', () => {
    const schema = JSON.parse(readFileSync('schema/audit.schema.json', 'utf8')) as Record<string, unknown>;
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    for (const r of [hist, exact])
      expect(validate(JSON.parse(JSON.stringify(r))), JSON.stringify(validate.errors)).toBe(true);
  });
  it('auditFromStats gives the same histogram ranking without the data', async () => {
    const stats = await collectStats('datasets/prospects.csv', { roles });
    const r = auditFromStats([stats], { replicates: 50, createdAt: opts.createdAt, ranking: true });
    expect(r.ranking).toEqual(hist.ranking);
    expect(() => auditFromStats([stats], { ranking: { mode: 'exact' } })).toThrow(
      /Exact ranks need the data/,
    );
  });
});

describe('policies on ranking metrics', () => {
  const policy = parsePolicy(
    [
      'rules:',
      '  - metric: skew_at_k@20%',
      '    min: -0.2',
      '    uncertainty: point',
      '  - metric: exposure_ratio',
      '    min: 0.8',
      '  - metric: ndkl@100',
      '    max: 0.5',
      '  - metric: disparate_impact_at_k@10%',
      '    min: 0.8',
      '    uncertainty: point',
    ].join('\n'),
  );
  it('fail female and 55+ on skew@20%, pass company_size', () => {
    const v = evaluatePolicy(hist, policy).filter((x) => x.metric === 'skew_at_k@20%');
    const failed = v.filter((x) => x.status === 'fail').map((x) => x.group!.join());
    expect(failed.sort()).toEqual(['55+', 'female']);
    expect(v.filter((x) => x.attributes[0] === 'company_size').every((x) => x.status === 'pass')).toBe(true);
  });
  it('judge exposure_ratio per group, ndkl per attribute, DI@k against the reference', () => {
    const v = evaluatePolicy(hist, policy);
    expect(v.filter((x) => x.metric === 'exposure_ratio' && x.attributes.length === 1)).toHaveLength(13);
    expect(v.filter((x) => x.metric === 'ndkl@100' && x.attributes.length === 1).map((x) => x.group)).toEqual(
      [null, null, null],
    );
    const di = v.filter((x) => x.metric === 'disparate_impact_at_k@10%' && x.attributes.join() === 'gender');
    expect(di.map((x) => [x.group!.join(), x.status, x.reference])).toEqual([
      ['female', 'fail', ['male']],
      ['non-binary', 'pass', ['male']],
    ]);
  });
  it('turn the ranking on in audit() and add their cut-offs', async () => {
    const r = await audit('datasets/prospects.csv', { ...opts, policy });
    expect(r.ranking!.at.map((c) => c.label)).toContain('20%');
    expect(r.verdicts!.some((x) => x.metric === 'skew_at_k@20%' && x.status === 'fail')).toBe(true);
  });
  it('reject misspelt ranking metrics with the nearest name', () => {
    expect(() => parsePolicy('rules:\n  - metric: skew_at_k@abc\n    min: 0\n')).toThrow(
      /unknown metric "skew_at_k@abc"/,
    );
    expect(parsePolicy('rules:\n  - metric: skew_qualified_at_k@5%\n    min: -1\n').rules[0]!.metric).toBe(
      'skew_qualified_at_k@5%',
    );
  });
  it('say "not computed" when the audit had no ranking', async () => {
    const plain = await audit('datasets/prospects.csv', { ...opts, replicates: 20 });
    const v = evaluatePolicy(plain, policy).find((x) => x.metric === 'ndkl@100')!;
    expect(v.status).toBe('insufficient-data');
    expect(v.reason).toMatch(/--ranking/);
  });
});

describe('the report', () => {
  it('has a ranking section with share, exposure and depth charts per attribute', () => {
    const doc = reportDocument(hist);
    const section = doc.sections.find((s) => s.id === 'ranking')!;
    const charts = section.blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart.id] : []));
    expect(charts).toEqual(
      ['r0', 'r1', 'r2'].flatMap((r) => [
        `${r}-ranking-shares`,
        `${r}-ranking-exposure`,
        `${r}-ranking-depth`,
      ]),
    );
    expect(rankingCharts(hist).map((c) => c.id)).toEqual(charts);
    for (const c of rankingCharts(hist))
      for (const row of c.table.rows) expect(row).toHaveLength(c.table.columns.length);
  });
  it('and none without a ranking', async () => {
    const plain = await audit('datasets/prospects.csv', { ...opts, replicates: 20 });
    expect(reportDocument(plain).sections.some((s) => s.id === 'ranking')).toBe(false);
  });
});
