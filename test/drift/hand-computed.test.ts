import { describe, expect, it } from 'vitest';
import {
  categoricalShift,
  drift,
  FEATURE_GRID,
  gridKey,
  gridPoint,
  numericShift,
  pointWasserstein,
  quantileBinStarts,
  rebin,
} from '../../src/index.js';

// Baseline x: 1,1,2,2,3,3,4,4,5,5 · current x: 1,2,3,3,4,4,5,5,5,5 (scores are x / 10).
// Two baseline-quantile bins: the median falls at x = 3, so bins are x ≤ 3 and x > 3 (right-closed):
//   baseline 6 | 4, current 4 | 6 →
//   PSI = (0.4 − 0.6)·ln(0.4/0.6) + (0.6 − 0.4)·ln(0.6/0.4) = 0.4·ln 1.5 = 0.162186…
//   JS (base 2): m = (½, ½), KL(p‖m) = 0.6·log₂1.2 + 0.4·log₂0.8 = 0.0290494…, JS = √0.0290494 = 0.170439…
//   KS on the values: CDFs 0.2/0.4/0.6/0.8/1 vs 0.1/0.2/0.4/0.6/1 → D = 0.2
//   Wasserstein: Σ|ΔF|·1 = 0.1 + 0.2 + 0.2 + 0.2 = 0.7 (= the difference of the means, 3.7 − 3)
const base = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5];
const cur = [1, 2, 3, 3, 4, 4, 5, 5, 5, 5];
const PSI = 0.4 * Math.log(1.5);
const JS = Math.sqrt(0.6 * Math.log2(1.2) + 0.4 * Math.log2(0.8));
const rows = (xs: number[], cats: string[]) =>
  xs.map((x, i) => ({ score: x / 10, g: 'a', x, c: cats[i]!, y: i % 2 }));

