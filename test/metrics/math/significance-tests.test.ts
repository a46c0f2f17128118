import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  chiSquareTest,
  fisherExactTest,
  proportionTest,
  twoProportionZTest,
} from '../../../src/metrics/math/index.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('twoProportionZTest', () => {
  it('matches a hand computation and R prop.test(c(15, 25), c(50, 50), correct = FALSE)', () => {
    // p̂₁ = 0.3, p̂₂ = 0.5, pooled 0.4; SE = √(0.4·0.6·(1/50 + 1/50)) = √0.0096 = 0.0979796
    // z = −0.2/0.0979796 = −2.0412415; R: X-squared = 4.1667 (= z²), p-value = 0.04123
    const r = twoProportionZTest(15, 50, 25, 50)!;
    expect(r.statistic).toBeCloseTo(-2.0412414523193148, 12);
    expect(r.statistic ** 2).toBeCloseTo(4.166666666666667, 12);
    expect(r.pValue).toBeCloseTo(0.04122683333716362, 12);
  });

  it('returns null when undefined', () => {
    expect(twoProportionZTest(0, 0, 3, 10)).toBeNull();
    expect(twoProportionZTest(0, 10, 0, 10)).toBeNull(); // pooled 0 → SE 0
    expect(twoProportionZTest(10, 10, 5, 5)).toBeNull(); // pooled 1
  });

  it('rejects misuse', () => {
    expect(() => twoProportionZTest(11, 10, 1, 10)).toThrow(RangeError);
    expect(() => twoProportionZTest(-1, 10, 1, 10)).toThrow(RangeError);
  });

  test.prop([
    fc.integer({ min: 1, max: 10_000 }),
    fc.integer({ min: 1, max: 10_000 }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 0, max: 1, noNaN: true }),
  ])('is antisymmetric and its p-value lies in [0, 1]', (n1, n2, f1, f2) => {
    const x1 = Math.round(n1 * f1);
    const x2 = Math.round(n2 * f2);
    const a = twoProportionZTest(x1, n1, x2, n2);
    const b = twoProportionZTest(x2, n2, x1, n1);
    if (a === null || b === null) {
      expect(a).toBeNull();
      expect(b).toBeNull();
      return;
    }
    expect(a.statistic).toBeCloseTo(-b.statistic, 10);
    expect(a.pValue).toBeGreaterThanOrEqual(0);
    expect(a.pValue).toBeLessThanOrEqual(1);
  });
});

describe('chiSquareTest', () => {
  it('equals z² for a 2×2 table', () => {
    const r = chiSquareTest([
      [15, 35],
      [25, 25],
    ])!;
    expect(r.statistic).toBeCloseTo(4.166666666666667, 12);
    expect(r.df).toBe(1);
    expect(r.pValue).toBeCloseTo(0.04122683333716362, 12);
  });

  it('matches scipy chi2_contingency with and without Yates correction', () => {
    // [[12, 5], [7, 7]]: row totals 17, 14; column totals 19, 12; N = 31
    const table = [
      [12, 5],
      [7, 7],
    ];
    const plain = chiSquareTest(table)!;
    expect(plain.statistic).toBeCloseTo(1.3716460268317854, 12);
    expect(plain.pValue).toBeCloseTo(0.2415292747636834, 12);
    const yates = chiSquareTest(table, { continuityCorrection: true })!;
    expect(yates.statistic).toBeCloseTo(0.6411202638950317, 12);
    expect(yates.pValue).toBeCloseTo(0.42330542432241836, 12);
  });

  it('handles r×c tables (scipy chi2_contingency)', () => {
    const r = chiSquareTest([
      [10, 20, 30],
      [25, 15, 5],
      [8, 8, 8],
    ])!;
    expect(r.statistic).toBeCloseTo(23.333333333333336, 11);
    expect(r.df).toBe(4);
    expect(rel(r.pValue, 0.00010861589530051554)).toBeLessThan(1e-10);
  });

  it('returns null with an empty row or column and rejects bad tables', () => {
    expect(
      chiSquareTest([
        [0, 0],
        [3, 4],
      ]),
    ).toBeNull();
    expect(
      chiSquareTest([
        [0, 5],
        [0, 4],
      ]),
    ).toBeNull();
    expect(() => chiSquareTest([[1, 2]])).toThrow(RangeError);
    expect(() => chiSquareTest([[1, 2], [3]])).toThrow(RangeError);
    expect(() =>
      chiSquareTest([
        [1, -2],
        [3, 4],
      ]),
    ).toThrow(RangeError);
  });
});

