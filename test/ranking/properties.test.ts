/** Invariants of the ranking metrics on random lists (fast-check). */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { discountModel, type RankItem, rankList } from '../../src/ranking/index.js';

const item = fc.record({
  score: fc.integer({ min: 0, max: 20 }).map((x) => x / 20),
  group: fc.constantFrom('a', 'b', 'c'),
  label: fc.constantFrom<0 | 1 | null>(0, 1, null),
});
const lists = fc.array(item, { minLength: 1, maxLength: 60 });

const run = (items: RankItem[], at: (string | number)[] = ['1', '5', '50%', '100%']) =>
  rankList(items, { at }).ranking;

describe('ranking invariants', () => {
  test.prop([lists, fc.integer()])('do not depend on the order of the rows', (items, seed) => {
    const shuffled = [...items].sort((x, y) => ((x.score * 1e3 + seed) % 7) - ((y.score * 1e3 + seed) % 7));
    expect(JSON.stringify(run(shuffled))).toBe(JSON.stringify(run(items)));
  });

  test.prop([lists])(
    'counts add up to k, lie within their tie bounds, and shares of exposure to 1',
    (items) => {
      const r = run(items);
      const s = r.sets[0]!;
      r.at.forEach((c, j) => {
        const counts = s.groups.map((g) => g.at[j]!.count);
        expect(counts.reduce((a, x) => a + x, 0)).toBeCloseTo(c.k, 9);
        for (const g of s.groups) {
          const a = g.at[j]!;
          expect(a.count).toBeGreaterThanOrEqual(a.countRange.low - 1e-9);
          expect(a.count).toBeLessThanOrEqual(a.countRange.high + 1e-9);
          expect(a.countRange.high - a.countRange.low).toBeLessThanOrEqual(c.boundaryMass + 1e-9);
        }
      });
      expect(s.groups.reduce((a, g) => a + g.exposure.share, 0)).toBeCloseTo(1, 9);
    },
  );

  test.prop([lists])('total exposure is Σ v(i) over all positions whatever the ties', (items) => {
    const s = run(items).sets[0]!;
    const total = s.groups.reduce((a, g) => a + g.exposure.total, 0);
    expect(total).toBeCloseTo(discountModel('log').cumulative(items.length), 8);
  });

  test.prop([lists])('NDKL ≥ 0; at the whole list skew is 0 and the selection rate 1', (items) => {
    const r = run(items);
    const s = r.sets[0]!;
    for (const n of s.ndkl) expect(n.population.value!).toBeGreaterThanOrEqual(-1e-12);
    const last = r.at.length - 1;
    for (const g of s.groups) {
      expect(g.at[last]!.skew.value).toBeCloseTo(0, 9);
      expect(g.at[last]!.selectionRate.value).toBeCloseTo(1, 9);
    }
  });

  test.prop([lists])(
    'equal groups (every lead duplicated into a and b, tied) give skew 0 and NDKL 0',
    (items) => {
      const twins = items.flatMap((it) => [
        { ...it, group: 'a' },
        { ...it, group: 'b' },
      ]);
      const s = run(twins, ['1', '3', '50%']).sets[0]!;
      for (const g of s.groups) for (const a of g.at) expect(a.skew.value).toBeCloseTo(0, 9);
      for (const n of s.ndkl) expect(n.population.value).toBeCloseTo(0, 9);
    },
  );
});
