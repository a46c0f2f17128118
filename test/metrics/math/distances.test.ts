import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  chiSquareHomogeneity,
  jensenShannonDistance,
  ksPValue,
  ksStatistic,
  psi,
  wassersteinDistance,
} from '../../../src/metrics/math/index.js';

const weight = fc.double({ min: 0, max: 1000, noNaN: true });
/** Two histograms over the same bins, each with a positive total. */
const histPair = fc
  .integer({ min: 1, max: 12 })
  .chain((k) =>
    fc.tuple(
      fc.array(weight, { minLength: k, maxLength: k }),
      fc.array(weight, { minLength: k, maxLength: k }),
    ),
  )
  .filter(([a, b]) => a.some((v) => v > 0) && b.some((v) => v > 0));

describe('ksStatistic / ksPValue', () => {
  it('computes the max CDF gap at bin edges', () => {
    // A: CDF 0.5, 1, 1; B: 0, 0.5, 1 → gaps 0.5, 0.5, 0
    expect(ksStatistic([1, 1, 0], [0, 1, 1])).toBe(0.5);
    expect(ksStatistic([1, 0], [0, 1])).toBe(1);
    expect(ksStatistic([0, 0], [0, 1])).toBeNull();
    expect(() => ksStatistic([1], [1, 2])).toThrow(RangeError);
    expect(() => ksStatistic([-1, 2], [1, 2])).toThrow(RangeError);
  });

  it('matches the Kolmogorov distribution with Stephens correction (scipy kstwobign.sf)', () => {
    // nₑ = 20·30/50 = 12; λ = (√12 + 0.12 + 0.11/√12)·0.4 = 1.4486
    expect(ksPValue(0.4, 20, 30)).toBeCloseTo(0.030480481303116067, 12);
    // λ = (√10 + 0.12 + 0.11/√10)·0.5 = 1.6585
    expect(ksPValue(0.5, 20, 20)).toBeCloseTo(0.008161678659143069, 12);
    expect(ksPValue(0, 20, 20)).toBe(1);
    expect(ksPValue(0.5, 0, 20)).toBeNull();
    expect(() => ksPValue(1.5, 20, 20)).toThrow(RangeError);
  });

  it('is continuous where the two series switch (λ = 1.18)', () => {
    // Choose d so that λ is just either side of 1.18 for nₑ = 50.
    const en = Math.sqrt(50);
    const factor = en + 0.12 + 0.11 / en;
    const below = ksPValue(1.18 / factor - 1e-12, 100, 100)!;
    const above = ksPValue(1.18 / factor + 1e-12, 100, 100)!;
    expect(Math.abs(below - above)).toBeLessThan(1e-10);
  });

  test.prop([histPair])('KS of identical histograms is 0 and lies in [0, 1]', ([a, b]) => {
    expect(ksStatistic(a, a)).toBe(0);
    const d = ksStatistic(a, b)!;
    expect(d).toBeGreaterThanOrEqual(0);
    expect(d).toBeLessThanOrEqual(1);
    expect(ksStatistic(b, a)).toBeCloseTo(d, 12);
  });

  test.prop([
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 1, max: 1e6, noNaN: true }),
    fc.double({ min: 1, max: 1e6, noNaN: true }),
  ])('p-value lies in [0, 1]', (d, nA, nB) => {
    const p = ksPValue(d, nA, nB)!;
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
  });
});

describe('wassersteinDistance', () => {
  it('integrates |F_A − F_B| with CDFs linear within bins', () => {
    expect(wassersteinDistance([1, 0], [0, 1], [0, 1, 2])).toBeCloseTo(1, 15);
    // A = [0.75, 0.25, 0], B = [0, 0.5, 0.5] on edges [0, 1, 3, 6]; CDF gaps at edges 0, 0.75, 0.5, 0:
    // 1·(0 + 0.75)/2 + 2·(0.75 + 0.5)/2 + 3·(0.5 + 0)/2 = 0.375 + 1.25 + 0.75 = 2.375
    // (scipy wasserstein_distance on dense uniform-within-bin samples: 2.375)
    expect(wassersteinDistance([3, 1, 0], [0, 2, 2], [0, 1, 3, 6])).toBeCloseTo(2.375, 14);
  });

  it('handles CDF crossings inside a bin', () => {
    // One bin [0, 2]: A = [1, 0, 0] B = [0, 0, 1] over edges [0, 1, 2, 3] → gaps 1, 1, 0 → 0.5 + 1 + 0.5 = 2
    expect(wassersteinDistance([1, 0, 0], [0, 0, 1], [0, 1, 2, 3])).toBeCloseTo(2, 15);
    // A = [1, 0, 1], B = [0, 2, 0] on [0, 1, 2, 3]: gaps 0, 0.5, −0.5, 0.
    // Bin 2 crosses zero: 1·(0.25 + 0.25)/(2·1) = 0.25; bins 1 and 3: 0.25 each → 0.75
    expect(wassersteinDistance([1, 0, 1], [0, 2, 0], [0, 1, 2, 3])).toBeCloseTo(0.75, 15);
  });

  it('returns null for an empty histogram and rejects bad edges', () => {
    expect(wassersteinDistance([0, 0], [1, 1], [0, 1, 2])).toBeNull();
    expect(() => wassersteinDistance([1, 1], [1, 1], [0, 1])).toThrow(RangeError);
    expect(() => wassersteinDistance([1, 1], [1, 1], [0, 2, 1])).toThrow(RangeError);
  });

  test.prop([histPair])('is symmetric, non-negative, 0 on identical histograms and ≤ range', ([a, b]) => {
    const edges = Array.from({ length: a.length + 1 }, (_, i) => i * 1.5);
    const w = wassersteinDistance(a, b, edges)!;
    expect(w).toBeGreaterThanOrEqual(0);
    expect(w).toBeLessThanOrEqual(edges.at(-1)! + 1e-12);
    expect(wassersteinDistance(b, a, edges)).toBeCloseTo(w, 12);
    expect(wassersteinDistance(a, a, edges)).toBe(0);
  });
});

