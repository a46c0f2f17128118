/**
 * Bootstrap intervals of the ranking metrics (exposure per member, parity, exposure ratio, skew@k,
 * NDKL): hand-checkable properties. An interval contains its estimate; a list no resample can change
 * (one group, or one group entirely first) gives zero-width intervals; the same seed gives the same
 * intervals; smaller groups get wider ones; the coarsened list the replicates rank keeps every count
 * at the cut-offs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type AuditResult, audit } from '../../src/audit/index.js';
import type { Estimate } from '../../src/metrics/index.js';
import {
  arrayBlocks,
  bootstrapRanking,
  readBlocks,
  replicatesOf,
  shiftedInterval,
  strata,
} from '../../src/ranking/bootstrap.js';
import {
  cellBlocks,
  discountModel,
  foldRanking,
  type RankItem,
  type RankingGroup,
  type RankingSet,
  rankList,
} from '../../src/ranking/index.js';

/** A seeded PRNG (mulberry32) for the lists. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` leads of `group`, scores on a grid of 200 values (many ties), labels converting with `p`. */
function leads(group: string, n: number, seed: number, shift = 0, p = 0.3): RankItem[] {
  const u = rng(seed);
  return Array.from({ length: n }, () => ({
    score: Math.min(1, Math.round((u() * 0.9 + shift) * 200) / 200),
    group,
    label: u() < p ? 1 : 0,
  }));
}

const AT = ['10', '100', '10%', '50%'];
const rank = (items: RankItem[], replicates = 200, seed = 42) =>
  rankList(items, { at: AT, replicates, seed }).ranking.sets[0]!;
const groupOf = (s: RankingSet, v: string) => s.groups.find((g) => g.values[0] === v)!;

/** Every estimate of a group that has a bootstrap interval. */
function bootEstimates(g: RankingGroup): [string, Estimate][] {
  return [
    ['perMember', g.exposure.perMember],
    ['parity', g.exposure.parity],
    ['ratio', g.exposure.ratio],
    ...g.at.flatMap((a): [string, Estimate][] => [
      [`skew@${a.at}`, a.skew],
      [`skewQualified@${a.at}`, a.skewQualified],
    ]),
  ];
}

const width = (e: Estimate) => e.interval!.high - e.interval!.low;