describe('fisherExactTest', () => {
  it('matches R fisher.test(matrix(c(3, 1, 1, 3), 2)): p = 0.4857', () => {
    // Margins 4, 4 / 4, 4; P(a) = C(4,a)C(4,4−a)/C(8,4) = [1, 16, 36, 16, 1]/70.
    // Observed a = 3 (16/70); tables with P ≤ 16/70: a ∈ {0, 1, 3, 4} → 34/70 = 0.4857143
    expect(
      fisherExactTest([
        [3, 1],
        [1, 3],
      ]).pValue,
    ).toBeCloseTo(34 / 70, 14);
  });

  it('matches scipy.stats.fisher_exact', () => {
    expect(
      rel(
        fisherExactTest([
          [10, 2],
          [3, 15],
        ]).pValue,
        0.0005367241191434357,
      ),
    ).toBeLessThan(1e-12);
    // 0/5 vs 5/0: only the two extreme tables, 2/C(10,5) = 2/252
    expect(
      fisherExactTest([
        [0, 5],
        [5, 0],
      ]).pValue,
    ).toBeCloseTo(2 / 252, 14);
    expect(
      fisherExactTest([
        [7, 12],
        [0, 4],
      ]).pValue,
    ).toBeCloseTo(0.2727272727272727, 12);
    expect(
      rel(
        fisherExactTest([
          [1000, 2000],
          [1500, 1480],
        ]).pValue,
        1.1330938943026478e-40,
      ),
    ).toBeLessThan(1e-9);
  });

  it('is stable for counts near 1e6', () => {
    // scipy: 0.15771450486976657
    expect(
      rel(
        fisherExactTest([
          [500_000, 500_000],
          [499_000, 501_000],
        ]).pValue,
        0.15771450486976657,
      ),
    ).toBeLessThan(1e-7);
    expect(
      fisherExactTest([
        [100_000, 3],
        [5, 100_000],
      ]).pValue,
    ).toBe(0);
  });

  it('gives 1 for symmetric or degenerate tables', () => {
    expect(
      fisherExactTest([
        [5, 5],
        [5, 5],
      ]).pValue,
    ).toBe(1);
    expect(
      fisherExactTest([
        [1, 0],
        [0, 0],
      ]).pValue,
    ).toBe(1);
    expect(
      fisherExactTest([
        [0, 0],
        [0, 0],
      ]).pValue,
    ).toBe(1);
  });

  it('rejects non-integer counts', () => {
    expect(() =>
      fisherExactTest([
        [1.5, 2],
        [3, 4],
      ]),
    ).toThrow(RangeError);
    expect(() =>
      fisherExactTest([
        [1, 2, 3],
        [3, 4, 5],
      ]),
    ).toThrow(RangeError);
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 4, maxLength: 4 })])(
    'agrees with a brute-force sum over the support, is symmetric and in (0, 1]',
    ([a = 0, b = 0, c = 0, d = 0]) => {
      const p = fisherExactTest([
        [a, b],
        [c, d],
      ]).pValue;
      // Brute force with exact-ish log-factorials via sums of logs.
      const lf = (n: number) => {
        let s = 0;
        for (let i = 2; i <= n; i++) s += Math.log(i);
        return s;
      };
      const m = a + c;
      const n = b + d;
      const k = a + b;
      const logd = (x: number) =>
        lf(m) - lf(x) - lf(m - x) + lf(n) - lf(k - x) - lf(n - k + x) - lf(m + n) + lf(k) + lf(m + n - k);
      let num = 0;
      for (let x = Math.max(0, k - n); x <= Math.min(k, m); x++) {
        if (logd(x) <= logd(a) + Math.log1p(1e-7)) num += Math.exp(logd(x));
      }
      expect(p).toBeCloseTo(Math.min(1, num), 10);
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(
        fisherExactTest([
          [b, a],
          [d, c],
        ]).pValue,
      ).toBeCloseTo(p, 12);
      expect(
        fisherExactTest([
          [a, c],
          [b, d],
        ]).pValue,
      ).toBeCloseTo(p, 12);
    },
  );
});

describe('proportionTest', () => {
  it('uses Fisher when an expected count is below 5', () => {
    // Table [[3, 1], [1, 3]]: every expected count is 2
    const r = proportionTest(3, 4, 1, 4)!;
    expect(r).toMatchObject({ method: 'fisher', statistic: null });
    expect(r.pValue).toBeCloseTo(34 / 70, 14);
    // x₁ = x₂ = 0: z is undefined, Fisher gives 1
    expect(proportionTest(0, 100, 0, 100)).toEqual({ method: 'fisher', statistic: null, pValue: 1 });
  });

  it('uses the z-test otherwise', () => {
    // Expected counts: 50·40/100 = 20, 50·60/100 = 30 → all ≥ 5
    const r = proportionTest(15, 50, 25, 50)!;
    expect(r.method).toBe('z');
    expect(r.statistic).toBeCloseTo(-2.0412414523193148, 12);
    expect(r.pValue).toBeCloseTo(0.04122683333716362, 12);
  });

  it('rounds weighted counts for Fisher and returns null for an empty group', () => {
    expect(proportionTest(2.6, 3.8, 1.2, 4.1)?.pValue).toBe(
      fisherExactTest([
        [3, 1],
        [1, 3],
      ]).pValue,
    );
    expect(proportionTest(0, 0, 1, 5)).toBeNull();
  });
});