describe('jensenShannonDistance', () => {
  it('matches scipy.spatial.distance.jensenshannon', () => {
    expect(jensenShannonDistance([1, 0, 0], [0, 1, 0])).toBeCloseTo(1, 15);
    expect(jensenShannonDistance([1, 0], [0.5, 0.5], { base: Math.E })).toBeCloseTo(0.46450140402245893, 14);
    expect(jensenShannonDistance([0.2, 0.3, 0.5], [0.5, 0.3, 0.2])).toBeCloseTo(0.3095409536771482, 14);
    // unnormalised input, natural log (scipy default)
    expect(jensenShannonDistance([1, 2, 3, 4], [4, 3, 2, 1], { base: Math.E })).toBeCloseTo(
      0.32625164411267443,
      14,
    );
    expect(jensenShannonDistance([0, 0], [1, 0])).toBeNull();
    expect(() => jensenShannonDistance([1], [1], { base: 1 })).toThrow(RangeError);
  });

  test.prop([histPair])('is symmetric, in [0, 1] and 0 on identical inputs', ([a, b]) => {
    const d = jensenShannonDistance(a, b)!;
    expect(d).toBeGreaterThanOrEqual(0);
    expect(d).toBeLessThanOrEqual(1);
    expect(jensenShannonDistance(b, a)).toBeCloseTo(d, 12);
    expect(jensenShannonDistance(a, a)).toBeCloseTo(0, 7);
  });
});

describe('psi', () => {
  it('matches a hand computation', () => {
    // (0.4 − 0.5)·ln(0.4/0.5) + (0.6 − 0.5)·ln(0.6/0.5) = 0.0223144 + 0.0182322 = 0.0405465
    expect(psi([50, 50], [40, 60])).toBeCloseTo(0.04054651081081645, 15);
  });

  it('adds epsilon = 0.5 to a bin empty on one side', () => {
    // expected [10, 0] → [10, 0.5] → [0.952381, 0.047619]; actual [5, 5] → [0.5, 0.5]
    // (0.5 − 0.952381)·ln(0.5/0.952381) + (0.5 − 0.047619)·ln(0.5/0.047619)
    //   = (−0.452381)(−0.644357) + 0.452381 · 2.351375 = 0.291495 + 1.063717 = 1.355212
    const e = [10 / 10.5, 0.5 / 10.5];
    const expected = (0.5 - e[0]!) * Math.log(0.5 / e[0]!) + (0.5 - e[1]!) * Math.log(0.5 / e[1]!);
    expect(psi([10, 0], [5, 5])).toBeCloseTo(expected, 14);
    expect(psi([10, 0], [5, 5])).toBeCloseTo(1.355212, 5);
    // A bin empty on both sides is skipped.
    expect(psi([10, 0, 0], [5, 5, 0])).toBeCloseTo(expected, 14);
    // epsilon option
    expect(psi([10, 0], [5, 5], { epsilon: 1 })).toBeLessThan(psi([10, 0], [5, 5])!);
  });

  it('returns null for an empty histogram and rejects bad epsilon', () => {
    expect(psi([0, 0], [1, 1])).toBeNull();
    expect(() => psi([1, 1], [1, 1], { epsilon: 0 })).toThrow(RangeError);
  });

  test.prop([histPair])('is non-negative, finite, symmetric and 0 on identical inputs', ([a, b]) => {
    const v = psi(a, b)!;
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(psi(b, a)).toBeCloseTo(v, 9);
    expect(psi(a, a)).toBeCloseTo(0, 12);
  });
});

describe('chiSquareHomogeneity', () => {
  it('matches a hand computation', () => {
    // Column totals 30, 40, 50; expected per row 15, 20, 25:
    // X² = 2·(25/15) + 0 + 2·(25/25) = 5.3333, df = 2, p = e^(−5.3333/2) = 0.0694835
    const r = chiSquareHomogeneity([10, 20, 30], [20, 20, 20])!;
    expect(r.statistic).toBeCloseTo(16 / 3, 12);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-8 / 3), 14);
  });

  it('drops categories empty in both and returns null when undefined', () => {
    expect(chiSquareHomogeneity([10, 0, 20, 30], [20, 0, 20, 20])).toEqual(
      chiSquareHomogeneity([10, 20, 30], [20, 20, 20]),
    );
    expect(chiSquareHomogeneity([5, 0], [7, 0])).toBeNull();
    expect(chiSquareHomogeneity([0, 0], [7, 1])).toBeNull();
  });
});

describe('jensenShannonDistance with subnormal weights', () => {
  it('stays finite when the mixture of two tiny weights underflows', () => {
    // Found by the property test: (p + q) / 2 underflowed to 0 and gave Infinity.
    const a = [0, 0, 0, 5e-324];
    const b = [3.3333333333333335, 1e-323, 0, 0];
    const d = jensenShannonDistance(a, b)!;
    expect(d).toBeGreaterThan(0.99);
    expect(d).toBeLessThanOrEqual(1);
    expect(jensenShannonDistance(b, a)).toBeCloseTo(d, 12);
  });
});
