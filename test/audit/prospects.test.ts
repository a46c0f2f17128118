/**
 * The audit on the committed synthetic dataset finds the injected truths (datasets/README.md) and
 * does not flag the control attribute.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AttributeResult, type AuditResult, audit, type GroupResult } from '../../src/index.js';

const FILE = 'datasets/prospects.csv';
const CREATED = '2026-01-01T00:00:00.000Z';
const options = {
  roles: {
    score: 'score',
    label: 'converted',
    groups: [{ column: 'gender' }, { column: 'age_band' }, { column: 'company_size' }],
  },
  intersections: 'none',
  replicates: 400,
  seed: 7,
  createdAt: CREATED,
} as const;

type Lead = { score: number; converted: number; gender: string };

function parseCsv(): Lead[] {
  const [header, ...lines] = readFileSync(FILE, 'utf8').trimEnd().split('\n');
  const cols = header!.split(',');
  const si = cols.indexOf('score');
  const yi = cols.indexOf('converted');
  const gi = cols.indexOf('gender');
  return lines.map((l) => {
    const f = l.split(',');
    return { score: Number(f[si]), converted: Number(f[yi]), gender: f[gi]! };
  });
}

/** Exact AUC by ranks (Mann–Whitney U with average ranks for ties). */
function exactAuc(leads: readonly Lead[]): number {
  const sorted = [...leads].sort((a, b) => a.score - b.score);
  let rankSumPos = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (sorted[k]!.converted === 1) rankSumPos += avgRank;
    i = j;
  }
  const P = leads.filter((l) => l.converted === 1).length;
  const N = leads.length - P;
  return (rankSumPos - (P * (P + 1)) / 2) / (P * N);
}

let result: AuditResult;
const attr = (name: string): AttributeResult => result.attributes.find((a) => a.attributes[0] === name)!;
const group = (name: string, value: string): GroupResult =>
  attr(name).groups.find((g) => g.values[0] === value)!;

beforeAll(async () => {
  result = await audit(FILE, options);
});

describe('prospects.csv: injected truths', () => {
  it('reads all 20,000 rows', () => {
    expect(result.overall.n).toBe(20_000);
    expect(result.overall.metrics.selection_rate!.value).toBeCloseTo(0.2429, 4);
    expect(result.overall.metrics.base_rate!.value).toBeCloseTo(0.1838, 4);
  });

  it('gender: female under-selected vs male at equal base rates', () => {
    expect(attr('gender').reference.values).toEqual(['male']);
    const f = group('gender', 'female');
    const m = group('gender', 'male');
    const di = f.disparities!.disparate_impact!;
    expect(di.value!).toBeLessThan(0.8);
    expect(di.value!).toBeCloseTo(0.689, 3);
    expect(di.pAdjusted!).toBeLessThan(0.05);
    expect(di.interval!.high).toBeLessThan(1);
    expect(Math.abs(f.metrics.base_rate!.value! - m.metrics.base_rate!.value!)).toBeLessThan(0.02);
    expect(f.metrics.selection_rate!.value).toBeCloseTo(0.1969, 4);
    expect(f.metrics.tpr!.value).toBeCloseTo(0.4618, 4);
    expect(f.disparities!.equal_opportunity_difference!.value!).toBeLessThan(0);
  });

  it('age_band: 55+ under-selected, significantly', () => {
    expect(attr('age_band').reference.values).toEqual(['25-34']);
    const g = group('age_band', '55+');
    const di = g.disparities!.disparate_impact!;
    expect(di.value!).toBeLessThan(0.8);
    expect(di.value!).toBeCloseTo(0.526, 3);
    expect(di.pAdjusted!).toBeLessThan(0.05);
    expect(
      Math.abs(g.metrics.base_rate!.value! - group('age_band', '25-34').metrics.base_rate!.value!),
    ).toBeLessThan(0.02);
  });

  it('company_size (control): no group flagged', () => {
    const groups = attr('company_size').groups;
    expect(groups).toHaveLength(5);
    for (const g of groups) {
      const di = g.disparities!.disparate_impact!;
      const containsOne = di.interval ? di.interval.low <= 1 && di.interval.high >= 1 : true;
      const notSignificant = di.pAdjusted === undefined || di.pAdjusted === null || di.pAdjusted >= 0.05;
      expect(containsOne || notSignificant, g.values[0]).toBe(true);
      expect(di.value!).toBeGreaterThan(0.9);
    }
  });

  it('AUC from histograms is within 1e-4 of the exact rank AUC (overall and female)', () => {
    const leads = parseCsv();
    expect(leads).toHaveLength(20_000);
    expect(result.overall.metrics.auc!.value!).toBeCloseTo(exactAuc(leads), 4);
    expect(Math.abs(result.overall.metrics.auc!.value! - exactAuc(leads))).toBeLessThan(1e-4);
    const female = leads.filter((l) => l.gender === 'female');
    expect(Math.abs(group('gender', 'female').metrics.auc!.value! - exactAuc(female))).toBeLessThan(1e-4);
  });

  it('mean score and Brier agree with a direct computation on the CSV', () => {
    const leads = parseCsv();
    const mean = leads.reduce((a, l) => a + l.score, 0) / leads.length;
    const brier = leads.reduce((a, l) => a + (l.score - l.converted) ** 2, 0) / leads.length;
    expect(result.overall.metrics.mean_score!.value!).toBeCloseTo(mean, 10);
    expect(result.overall.metrics.brier!.value!).toBeCloseTo(brier, 10);
    const selected = leads.filter((l) => l.score >= 0.5).length;
    expect(result.decision.selected).toBe(selected);
  });
});

describe('prospects.csv: select-top and determinism', () => {
  it('--select-top 20% selects at least 20% (ties included) and about 20%', async () => {
    const r = await audit(FILE, { ...options, selectTop: '20%', replicates: 0 });
    const leads = parseCsv();
    const scores = leads.map((l) => l.score).sort((a, b) => b - a);
    const kth = scores[4000 - 1]!;
    const expected = scores.filter((s) => s >= kth).length;
    expect(r.decision.kind).toBe('threshold');
    expect(r.decision.selectTop).toBe('20%');
    expect(r.decision.selected).toBe(expected);
    expect(r.decision.selected).toBeGreaterThanOrEqual(4000);
    expect(r.decision.selected / 20_000).toBeLessThan(0.205);
    expect(r.overall.metrics.selection_rate!.value!).toBeGreaterThanOrEqual(0.2);
  });

  it('the result is deterministic given createdAt and seed', async () => {
    const again = await audit(FILE, options);
    expect(JSON.parse(JSON.stringify(again))).toEqual(JSON.parse(JSON.stringify(result)));
  });
});
