import { beforeAll, describe, expect, it } from 'vitest';
import { generateProspects, type ProspectColumns } from '../../src/synth/index.js';

interface Rates {
  n: number;
  baseRate: number;
  selectionRate: number;
}

/** Base rate and selection rate at threshold 0.5 per level of `groups`, over rows where `keep` holds. */
function ratesBy(data: ProspectColumns, groups: readonly string[], keep = (_i: number) => true) {
  const acc = new Map<string, { n: number; pos: number; sel: number }>();
  groups.forEach((g, i) => {
    if (!keep(i)) return;
    const a = acc.get(g) ?? { n: 0, pos: 0, sel: 0 };
    a.n += 1;
    a.pos += data.converted[i]!;
    a.sel += data.score[i]! >= 0.5 ? 1 : 0;
    acc.set(g, a);
  });
  const out = new Map<string, Rates>();
  for (const [g, a] of acc) out.set(g, { n: a.n, baseRate: a.pos / a.n, selectionRate: a.sel / a.n });
  return out;
}

function get(rates: Map<string, Rates>, group: string): Rates {
  const r = rates.get(group);
  if (!r) throw new Error(`no group ${group}`);
  return r;
}

/** Population stability index of `current` against `baseline`, 10 bins at the baseline deciles. */
function psi(baseline: number[], current: number[]): number {
  const sorted = [...baseline].sort((a, b) => a - b);
  const edges = Array.from({ length: 9 }, (_, q) => sorted[Math.floor(((q + 1) * sorted.length) / 10)]!);
  const shares = (xs: number[]) => {
    const counts = new Array<number>(10).fill(0);
    for (const x of xs) {
      const bin = edges.filter((e) => x >= e).length;
      counts[bin] = counts[bin]! + 1;
    }
    return counts.map((c) => Math.max(c / xs.length, 1e-4));
  };
  const b = shares(baseline);
  const c = shares(current);
  return b.reduce((s, p, i) => s + (c[i]! - p) * Math.log(c[i]! / p), 0);
}

describe('injected truths in the default data set', () => {
  let data: ProspectColumns;
  beforeAll(() => {
    data = generateProspects();
  });

  it('female: equal base rate, lower selection rate and TPR than male', () => {
    const rates = ratesBy(data, data.gender);
    const female = get(rates, 'female');
    const male = get(rates, 'male');
    expect(Math.abs(female.baseRate - male.baseRate)).toBeLessThan(0.02);
    expect(male.selectionRate - female.selectionRate).toBeGreaterThan(0.05);
    const positives = ratesBy(data, data.gender, (i) => data.converted[i] === 1);
    expect(get(positives, 'male').selectionRate - get(positives, 'female').selectionRate).toBeGreaterThan(
      0.05,
    );
  });

  it('55+: under-selected (ratio < 0.8 vs the largest band) at an equal base rate', () => {
    const rates = ratesBy(data, data.age_band);
    const largest = [...rates.values()].reduce((a, b) => (b.n > a.n ? b : a));
    const old = get(rates, '55+');
    expect(old.selectionRate / largest.selectionRate).toBeLessThan(0.8);
    expect(Math.abs(old.baseRate - largest.baseRate)).toBeLessThan(0.02);
  });

  it('company_size is a fair control: selection ratios within [0.9, 1.1]', () => {
    const rates = [...ratesBy(data, data.company_size).values()];
    expect(rates.length).toBe(5);
    const largest = rates.reduce((a, b) => (b.n > a.n ? b : a));
    const highest = Math.max(...rates.map((r) => r.selectionRate));
    for (const r of rates) {
      expect(r.selectionRate / largest.selectionRate).toBeGreaterThanOrEqual(0.9);
      expect(r.selectionRate / largest.selectionRate).toBeLessThanOrEqual(1.1);
      expect(r.selectionRate / highest).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('east scores drift up in the last three months (PSI > 0.25; other regions < 0.1)', () => {
    const recent = (i: number) => data.signup_date[i]! >= '2025-10-01';
    for (const region of ['north', 'south', 'east', 'west']) {
      const before: number[] = [];
      const after: number[] = [];
      data.region.forEach((r, i) => {
        if (r === region) (recent(i) ? after : before).push(data.score[i]!);
      });
      const value = psi(before, after);
      if (region === 'east') expect(value).toBeGreaterThan(0.25);
      else expect(value).toBeLessThan(0.1);
    }
  });
});