describe('drift on a hand-computed example (public API, in-memory data)', () => {
  it('PSI, JS, KS and Wasserstein of a score and a numeric feature; PSI of a categorical feature', async () => {
    const r = await drift({
      baseline: { rows: rows(base, ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b']) },
      current: { rows: rows(cur, ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b', 'b']) },
      roles: { score: 'score', label: 'y', groups: [{ column: 'g' }] },
      features: ['x', 'c'],
      bins: 2,
      minRows: 1,
      replicates: 50,
    });
    const checks = r.comparisons[0]!.distribution.filter((d) => d.attributes.length === 0);
    const score = checks.find((d) => d.column === 'score')!;
    const x = checks.find((d) => d.column === 'x')!;
    const c = checks.find((d) => d.column === 'c')!;
    for (const d of [score, x]) {
      expect(d.bins).toBe(2);
      expect(d.psi).toBeCloseTo(PSI, 12);
      expect(d.js).toBeCloseTo(JS, 12);
      expect(d.ks).toBeCloseTo(0.2, 12);
    }
    expect(x.kind).toBe('numeric');
    expect(x.wasserstein).toBeCloseTo(0.7, 9);
    expect(score.wasserstein).toBeCloseTo(0.07, 9);
    expect(c.kind).toBe('categorical');
    expect(c.psi).toBeCloseTo(0.1 * Math.log(1.25) + 0.1 * Math.log(1.2), 12); // 0.5/0.5 → 0.4/0.6
    // Fairness: selection rate (score ≥ 0.5) goes from 2/10 to 4/10.
    const sel = r.comparisons[0]!.fairness.find(
      (f) => f.metric === 'selection_rate' && f.attributes.length === 0,
    )!;
    expect([sel.baseline, sel.current, sel.change]).toEqual([0.2, 0.4, expect.closeTo(0.2, 12)]);
  });
});

describe('the building blocks', () => {
  it('bins at the baseline quantiles, right-closed, merging tied quantiles', () => {
    expect(quantileBinStarts([2, 2, 2, 2, 2], 2)).toEqual([0, 3]);
    expect(quantileBinStarts([1, 1, 1, 1], 4)).toEqual([0, 1, 2, 3]);
    // One value holds 5/6 of the baseline: deciles 1–8 fall on it, so only two bins.
    expect(quantileBinStarts([5, 0, 1], 10)).toEqual([0, 1]);
    // No cut after the last baseline value (no bin without baseline weight).
    expect(quantileBinStarts([1, 1, 0, 0], 2)).toEqual([0, 1]);
    expect(rebin([1, 2, 3, 4], [0, 1, 3])).toEqual([1, 5, 4]);
  });

  it('applies the small-count correction: 0.5 is added to a bin empty on one side', () => {
    // Baseline 4 | 4 | 0 (third bin empty), current 3 | 3 | 2 on three fine cells.
    const m = numericShift([2, 2, 2, 2, 0], [1, 2, 2, 1, 2], {
      bins: 2,
      nBaseline: 8,
      nCurrent: 8,
      points: [0, 1, 2, 3, 4],
    });
    // Bins from the baseline: cells 0–1 and 2–4 → baseline 4 | 4, current 3 | 5: no empty bin.
    expect(m.psi).toBeCloseTo((3 / 8 - 0.5) * Math.log(3 / 4) + (5 / 8 - 0.5) * Math.log(5 / 4), 12);
    const cat = categoricalShift({ a: 10, b: 10 }, { a: 10, b: 10, new: 5 }, { nBaseline: 20, nCurrent: 25 });
    // "new" is absent from the baseline: 0.5 there, so the baseline total is 20.5.
    const e = [10 / 20.5, 10 / 20.5, 0.5 / 20.5];
    const a = [10 / 25, 10 / 25, 5 / 25];
    expect(cat.psi).toBeCloseTo(
      e.reduce((s, ei, i) => s + (a[i]! - ei) * Math.log(a[i]! / ei), 0),
      12,
    );
  });

  it('a numeric feature bucket stands for its whole number exactly, other values within 0.05%', () => {
    for (let i = 1; i <= 999; i++) expect(gridPoint(FEATURE_GRID, gridKey(FEATURE_GRID, i), true)).toBe(i);
    expect(gridPoint(FEATURE_GRID, gridKey(FEATURE_GRID, -7), true)).toBe(-7);
    expect(gridPoint(FEATURE_GRID, gridKey(FEATURE_GRID, 0), true)).toBe(0);
    // Larger whole numbers share a bucket: its point is the mean of the whole numbers it holds.
    const k = gridKey(FEATURE_GRID, 50_000);
    const members = Array.from({ length: 200 }, (_, i) => 49_900 + i).filter(
      (i) => gridKey(FEATURE_GRID, i) === k,
    );
    expect(members.length).toBeGreaterThan(1);
    expect(gridPoint(FEATURE_GRID, k, true)).toBe((members[0]! + members.at(-1)!) / 2);
    for (const x of [1e-6, 0.37, 3.3, 123.456, 98765.4321, -2.5]) {
      const p = gridPoint(FEATURE_GRID, gridKey(FEATURE_GRID, x), false);
      expect(Math.abs(p - x) / Math.abs(x)).toBeLessThanOrEqual(0.000501);
    }
  });

  it('Wasserstein of a continuous feature is within 0.1% of its largest value of the raw-value distance', async () => {
    // Baseline values 1.00…10.99 by 0.01; current the same shifted by 0.5: W₁ = 0.5.
    const xs = Array.from({ length: 1000 }, (_, i) => 1 + i / 100 + 0.001);
    const r = await drift({
      baseline: { rows: xs.map((x) => ({ g: 'a', x, score: 0.5 })) },
      current: { rows: xs.map((x) => ({ g: 'a', x: x + 0.5, score: 0.5 })) },
      roles: { score: 'score', groups: [{ column: 'g' }] },
      features: ['x'],
      minRows: 1,
      replicates: 20,
    });
    const x = r.comparisons[0]!.distribution.find((d) => d.column === 'x' && d.attributes.length === 0)!;
    // Within 0.1% of the largest value (10.99 + 0.5) of the raw-value distance.
    expect(Math.abs(x.wasserstein! - 0.5)).toBeLessThanOrEqual(0.001 * 11.5);
  });

  it('a feature with a large offset and a small spread keeps its values apart', async () => {
    // An index between 92.2 and 94.8 (as a consumer price index): the current data moves from the
    // two lower values to the two upper ones. A grid of 1% buckets held them all in one or two.
    const values = [92.2, 93.2, 93.9, 94.8];
    const side = (weights: number[]) =>
      weights.flatMap((w, i) => Array.from({ length: w }, () => ({ g: 'a', x: values[i]!, score: 0.5 })));
    const r = await drift({
      baseline: { rows: side([300, 300, 200, 200]) },
      current: { rows: side([100, 100, 400, 400]) },
      roles: { score: 'score', groups: [{ column: 'g' }] },
      features: ['x'],
      minRows: 1,
      replicates: 20,
    });
    const x = r.comparisons[0]!.distribution.find((d) => d.column === 'x' && d.attributes.length === 0)!;
    expect(x.bins).toBe(4);
    expect(x.status).toBe('alarm');
    // W₁ from the raw values: the CDFs differ by 0.2, 0.4, 0.2 over the gaps 1.0, 0.7, 0.9. Each
    // bucket's point is within 0.05% of its values, so W₁ is within 0.1% of the largest value.
    const exact = 0.2 * 1.0 + 0.4 * 0.7 + 0.2 * 0.9;
    expect(Math.abs(x.wasserstein! - exact)).toBeLessThanOrEqual(0.001 * 94.8);
  });

  it('a baseline held by one value still sees current values beside it', () => {
    // All baseline rows at −1 (e.g. "never contacted"); a third of the current rows elsewhere.
    const m = numericShift([0, 90, 0], [0, 60, 30], {
      bins: 10,
      nBaseline: 90,
      nCurrent: 90,
      points: [-2, -1, 5],
    });
    expect(m.bins).toBe(2);
    expect(m.psi).toBeGreaterThan(0.25);
    expect(m.chiSquare?.pValue).toBeLessThan(0.001);
  });

  it('Wasserstein between point masses', () => {
    expect(pointWasserstein([1, 0], [0, 1], [0, 3])).toBe(3);
    expect(pointWasserstein([1, 1, 0], [0, 1, 1], [0, 1, 2])).toBeCloseTo(1, 12);
  });
});

describe('drift reference groups', () => {
  it('names a binned group whose label holds a comma (age=[25, 35))', async () => {
    // 40 rows per side, ages 20…59 (bins <25, [25, 35), [35, 50), >=50), score rising with age.
    const people = Array.from({ length: 40 }, (_, i) => ({ age: 20 + i, score: i / 40, y: i % 2 }));
    const r = await drift({
      baseline: { rows: people },
      current: { rows: people.map((p) => ({ ...p, score: Math.min(1, p.score + 0.05) })) },
      roles: { score: 'score', label: 'y', groups: [{ column: 'age', edges: [25, 35, 50] }] },
      reference: 'age=[25, 35)',
      minRows: 1,
      replicates: 20,
    });
    const disparities = r.comparisons[0]!.fairness.filter((f) => f.reference !== undefined);
    expect(disparities.length).toBeGreaterThan(0);
    for (const f of disparities) expect(f.reference).toEqual(['[25, 35)']);
    await expect(
      drift({
        baseline: { rows: people },
        current: { rows: people },
        roles: { score: 'score', label: 'y', groups: [{ column: 'age', edges: [25, 35, 50] }] },
        reference: 'age=[25, 36)',
        minRows: 1,
        replicates: 20,
      }),
    ).rejects.toThrow(/age=\[25, 36\)/);
  });
});

describe('drift settings', () => {
  it('an unknown metric or disparity suggests the nearest', async () => {
    const { resolveDriftSettings } = await import('../../src/drift/index.js');
    expect(() => resolveDriftSettings({ metrics: ['selection_rte'] })).toThrow(
      expect.objectContaining({
        code: 'unknown_metric',
        hint: expect.stringMatching(/^Did you mean "selection_rate"\?/),
      }),
    );
    expect(() => resolveDriftSettings({ disparities: ['disparate_impct'] })).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/^Did you mean "disparate_impact"\?/) }),
    );
  });
});
