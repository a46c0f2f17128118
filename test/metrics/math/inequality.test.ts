import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  confusionBenefitCounts,
  generalizedEntropyIndex,
  generalizedEntropyIndexFromCounts,
} from '../../../src/metrics/math/index.js';

/** Direct transcription of AIF360's generalized_entropy_index over individual benefits. */
function aif360(b: number[], alpha: number): number {
  const mu = b.reduce((s, v) => s + v, 0) / b.length;
  if (mu === 0) return Number.NaN; // AIF360 divides by the mean benefit
  const mean = (f: (v: number) => number) => b.reduce((s, v) => s + f(v), 0) / b.length;
  if (alpha === 1) return mean((v) => (v === 0 ? 0 : (v / mu) * Math.log(v / mu)));
  if (alpha === 0) return -mean((v) => Math.log(v / mu));
  return mean((v) => (v / mu) ** alpha - 1) / (alpha * (alpha - 1));
}

describe('generalizedEntropyIndex', () => {
  it('matches hand computations on b = [1, 1, 2, 0] (μ = 1)', () => {
    // GE(2) = 1/(4·2·1) · [(1 − 1) + (1 − 1) + (4 − 1) + (0 − 1)] = 2/8 = 0.25
    expect(generalizedEntropyIndex([1, 1, 2, 0])).toBeCloseTo(0.25, 15);
    // Theil = 1/4 · [0 + 0 + 2 ln 2 + 0] = 0.3465736
    expect(generalizedEntropyIndex([1, 1, 2, 0], { alpha: 1 })).toBeCloseTo(Math.log(2) / 2, 15);
    // GE(0) needs ln(0/μ): undefined
    expect(generalizedEntropyIndex([1, 1, 2, 0], { alpha: 0 })).toBeNull();
    // GE(3) = 1/(4·3·2) · [0 + 0 + 7 − 1] = 0.25
    expect(generalizedEntropyIndex([1, 1, 2, 0], { alpha: 3 })).toBeCloseTo(0.25, 15);
  });

  it('matches hand computations on b = [1, 2, 2, 1] (μ = 1.5)', () => {
    // GE(0) = −1/4 · [2 ln(2/3) + 2 ln(4/3)] = −½ ln(8/9) = 0.0588915
    expect(generalizedEntropyIndex([1, 2, 2, 1], { alpha: 0 })).toBeCloseTo(-0.5 * Math.log(8 / 9), 15);
  });

  it('accepts weighted individuals and aggregated counts alike', () => {
    const expected = generalizedEntropyIndex([0, 1, 1, 1, 2, 2]);
    expect(
      generalizedEntropyIndex([
        { value: 0, weight: 1 },
        { value: 1, weight: 3 },
        { value: 2, weight: 2 },
      ]),
    ).toBeCloseTo(expected!, 15);
    expect(
      generalizedEntropyIndexFromCounts([
        { benefit: 2, count: 2 },
        { benefit: 0, count: 1 },
        { benefit: 1, count: 3 },
      ]),
    ).toBeCloseTo(expected!, 15);
  });

  it('derives AIF360 benefits from confusion cells', () => {
    // fn → 0, tp/tn → 1, fp → 2
    expect(confusionBenefitCounts({ tp: 3, fp: 1, tn: 4, fn: 2 })).toEqual([
      { benefit: 0, count: 2 },
      { benefit: 1, count: 7 },
      { benefit: 2, count: 1 },
    ]);
    // b = [0, 0, 1 × 7, 2]: μ = 9/10 = 0.9; GE(2) = 1/(10·2) · Σ[(b/0.9)² − 1]
    //   = 1/20 · [2·(−1) + 7·(1/0.81 − 1) + (4/0.81 − 1)] = 1/20 · (−2 + 1.641975 + 3.938272) = 0.179012
    expect(
      generalizedEntropyIndexFromCounts(confusionBenefitCounts({ tp: 3, fp: 1, tn: 4, fn: 2 })),
    ).toBeCloseTo(0.179012, 6);
  });

  it('returns null when undefined and rejects misuse', () => {
    expect(generalizedEntropyIndex([])).toBeNull();
    expect(generalizedEntropyIndex([0, 0])).toBeNull();
    expect(generalizedEntropyIndex([0, 1], { alpha: -1 })).toBeNull();
    expect(() => generalizedEntropyIndex([-1, 1])).toThrow(RangeError);
    expect(() => generalizedEntropyIndex([1, 1], { alpha: Number.NaN })).toThrow(RangeError);
    expect(() => confusionBenefitCounts({ tp: -1, fp: 0, tn: 0, fn: 0 })).toThrow(RangeError);
  });

  test.prop([
    fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 50 }),
    fc.constantFrom(-1, 0, 0.5, 1, 2, 3),
  ])('equals the AIF360 formula on individual benefits, is ≥ 0 and 0 when all equal', (b, alpha) => {
    const ge = generalizedEntropyIndex(b, { alpha });
    const reference = aif360(b, alpha);
    if (!Number.isFinite(reference)) {
      expect(ge).toBeNull();
      return;
    }
    expect(ge).toBeCloseTo(reference, 12);
    expect(ge!).toBeGreaterThanOrEqual(0);
    if (b[0]! > 0)
      expect(
        generalizedEntropyIndex(
          b.map(() => b[0]!),
          { alpha },
        ),
      ).toBeCloseTo(0, 15);
  });
});
