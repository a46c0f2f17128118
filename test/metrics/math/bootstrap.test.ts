import { fc, test } from '@fast-check/vitest';
import { quantile } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { bootstrapCounts, createRng, percentileInterval } from '../../../src/metrics/math/index.js';

describe('bootstrapCounts', () => {
  it('draws replicates that keep the total and the cell means', () => {
    const cells = [30, 50, 20, 0];
    const boot = bootstrapCounts(cells, { replicates: 20_000, rng: createRng(1) });
    expect(boot.data).toHaveLength(80_000);
    expect(boot.rows).toHaveLength(20_000);
    const means = [0, 0, 0, 0];
    let sq = 0;
    for (const row of boot.rows) {
      expect(row[0]! + row[1]! + row[2]! + row[3]!).toBe(100);
      expect(row[3]).toBe(0);
      row.forEach((v, j) => {
        means[j]! += v / 20_000;
      });
      sq += (row[0]! - 30) ** 2;
    }
    // Multinomial: E[x₀] = 30, Var[x₀] = 100·0.3·0.7 = 21
    expect(means[0]).toBeCloseTo(30, 0);
    expect(sq / 20_000).toBeGreaterThan(19);
    expect(sq / 20_000).toBeLessThan(23);
  });

  it('rows are views of data', () => {
    const boot = bootstrapCounts([1, 2], { replicates: 3, rng: createRng(2) });
    expect(boot.rows[1]!.buffer).toBe(boot.data.buffer);
    expect(Array.from(boot.rows[2]!)).toEqual(Array.from(boot.data.subarray(4, 6)));
  });

  it('is reproducible from the seed', () => {
    const a = bootstrapCounts([5, 7, 9], { replicates: 50, rng: createRng(9) });
    const b = bootstrapCounts([5, 7, 9], { replicates: 50, rng: createRng(9) });
    expect(a.data).toEqual(b.data);
  });

  it('rescales weighted cells drawn at the effective sample size', () => {
    // Weighted cells total 12.5; resampled as 10 observations and scaled by 1.25
    const boot = bootstrapCounts([2.5, 10], { replicates: 100, rng: createRng(4), size: 10 });
    for (const row of boot.rows) {
      expect(row[0]! + row[1]!).toBeCloseTo(12.5, 12);
      expect(Number.isInteger(row[0]! / 1.25)).toBe(true);
    }
    expect(() => bootstrapCounts([2.5, 10], { replicates: 1, rng: createRng(4) })).toThrow(RangeError);
  });

  it('works on counts of a billion rows (cost depends on cells and replicates only)', () => {
    const boot = bootstrapCounts([4e8, 3e8, 2e8, 1e8, 5, 7], { replicates: 200, rng: createRng(5) });
    for (const row of boot.rows) expect(row.reduce((a, b) => a + b, 0)).toBe(1e9 + 12);
  });

  it('rejects misuse', () => {
    const rng = createRng(1);
    expect(() => bootstrapCounts([1, 2], { replicates: 0, rng })).toThrow(RangeError);
    expect(() => bootstrapCounts([0, 0], { replicates: 1, rng })).toThrow(RangeError);
    expect(() => bootstrapCounts([1, -2], { replicates: 1, rng })).toThrow(RangeError);
  });

  test.prop([
    fc.integer(),
    fc
      .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 10 })
      .filter((c) => c.some((v) => v > 0)),
  ])('every replicate sums to the original total', (seed, cells) => {
    const total = cells.reduce((s, v) => s + v, 0);
    const boot = bootstrapCounts(cells, { replicates: 5, rng: createRng(seed) });
    for (const row of boot.rows) expect(row.reduce((s, v) => s + v, 0)).toBe(total);
  });
});

describe('percentileInterval', () => {
  it('uses linear-interpolated quantiles', () => {
    // quantile type 7 of 1..5 at 0.25 and 0.75: positions 1 and 3 → 2 and 4
    expect(percentileInterval([5, 1, 4, 2, 3], { confidence: 0.5 })).toEqual({ low: 2, high: 4 });
    // 1..101 at 0.025 / 0.975: positions 2.5 and 97.5 → 3.5 and 98.5
    const values = Float64Array.from({ length: 101 }, (_, i) => i + 1);
    const ci = percentileInterval(values)!;
    expect(ci.low).toBeCloseTo(3.5, 12);
    expect(ci.high).toBeCloseTo(98.5, 12);
  });

  test.prop(
    [
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3000 }),
      fc.double({ min: 0.01, max: 0.99, noNaN: true }),
    ],
    { numRuns: 200 },
  )('equals simple-statistics quantile, whatever the size, ties and order (scratch reuse)', (values, c) => {
    const before = [...values];
    const ci = percentileInterval(values, { confidence: c })!;
    expect(values).toEqual(before); // the input is not reordered
    const [low, high] = quantile(values, [(1 - c) / 2, (1 + c) / 2]);
    expect(ci).toEqual({ low, high });
  });

  it('returns null for no values and rejects misuse', () => {
    expect(percentileInterval([])).toBeNull();
    expect(() => percentileInterval([1, Number.NaN])).toThrow(RangeError);
    expect(() => percentileInterval([1, 2], { confidence: 0 })).toThrow(RangeError);
  });

  it('gives a bootstrap interval for a rate covering the estimate', () => {
    // 30 of 100 selected: the rate's percentile interval is close to the Wilson interval [0.219, 0.396]
    const boot = bootstrapCounts([30, 70], { replicates: 4000, rng: createRng(77) });
    const rates = boot.rows.map((r) => r[0]! / 100);
    const ci = percentileInterval(rates)!;
    expect(ci.low).toBeGreaterThan(0.19);
    expect(ci.low).toBeLessThan(0.24);
    expect(ci.high).toBeGreaterThan(0.36);
    expect(ci.high).toBeLessThan(0.41);
  });
});