describe('ranking bootstrap intervals', () => {
  let prospects: AuditResult;
  beforeAll(async () => {
    prospects = await audit('datasets/prospects.csv', {
      roles: {
        score: 'score',
        label: 'converted',
        groups: [{ column: 'gender' }, { column: 'age_band' }, { column: 'company_size' }],
      },
      replicates: 200,
      ranking: true,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('contain the estimate: exposure, parity, ratio and skew@k of every group of every set', () => {
    let checked = 0;
    for (const s of prospects.ranking!.sets) {
      for (const [what, e] of s.groups.flatMap(bootEstimates)) {
        if (e.value === null || !e.interval) continue;
        checked++;
        expect(e.interval.low, `${s.attributes} ${what}`).toBeLessThanOrEqual(e.value);
        expect(e.interval.high, `${s.attributes} ${what}`).toBeGreaterThanOrEqual(e.value);
      }
    }
    expect(checked).toBeGreaterThan(700);
    expect(prospects.ranking!.intervals).toMatch(/200 replicates, seed 42/);
  });

  it('NDKL: contains the estimate where the bias is real (gender, age_band), corrects it where not', () => {
    for (const a of ['gender', 'age_band']) {
      const s = prospects.ranking!.sets.find((x) => x.attributes.join() === a)!;
      for (const n of s.ndkl) {
        for (const e of [n.population, n.qualified]) {
          expect(e.interval!.low, `${a} @${n.at}`).toBeLessThanOrEqual(e.value!);
          expect(e.interval!.high, `${a} @${n.at}`).toBeGreaterThanOrEqual(e.value!);
        }
      }
    }
    // Two groups drawn from the same scores: the true NDKL is 0 and the estimate is noise alone. The
    // basic interval moves down towards 0 (a percentile interval would sit above the estimate).
    const fair = rank([...leads('a', 1000, 20), ...leads('b', 1000, 21)], 200);
    for (const n of fair.ndkl.slice(1)) {
      expect(n.population.value!).toBeGreaterThan(0);
      expect(n.population.interval!.low).toBeLessThan(n.population.value! / 2);
      expect(n.population.interval!.low).toBeGreaterThanOrEqual(0);
    }
  });

  it('are zero-width when one group is the whole list: parity and ratio 1, skew and NDKL 0', () => {
    const s = rank([...leads('a', 300, 1)]);
    const g = s.groups[0]!;
    for (const [what, e] of bootEstimates(g)) {
      expect(e.interval, what).toBeTruthy();
      expect(e.interval!.low, what).toBeCloseTo(e.value!, 12);
      expect(e.interval!.high, what).toBeCloseTo(e.value!, 12);
    }
    expect(g.exposure.perMember.value).toBeCloseTo(discountModel('log').cumulative(300) / 300, 10);
    const near = (i: { low: number; high: number } | null | undefined, x: number) => {
      expect(i!.low).toBeCloseTo(x, 12);
      expect(i!.high).toBeCloseTo(x, 12);
    };
    near(g.exposure.parity.interval, 1);
    near(g.exposure.ratio.interval, 1);
    for (const a of g.at) near(a.skew.interval, 0);
    for (const n of s.ndkl) near(n.population.interval, 0);
  });

  it('are zero-width when one group comes entirely first (no resample changes the order)', () => {
    const s = rank([...leads('top', 200, 2, 1.1), ...leads('rest', 300, 3)]);
    // Positions are fixed; conversions are still resampled, so the measures against them vary.
    const positional = ([what]: [string, Estimate]) => !/ratio|Qualified/.test(what);
    for (const g of s.groups)
      for (const [what, e] of bootEstimates(g).filter(positional))
        if (e.interval) {
          expect(e.interval.low, `${g.values} ${what}`).toBeCloseTo(e.value!, 12);
          expect(e.interval.high, `${g.values} ${what}`).toBeCloseTo(e.value!, 12);
        }
    // Top 100 and 10%: all 'top'; the 'rest' is absent there (skew −∞, no interval).
    expect(groupOf(s, 'top').at[1]!.skew.value).toBeCloseTo(Math.log(500 / 200), 10);
    expect(groupOf(s, 'rest').at[1]!.skew).toMatchObject({ value: null, interval: null });
    for (const n of s.ndkl) expect(n.population.interval!.low).toBeCloseTo(n.population.value!, 12);
    expect(width(groupOf(s, 'rest').exposure.ratio)).toBeGreaterThan(0);
  });

  it('are the same for the same seed and differ for another', () => {
    const items = [...leads('a', 400, 4), ...leads('b', 250, 5, 0.05)];
    expect(rank(items, 100, 7)).toEqual(rank(items, 100, 7));
    expect(JSON.stringify(rank(items, 100, 8))).not.toBe(JSON.stringify(rank(items, 100, 7)));
    // And they do not depend on the order of the rows.
    expect(rank([...items].reverse(), 100, 7)).toEqual(rank(items, 100, 7));
  });

  it('are wider for a smaller group drawn from the same scores', () => {
    const s = rank([...leads('big', 4000, 6), ...leads('small', 200, 7)], 300);
    const big = groupOf(s, 'big');
    const small = groupOf(s, 'small');
    const rel = (e: Estimate) => width(e) / e.value!;
    expect(rel(small.exposure.perMember)).toBeGreaterThan(2 * rel(big.exposure.perMember));
    expect(width(small.exposure.parity)).toBeGreaterThan(2 * width(big.exposure.parity));
    expect(width(small.exposure.ratio)).toBeGreaterThan(2 * width(big.exposure.ratio));
    const at50 = (g: RankingGroup) => g.at.find((a) => a.at === '50%')!.skew;
    expect(width(at50(small))).toBeGreaterThan(2 * width(at50(big)));
  });

  it('replicates 0: skew@k keeps the interval of its share, exposure and NDKL have none', () => {
    const items = [...leads('a', 300, 8), ...leads('b', 200, 9)];
    const s = rank(items, 0);
    const a = groupOf(s, 'a');
    expect(a.exposure.perMember.interval).toBeUndefined();
    expect(a.exposure.ratio.interval).toBeUndefined();
    expect(s.ndkl[0]!.population.interval).toBeUndefined();
    const x = a.at[2]!;
    expect(x.skew.interval!.low).toBeCloseTo(Math.log(x.share.interval!.low / (300 / 500)), 10);
    expect(rankList(items, { at: AT }).ranking.intervals).toMatch(/No bootstrap/);
  });
});

describe('the coarsened list the replicates rank', () => {
  const items = [...leads('a', 3000, 10), ...leads('b', 2000, 11, 0.05), ...leads('c', 500, 12, -0.05)];
  const values = ['a', 'b', 'c'];
  const sorted = [...items].sort((x, y) => y.score - x.score);
  let bin = -1;
  let prev = Number.NaN;
  const cells = sorted.map((it) => {
    if (it.score !== prev) {
      bin++;
      prev = it.score;
    }
    return { y: it.label ?? null, w: 1, s: it.score, bin, g: values.indexOf(it.group) };
  });
  const blocks = readBlocks(cellBlocks(cells, 3, (c) => c.g));
  const ks = [10, 100, 550, 2750];
  const discount = discountModel('log');

  it('merges blocks below the top, keeps each cut-off block alone, and the counts in every top k', () => {
    const st = strata(blocks, 3, ks);
    expect(st.length).toBeLessThan(blocks.length / 3);
    const fine = foldRanking(arrayBlocks(blocks, 3), { ks, ndklKs: ks, discount });
    const coarse = foldRanking(arrayBlocks(st, 3), { ks, ndklKs: ks, discount });
    for (const k of ks) {
      for (let g = 0; g < 3; g++) {
        expect(coarse.prefix.get(k)!.count[g]).toBeCloseTo(fine.prefix.get(k)!.count[g]!, 9);
        expect(coarse.prefix.get(k)!.low[g]).toBeCloseTo(fine.prefix.get(k)!.low[g]!, 9);
      }
    }
    // Exposure on the strata is close (ties spread over a stratum): the replicates are shifted by it.
    for (let g = 0; g < 3; g++) expect(coarse.exposure[g]! / fine.exposure[g]!).toBeCloseTo(1, 2);
  });

  it('gives the intervals of a bootstrap on the blocks themselves, within Monte Carlo error', () => {
    const opts = { replicates: 400, seed: 3, effectiveRatio: 1, ks, discount };
    const coarse = bootstrapRanking(blocks, 3, opts);
    const fine = bootstrapRanking(blocks, 3, {
      ...opts,
      growth: 0,
      fold: { exactSegment: 64, subBlocks: 32 },
    });
    const w = (r: typeof coarse, stat: Parameters<typeof replicatesOf>[1], i: number) => {
      const x = shiftedInterval(0, replicatesOf(r, stat, i), 0.95)!;
      return x.high - x.low;
    };
    for (let g = 0; g < 3; g++) {
      expect(w(coarse, 'perMember', g) / w(fine, 'perMember', g)).toBeGreaterThan(0.8);
      expect(w(coarse, 'perMember', g) / w(fine, 'perMember', g)).toBeLessThan(1.25);
      expect(w(coarse, 'skew', 3 * 3 + g) / w(fine, 'skew', 3 * 3 + g)).toBeGreaterThan(0.8);
      expect(w(coarse, 'skew', 3 * 3 + g) / w(fine, 'skew', 3 * 3 + g)).toBeLessThan(1.25);
    }
  });
});
