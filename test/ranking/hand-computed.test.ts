/**
 * Ranking metrics on small lists computed by hand: skew@k and NDKL (Geyik et al. 2019), exposure
 * (Singh & Joachims 2018) under the log and geometric discounts, ties, and the extremes.
 */
import { describe, expect, it } from 'vitest';
import { discountModel, type RankItem, rankList, SKEW_ABSENT } from '../../src/ranking/index.js';

const lg = (x: number) => Math.log(x) / Math.LN2;
const v = (i: number) => 1 / lg(1 + i);
const kl2 = (p: number, t: number) =>
  (p > 0 ? p * Math.log(p / t) : 0) + (p < 1 ? (1 - p) * Math.log((1 - p) / (1 - t)) : 0);
const list = (groups: string, scores?: number[]): RankItem[] =>
  [...groups].map((g, i) => ({ score: scores?.[i] ?? groups.length - i, group: g }));
const set = (items: RankItem[], at: (number | string)[], discount?: 'log' | { geometric: number }) =>
  rankList(items, { at, discount }).ranking.sets[0]!;
const group = (s: ReturnType<typeof set>, v: string) => s.groups.find((g) => g.values[0] === v)!;
const atK = (s: ReturnType<typeof set>, v: string, k: string) => group(s, v).at.find((a) => a.at === k)!;

describe('a strictly alternating list A B A B', () => {
  const s = set(list('ABAB'), [1, 2, 3, 4]);
  it('skew@k: ln 2 and −∞ at k = 1, 0 at even k, ln(4/3) and ln(2/3) at k = 3', () => {
    expect(atK(s, 'A', '1').skew.value).toBeCloseTo(Math.log(2), 10);
    expect(atK(s, 'B', '1').skew).toEqual({ value: null, reason: SKEW_ABSENT, interval: null });
    expect(atK(s, 'A', '2').skew.value).toBe(0);
    expect(atK(s, 'B', '4').skew.value).toBe(0);
    expect(atK(s, 'A', '3').skew.value).toBeCloseTo(Math.log(4 / 3), 10);
    expect(atK(s, 'B', '3').skew.value).toBeCloseTo(Math.log(2 / 3), 10);
  });
  it('NDKL: Σ v(i)·KL(prefix i ‖ ½,½) / Σ v(i), odd prefixes cannot match the target', () => {
    const kls = [kl2(1, 0.5), 0, kl2(2 / 3, 0.5), 0];
    const ndkl = (k: number) =>
      kls.slice(0, k).reduce((a, x, i) => a + v(i + 1) * x, 0) /
      [1, 2, 3, 4].slice(0, k).reduce((a, i) => a + v(i), 0);
    for (const k of [1, 2, 3, 4]) expect(s.ndkl[k - 1]!.population.value).toBeCloseTo(ndkl(k), 10);
    expect(s.ndkl[3]!.population.value).toBeCloseTo(0.281645030079, 10);
  });
  it('exposure: A at ranks 1 and 3, B at 2 and 4', () => {
    expect(group(s, 'A').exposure.total).toBeCloseTo(v(1) + v(3), 10);
    expect(group(s, 'B').exposure.total).toBeCloseTo(v(2) + v(4), 10);
    expect(group(s, 'A').exposure.perMember.value).toBeCloseTo((v(1) + v(3)) / 2, 10);
    const share = (v(1) + v(3)) / (v(1) + v(2) + v(3) + v(4));
    expect(group(s, 'A').exposure.share).toBeCloseTo(share, 10);
    expect(group(s, 'A').exposure.parity.value).toBeCloseTo(share / 0.5, 10);
  });
  it('geometric discount with patience ½: 1 + ¼ for A, ½ + ⅛ for B', () => {
    const g = set(list('ABAB'), [4], { geometric: 0.5 });
    expect(group(g, 'A').exposure.total).toBeCloseTo(1.25, 10);
    expect(group(g, 'B').exposure.total).toBeCloseTo(0.625, 10);
  });
});

describe('a perfectly interleaved list (each tied pair holds one A and one B)', () => {
  const scores = [6, 6, 5, 5, 4, 4, 3, 3];
  const s = set(list('ABBAABBA', scores), [1, 2, 3, 5, 8]);
  it('gives skew 0 and NDKL 0 at every cut-off, odd ones included', () => {
    for (const k of ['1', '2', '3', '5', '8']) {
      expect(atK(s, 'A', k).skew.value).toBeCloseTo(0, 10);
      expect(atK(s, 'B', k).skew.value).toBeCloseTo(0, 10);
    }
    for (const n of s.ndkl) expect(n.population.value).toBeCloseTo(0, 10);
  });
  it('and equal exposure', () => {
    expect(group(s, 'A').exposure.total).toBeCloseTo(group(s, 'B').exposure.total, 10);
    expect(group(s, 'A').exposure.parity.value).toBeCloseTo(1, 10);
  });
});

