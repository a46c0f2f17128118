import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../../src/metrics/math/index.js';

describe('wilsonInterval', () => {
  it('matches published values: 8/10 → [0.4902, 0.9433] at 95%', () => {
    // z = 1.959964, z² = 3.841459; centre = (0.8 + 0.192073)/1.384146 = 0.716740;
    // half = 1.959964/1.384146 · √(0.016 + 0.009604) = 1.416008 · 0.160012 = 0.226578.
    const ci = wilsonInterval(8, 10)!;
    expect(ci.low).toBeCloseTo(0.4902, 4);
    expect(ci.high).toBeCloseTo(0.9433, 4);
  });

  it('0/10 → [0, 0.2775] (R: prop.test(0, 10, correct = FALSE)$conf.int)', () => {
    const ci = wilsonInterval(0, 10)!;
    expect(ci.low).toBe(0);
    // high = z²/(n + z²) = 3.841459/13.841459
    expect(ci.high).toBeCloseTo(0.2775, 4);
  });

  it('10/10 → [0.7225, 1]', () => {
    const ci = wilsonInterval(10, 10)!;
    expect(ci.low).toBeCloseTo(0.7225, 4);
    expect(ci.high).toBe(1);
  });

  it('uses the confidence option (90%: 8/10 → [0.5408, 0.9314])', () => {
    // z = 1.644854, z² = 2.705543; centre = (0.8 + 0.135277)/1.270554 = 0.736117;
    // half = 1.644854/1.270554 · √(0.016 + 0.006764) = 1.294596 · 0.150878 = 0.195325
    const ci = wilsonInterval(8, 10, { confidence: 0.9 })!;
    expect(ci.low).toBeCloseTo(0.5408, 4);
    expect(ci.high).toBeCloseTo(0.9314, 4);
  });

  it('accepts weighted (non-integer) counts', () => {
    // Same p̂ and n as 8/10 scaled: 4.4 of 5.5 is p̂ = 0.8 with n = 5.5.
    const ci = wilsonInterval(4.4, 5.5)!;
    expect(ci.low).toBeGreaterThan(0);
    expect(ci.high).toBeLessThan(1);
    expect(ci.low).toBeLessThan(wilsonInterval(8, 10)!.low);
  });

  it('returns null when n = 0', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('rejects misuse with RangeError', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(1, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 10, { confidence: 1 })).toThrow(RangeError);
    expect(() => wilsonInterval(Number.NaN, 10)).toThrow(RangeError);
  });

  test.prop([
    fc.double({ min: 1e-3, max: 1e7, noNaN: true }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 0.5, max: 0.999, noNaN: true }),
  ])('contains p̂ and lies in [0, 1]', (n, frac, confidence) => {
    const x = n * frac;
    const ci = wilsonInterval(x, n, { confidence })!;
    expect(ci.low).toBeGreaterThanOrEqual(0);
    expect(ci.high).toBeLessThanOrEqual(1);
    expect(ci.low).toBeLessThanOrEqual(x / n);
    expect(ci.high).toBeGreaterThanOrEqual(x / n);
  });

  test.prop([fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true })])(
    'is wider at higher confidence',
    (n, frac) => {
      const x = Math.round(n * frac);
      const a = wilsonInterval(x, n, { confidence: 0.9 })!;
      const b = wilsonInterval(x, n, { confidence: 0.99 })!;
      expect(b.low).toBeLessThanOrEqual(a.low);
      expect(b.high).toBeGreaterThanOrEqual(a.high);
    },
  );
});
