import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, holm } from '../../../src/metrics/math/index.js';

const pValue = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null, freq: 5 });

describe('holm', () => {
  it('matches R p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm")', () => {
    // sorted: 5·0.01 = 0.05, 4·0.02 = 0.08, 3·0.03 = 0.09, 2·0.04 = 0.08 → 0.09 (cummax), 1·0.05 → 0.09
    const adjusted = holm([0.01, 0.02, 0.03, 0.04, 0.05]) as number[];
    [0.05, 0.08, 0.09, 0.09, 0.09].forEach((v, i) => {
      expect(adjusted[i]).toBeCloseTo(v, 15);
    });
  });

  it('keeps input order, passes nulls through and caps at 1', () => {
    // m = 3 (nulls do not count): 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 → 0.06
    const adjusted = holm([0.04, null, 0.01, 0.03]);
    expect(adjusted[1]).toBeNull();
    expect(adjusted[0]).toBeCloseTo(0.06, 15);
    expect(adjusted[2]).toBeCloseTo(0.03, 15);
    expect(adjusted[3]).toBeCloseTo(0.06, 15);
    expect(holm([0.5, 0.6])).toEqual([1, 1]);
    expect(holm([])).toEqual([]);
  });

  it('rejects p-values outside [0, 1]', () => {
    expect(() => holm([0.1, 1.2])).toThrow(RangeError);
    expect(() => holm([Number.NaN])).toThrow(RangeError);
  });
});

describe('benjaminiHochberg', () => {
  it('matches R p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "BH")', () => {
    // m/i · p₍ᵢ₎ = 0.05 for every i
    const adjusted = benjaminiHochberg([0.01, 0.02, 0.03, 0.04, 0.05]) as number[];
    for (const v of adjusted) expect(v).toBeCloseTo(0.05, 15);
  });

  it('matches a hand computation with nulls', () => {
    // m = 4: sorted 0.001, 0.008, 0.039, 0.041 → 4·0.001 = 0.004, 2·0.008 = 0.016,
    // 4/3·0.039 = 0.052 → min(0.052, 0.041) = 0.041, 1·0.041 = 0.041
    const adjusted = benjaminiHochberg([0.039, null, 0.001, 0.041, 0.008]);
    expect(adjusted[1]).toBeNull();
    expect(adjusted[0]).toBeCloseTo(0.041, 15);
    expect(adjusted[2]).toBeCloseTo(0.004, 15);
    expect(adjusted[3]).toBeCloseTo(0.041, 15);
    expect(adjusted[4]).toBeCloseTo(0.016, 15);
  });
});

describe.each([
  ['holm', holm],
  ['benjaminiHochberg', benjaminiHochberg],
] as const)('%s invariants', (_, adjust) => {
  test.prop([fc.array(pValue, { maxLength: 30 })])('≥ raw p, ≤ 1, monotone in raw p, nulls kept', (ps) => {
    const adjusted = adjust(ps);
    expect(adjusted).toHaveLength(ps.length);
    ps.forEach((p, i) => {
      const a = adjusted[i];
      if (p === null) {
        expect(a).toBeNull();
        return;
      }
      expect(a).not.toBeNull();
      expect(a!).toBeGreaterThanOrEqual(p);
      expect(a!).toBeLessThanOrEqual(1);
      ps.forEach((q, j) => {
        if (q !== null && q > p) expect(adjusted[j]!).toBeGreaterThanOrEqual(a!);
      });
    });
  });

  test.prop([fc.array(pValue, { maxLength: 30 })])('holm is at least as conservative as BH', (ps) => {
    const h = holm(ps);
    const b = benjaminiHochberg(ps);
    h.forEach((v, i) => {
      if (v !== null) expect(v).toBeGreaterThanOrEqual(b[i]! - 1e-15);
    });
  });
});
