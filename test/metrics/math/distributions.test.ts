import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  chiSquareCdf,
  chiSquareSurvival,
  logFactorial,
  normalCdf,
  normalQuantile,
  regularizedGammaP,
  regularizedGammaQ,
} from '../../../src/metrics/math/index.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('normalCdf / normalQuantile', () => {
  it('matches scipy.stats.norm', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    // scipy: norm.cdf(-1) = 0.15865525393145707, norm.cdf(-5) = 2.866515718791933e-07,
    // norm.cdf(-10) = 7.61985302416047e-24, norm.cdf(-20) = 2.7536241186061556e-89
    expect(rel(normalCdf(-1), 0.15865525393145707)).toBeLessThan(1e-14);
    expect(rel(normalCdf(-5), 2.866515718791933e-7)).toBeLessThan(1e-13);
    expect(rel(normalCdf(-10), 7.61985302416047e-24)).toBeLessThan(1e-13);
    expect(rel(normalCdf(-20), 2.7536241186061556e-89)).toBeLessThan(1e-12);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
  });

  it('quantiles match scipy.stats.norm.ppf', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 13);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 13);
    expect(rel(normalQuantile(1e-20), -9.262340089798409)).toBeLessThan(1e-13);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(() => normalQuantile(1.1)).toThrow(RangeError);
    expect(() => normalCdf(Number.NaN)).toThrow(RangeError);
  });

  test.prop([fc.double({ min: 1e-300, max: 1, maxExcluded: true, noNaN: true })])(
    'quantile inverts the cdf',
    (p) => {
      const x = normalQuantile(p);
      expect(Math.abs(normalCdf(x) - p)).toBeLessThanOrEqual(1e-12 * Math.min(p, 1 - p) + 4e-16);
    },
  );
});

describe('regularized gamma and chi-square', () => {
  it('matches closed forms', () => {
    // P(1, x) = 1 − e^−x; chi-square with 2 df: sf(x) = e^(−x/2); with 1 df: sf(x) = 2Φ(−√x)
    expect(regularizedGammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 15);
    expect(regularizedGammaQ(1, 30)).toBeCloseTo(Math.exp(-30), 25);
    expect(rel(chiSquareSurvival(100, 2), Math.exp(-50))).toBeLessThan(1e-13);
    expect(rel(chiSquareSurvival(9, 1), 2 * normalCdf(-3))).toBeLessThan(1e-13);
    expect(chiSquareCdf(2, 2)).toBeCloseTo(1 - Math.exp(-1), 15);
  });

  it('matches scipy.stats.chi2.sf', () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 13);
    expect(chiSquareSurvival(10, 4)).toBeCloseTo(0.04042768199451279, 13);
    expect(rel(chiSquareSurvival(1000, 900), 0.01099460894213111)).toBeLessThan(1e-10);
    expect(rel(chiSquareSurvival(30, 3), 1.3800570312932545e-6)).toBeLessThan(1e-12);
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareCdf(-1, 3)).toBe(0);
    expect(() => chiSquareSurvival(1, 0)).toThrow(RangeError);
    expect(() => regularizedGammaP(0, 1)).toThrow(RangeError);
  });

  test.prop([fc.double({ min: 0.01, max: 500, noNaN: true }), fc.double({ min: 0, max: 2000, noNaN: true })])(
    'P + Q = 1',
    (a, x) => {
      expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 12);
    },
  );
});

describe('logFactorial', () => {
  it('is exact for small n and accurate for large n', () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(5)).toBeCloseTo(Math.log(120), 14);
    // scipy.special.gammaln(1e6 + 1) = 12815518.384658169
    expect(rel(logFactorial(1_000_000), 12815518.384658169)).toBeLessThan(1e-14);
    expect(() => logFactorial(-1)).toThrow(RangeError);
    expect(() => logFactorial(1.5)).toThrow(RangeError);
  });
});
