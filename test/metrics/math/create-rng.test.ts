import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/metrics/math/index.js';

const seed = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

describe('createRng', () => {
  test.prop([seed])('same seed gives the same stream', (s) => {
    const a = createRng(s);
    const b = createRng(s);
    for (let i = 0; i < 20; i++) expect(a.next()).toBe(b.next());
    expect(a.binomial(1000, 0.3)).toBe(b.binomial(1000, 0.3));
    expect(a.poisson(40)).toBe(b.poisson(40));
    expect(a.normal()).toBe(b.normal());
    expect(Array.from(a.multinomial(500, [1, 2, 3]))).toEqual(Array.from(b.multinomial(500, [1, 2, 3])));
  });

  it('gives different streams for different seeds', () => {
    expect(createRng(1).next()).not.toBe(createRng(2).next());
  });

  test.prop([seed])('next() is in [0, 1)', (s) => {
    const rng = createRng(s);
    for (let i = 0; i < 100; i++) {
      const u = rng.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  it('has a uniform mean and variance (1/2, 1/12)', () => {
    const rng = createRng(11);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      s += u;
      s2 += u * u;
    }
    // Standard error of the mean: √(1/12/n) ≈ 0.0009.
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(s2 / n - (s / n) ** 2).toBeCloseTo(1 / 12, 2);
  });

  it('normal() has mean 0 and variance 1', () => {
    const rng = createRng(3);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
  });

  it('handles binomial edge cases n = 0, p = 0, p = 1', () => {
    const rng = createRng(5);
    expect(rng.binomial(0, 0.5)).toBe(0);
    expect(rng.binomial(10, 0)).toBe(0);
    expect(rng.binomial(10, 1)).toBe(10);
    expect(rng.binomial(1_000_000, 1)).toBe(1_000_000);
    expect(rng.poisson(0)).toBe(0);
  });

  it('rejects misuse with RangeError', () => {
    const rng = createRng(5);
    expect(() => rng.binomial(-1, 0.5)).toThrow(RangeError);
    expect(() => rng.binomial(2.5, 0.5)).toThrow(RangeError);
    expect(() => rng.binomial(10, 1.5)).toThrow(RangeError);
    expect(() => rng.binomial(10, Number.NaN)).toThrow(RangeError);
    expect(() => rng.poisson(-1)).toThrow(RangeError);
    expect(() => rng.multinomial(10, [])).toThrow(RangeError);
    expect(() => rng.multinomial(10, [0, 0])).toThrow(RangeError);
    expect(() => rng.multinomial(10, [1, -1])).toThrow(RangeError);
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
  });

  test.prop([seed, fc.integer({ min: 0, max: 2_000_000 }), fc.double({ min: 0, max: 1, noNaN: true })])(
    'binomial draws are integers in [0, n]',
    (s, n, p) => {
      const x = createRng(s).binomial(n, p);
      expect(Number.isInteger(x)).toBe(true);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(n);
    },
  );

  test.prop([seed, fc.double({ min: 0, max: 1e6, noNaN: true })])(
    'poisson draws are non-negative integers',
    (s, l) => {
      const x = createRng(s).poisson(l);
      expect(Number.isInteger(x)).toBe(true);
      expect(x).toBeGreaterThanOrEqual(0);
    },
  );

  test.prop([
    seed,
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 12 }),
  ])('multinomial draws are integers summing to n, zero where p = 0', (s, n, raw) => {
    const probs = [...raw, 1]; // ensure a positive total
    const x = createRng(s).multinomial(n, probs);
    let sum = 0;
    x.forEach((v, i) => {
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
      if (probs[i] === 0) expect(v).toBe(0);
      sum += v;
    });
    expect(sum).toBe(n);
  });

  // Moments of the exact samplers in both regimes (inversion and BTRS / PTRS).
  it.each([
    [20, 0.1],
    [15, 0.5],
    [100, 0.3],
    [40, 0.9],
    [1_000_000, 0.37],
  ])('binomial(%d, %d) has mean np and variance np(1 − p)', (n, p) => {
    const rng = createRng(17);
    const draws = 50_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < draws; i++) {
      const x = rng.binomial(n, p);
      s += x;
      s2 += x * x;
    }
    const mean = s / draws;
    const variance = s2 / draws - mean * mean;
    const sd = Math.sqrt(n * p * (1 - p));
    // 5 standard errors of the mean; variance within 5%.
    expect(Math.abs(mean - n * p)).toBeLessThan((5 * sd) / Math.sqrt(draws));
    expect(Math.abs(variance / (n * p * (1 - p)) - 1)).toBeLessThan(0.05);
  });

  it('binomial(10, 0.3) matches the exact pmf (chi-square goodness of fit)', () => {
    const rng = createRng(2024);
    const draws = 100_000;
    const counts = new Array<number>(11).fill(0);
    for (let i = 0; i < draws; i++) counts[rng.binomial(10, 0.3)]! += 1;
    // pmf(k) = C(10, k) 0.3^k 0.7^(10 − k); pool k ≥ 7 (expected < 1%).
    let choose = 1;
    let stat = 0;
    let tailExpected = draws;
    let tailObserved = draws;
    for (let k = 0; k <= 6; k++) {
      if (k > 0) choose = (choose * (11 - k)) / k;
      const expected = draws * choose * 0.3 ** k * 0.7 ** (10 - k);
      stat += (counts[k]! - expected) ** 2 / expected;
      tailExpected -= expected;
      tailObserved -= counts[k]!;
    }
    stat += (tailObserved - tailExpected) ** 2 / tailExpected;
    // df = 7; the 0.999 quantile of chi-square(7) is 24.32.
    expect(stat).toBeLessThan(24.32);
  });

  it.each([3, 30, 5000])('poisson(%d) has mean and variance lambda', (lambda) => {
    const rng = createRng(8);
    const draws = 50_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < draws; i++) {
      const x = rng.poisson(lambda);
      s += x;
      s2 += x * x;
    }
    const mean = s / draws;
    expect(Math.abs(mean - lambda)).toBeLessThan((5 * Math.sqrt(lambda)) / Math.sqrt(draws));
    expect(Math.abs((s2 / draws - mean * mean) / lambda - 1)).toBeLessThan(0.05);
  });

  it('draws large binomials as integers within range', () => {
    const rng = createRng(1);
    for (let i = 0; i < 10_000; i++) {
      const x = rng.binomial(100_000, 0.2);
      expect(Number.isInteger(x) && x >= 0 && x <= 100_000).toBe(true);
    }
  });
});
