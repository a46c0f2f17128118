/** Repair (Feldman et al.): λ = 0 changes nothing, λ = 1 equalises per-group quantiles, ranks are kept. */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { repair, repairValues } from '../../src/mitigation/index.js';

describe('repairValues', () => {
  it('moves two groups to their median distribution', () => {
    const out = repairValues(
      [
        { values: Float64Array.of(0, 1), weights: Float64Array.of(1, 1) },
        { values: Float64Array.of(10, 11), weights: Float64Array.of(1, 1) },
      ],
      1,
    );
    expect(out.map((a) => Array.from(a))).toEqual([
      [5, 6],
      [5, 6],
    ]);
  });
  it('at λ = 0.5 goes half way', () => {
    const out = repairValues(
      [
        { values: Float64Array.of(0, 1), weights: Float64Array.of(1, 1) },
        { values: Float64Array.of(10, 11), weights: Float64Array.of(1, 1) },
      ],
      0.5,
    );
    expect(Array.from(out[0]!)).toEqual([2.5, 3.5]);
  });
  it('rejects λ outside [0, 1]', () => {
    expect(() => repairValues([], 1.5)).toThrow(RangeError);
  });
});

const quantile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};

describe('repair properties', () => {
  // Distinct values within a group: tied values must stay tied (ranks are kept), so groups with
  // different tie patterns cannot be given exactly equal quantiles, and the property is about ranks.
  const groupArb = fc.uniqueArray(fc.double({ min: -100, max: 100, noNaN: true }), {
    minLength: 8,
    maxLength: 8,
    comparator: (x, y) => x === y,
  });
  test.prop([groupArb, groupArb, groupArb], { numRuns: 15 })(
    'λ = 1 makes per-group quantiles equal (equal group sizes); λ = 0 changes nothing; ranks kept',
    async (a, b, c) => {
      const x = [...a, ...b, ...c];
      const g = [...a.map(() => 'a'), ...b.map(() => 'b'), ...c.map(() => 'c')];
      const one = await repair({ columns: { g, x } }, { groups: [{ column: 'g' }], lambda: 1, seed: 1 });
      const rx = one.data!.columns.x as number[];
      // Equal up to floating-point noise relative to the data's range (the repaired values are
      // interpolated between quantiles of the median distribution).
      const scale = Math.max(1, Math.max(...x) - Math.min(...x));
      for (const p of [0, 0.25, 0.5, 0.75, 0.99]) {
        const qs = ['a', 'b', 'c'].map((k) =>
          quantile(
            rx.filter((_, i) => g[i] === k),
            p,
          ),
        );
        expect(Math.abs(qs[1]! - qs[0]!)).toBeLessThanOrEqual(1e-6 * scale);
        expect(Math.abs(qs[2]! - qs[0]!)).toBeLessThanOrEqual(1e-6 * scale);
      }
      // Ranks within each group are kept (weakly: ties stay ties).
      for (let i = 0; i < x.length; i++) {
        for (let j = 0; j < x.length; j++) {
          if (g[i] === g[j] && x[i]! < x[j]!) expect(rx[i]!).toBeLessThanOrEqual(rx[j]!);
        }
      }
      const zero = await repair({ columns: { g, x } }, { groups: [{ column: 'g' }], lambda: 0, seed: 1 });
      expect(zero.data!.columns.x).toEqual(x);
    },
  );
});

describe('repair (data)', () => {
  it('keeps every row and column in order, leaves missing values missing, uses weights', async () => {
    const r = await repair(
      {
        columns: {
          id: ['a', 'b', 'c', 'd', 'e', 'f'],
          g: ['m', 'm', 'm', 'f', 'f', 'f'],
          x: [1, 2, null, 10, 20, 30],
          w: [1, 1, 1, 1, 1, 4],
          note: ['=1+1', 'x', 'y', 'z', 'u', 'v'],
        },
      },
      { groups: [{ column: 'g' }], lambda: 1, seed: 1, weight: 'w', features: ['x'] },
    );
    expect(r.columns.output).toEqual(['id', 'g', 'x', 'w', 'note']);
    expect(r.data!.columns.id).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(r.data!.columns.x![2]).toBeNull();
    expect(r.data!.columns.note![0]).toBe('=1+1'); // in memory, nothing is escaped
    expect(r.details.features[0]!.quantiles).toHaveLength(2);
  });

  it('refuses when no named feature is numeric, and leaves categorical ones unchanged', async () => {
    await expect(
      repair(
        { columns: { g: ['a', 'b'], c: ['x', 'y'] } },
        { groups: [{ column: 'g' }], lambda: 1, seed: 1, features: ['c'] },
      ),
    ).rejects.toMatchObject({ code: 'feature_not_numeric' });
    const r = await repair(
      { columns: { g: ['a', 'a', 'b', 'b'], c: ['x', 'y', 'x', 'z'], v: [1, 2, 10, 20] } },
      { groups: [{ column: 'g' }], lambda: 1, seed: 1, features: ['c', 'v'] },
    );
    expect(r.details.features.map((f) => f.column)).toEqual(['v']);
    expect(r.data!.columns.c).toEqual(['x', 'y', 'x', 'z']);
  });

  it('repairs prospects so that the groups’ email_opens distributions match at λ = 1', async () => {
    const r = await repair('datasets/prospects.csv', {
      groups: [{ column: 'gender' }],
      lambda: 1,
      seed: 1,
      features: ['email_opens'],
    });
    const q = r.details.features[0]!.quantiles;
    for (const g of q) expect(g.after.p50).toBeCloseTo(q[0]!.after.p50, 1);
    expect(r.rows.output).toBe(20_000);
  });
});