describe('a list that puts one group entirely last', () => {
  const s = set(list('AAABBB'), [3, 6]);
  it('gives the maximal skew ln(1/p) to the first group and −∞ to the last', () => {
    expect(atK(s, 'A', '3').skew.value).toBeCloseTo(Math.log(2), 10);
    expect(atK(s, 'B', '3').skew.reason).toBe(SKEW_ABSENT);
    expect(atK(s, 'B', '3').disparateImpact.value).toBe(0);
  });
  it('gives NDKL its maximum ln 2 over the first half, and the largest NDKL of all arrangements', () => {
    expect(s.ndkl[0]!.population.value).toBeCloseTo(Math.log(2), 10);
    const blocked = s.ndkl[1]!.population.value!;
    // every arrangement of three A and three B
    for (let mask = 0; mask < 64; mask++) {
      const bits = [...Array(6)].map((_, i) => ((mask >> i) & 1 ? 'A' : 'B'));
      if (bits.filter((b) => b === 'A').length !== 3) continue;
      const other = set(list(bits.join('')), [6]).ndkl[0]!.population.value!;
      expect(other).toBeLessThanOrEqual(blocked + 1e-10);
    }
  });
});

describe('ties', () => {
  // A alone at the top, then A, B, B tied.
  const items = list('AABB', [2, 1, 1, 1]);
  const s = set(items, [2]);
  it('a cut-off inside a tied block counts each group in proportion, with the order bounds', () => {
    expect(atK(s, 'A', '2').count).toBeCloseTo(1 + 1 / 3, 10);
    expect(atK(s, 'B', '2').count).toBeCloseTo(2 / 3, 10);
    expect(atK(s, 'A', '2').countRange).toEqual({ low: 1, high: 2 });
    expect(atK(s, 'B', '2').countRange).toEqual({ low: 0, high: 1 });
    const r = rankList(items, { at: [2] }).ranking;
    expect(r.at[0]!.boundaryMass).toBe(3);
    expect(r.at[0]!.score).toEqual({ low: 1, high: 1 });
  });
  it('tied leads share the average attention of their positions', () => {
    const perTied = (v(2) + v(3) + v(4)) / 3;
    expect(group(s, 'A').exposure.total).toBeCloseTo(v(1) + perTied, 10);
    expect(group(s, 'B').exposure.total).toBeCloseTo(2 * perTied, 10);
  });
});

describe('relevance, qualified targets and disparate impact at k', () => {
  // A: ranks 1, 2 (one converted), B: ranks 3, 4 (both converted).
  const items: RankItem[] = [
    { score: 4, group: 'A', label: 1 },
    { score: 3, group: 'A', label: 0 },
    { score: 2, group: 'B', label: 1 },
    { score: 1, group: 'B', label: 1 },
  ];
  const s = rankList(items, { at: [2, 3], reference: 'A' }).ranking.sets[0]!;
  it('exposure ratio = exposure share / share of conversions', () => {
    const total = v(1) + v(2) + v(3) + v(4);
    expect(group(s, 'A').exposure.relevanceShare).toBeCloseTo(1 / 3, 10);
    expect(group(s, 'A').exposure.ratio.value).toBeCloseTo((v(1) + v(2)) / total / (1 / 3), 10);
    expect(group(s, 'B').exposure.ratio.value).toBeCloseTo((v(3) + v(4)) / total / (2 / 3), 10);
  });
  it('skew against the qualified mix, and DI at depth 3', () => {
    expect(atK(s, 'A', '2').skewQualified.value).toBeCloseTo(Math.log(1 / (1 / 3)), 10);
    expect(atK(s, 'B', '3').disparateImpact.value).toBeCloseTo(0.5 / 1, 10);
    expect(group(s, 'B').fourFifths.from).toBe(1);
  });
});

describe('discountModel', () => {
  it('sums 1/log2(1+i) exactly on the table and by Ei beyond 2^20 positions', () => {
    const d = discountModel('log');
    expect(d.cumulative(3)).toBeCloseTo(1 + v(2) + v(3), 14);
    let direct = d.cumulative(1 << 20);
    for (let i = (1 << 20) + 1; i <= (1 << 20) + 200_000; i++) direct += v(i);
    expect(d.cumulative((1 << 20) + 200_000)).toBeCloseTo(direct, 6);
  });
  it('geometric: (1 − p^x)/(1 − p), linear between whole positions', () => {
    const d = discountModel({ geometric: 0.9 });
    expect(d.cumulative(3)).toBeCloseTo(1 + 0.9 + 0.81, 10);
    expect(d.cumulative(2.5)).toBeCloseTo(1.9 + 0.5 * 0.81, 10);
    expect(() => discountModel({ geometric: 1 })).toThrow(RangeError);
  });
});
