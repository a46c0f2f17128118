import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { memoryTable, parseGroupSpecs, type Roles } from '../../src/data/index.js';
import {
  accumulateRaw,
  aggregationQuery,
  groupSetsFor,
  keyId,
  mergeStats,
  type StatsSet,
} from '../../src/stats/index.js';
import { expectClose, load, sortRaw } from '../helpers/data.js';

const roles: Roles = { score: 's', label: 'y', weight: 'w', groups: parseGroupSpecs('g,age:30,60') };

describe('buildStats on a hand-computed example', () => {
  //   s     y   g   age  w
  const rows = [
    { s: 0.9, y: 1, g: 'a', age: 20, w: 2 }, // tp
    { s: 0.6, y: 0, g: 'a', age: 40, w: 1 }, // fp
    { s: 0.2, y: 0, g: 'b', age: 70, w: 1 }, // tn
    { s: 0.4, y: 1, g: 'b', age: 40, w: 3 }, // fn
    { s: 0.5, y: null, g: 'a', age: 65, w: 1 }, // unlabeled, selected (0.5 >= 0.5)
    { s: 0.1, y: null, g: 'b', age: 10, w: 0.5 }, // unlabeled, not selected
  ];
  const opts = { plan: { histogram: { lo: 0, hi: 1, bins: 4 } } };

  it('overall cells, moments and histograms', async () => {
    const { stats } = await load({ rows }, roles, opts);
    const o = stats.groups[0]!;
    expect(keyId(o.key)).toBe('(overall)');
    expect(o.cells.tp).toEqual({ n: 1, w: 2, w2: 4, s: 1.8, s2: expect.closeTo(2 * 0.81, 12) });
    expect(o.cells.fp).toMatchObject({ n: 1, w: 1, s: 0.6 });
    expect(o.cells.tn).toMatchObject({ n: 1, w: 1, s: 0.2 });
    expect(o.cells.fn).toMatchObject({ n: 1, w: 3, w2: 9, s: expect.closeTo(1.2, 12) });
    expect(o.cells.up).toMatchObject({ n: 1, w: 1, s: 0.5 });
    expect(o.cells.un).toMatchObject({ n: 1, w: 0.5, s: 0.05 });
    expect(o.hist).toEqual({ pos: [0, 3, 0, 2], neg: [1, 0, 1, 0], unl: [0.5, 0, 1, 0] });
    expect(stats.rows).toEqual({ read: 6, used: 6, dropped: [], unlabeled: 2, missingGroup: {} });
  });

  it('groups: overall, each attribute in value order, then the pair', async () => {
    const { stats } = await load({ rows }, roles, opts);
    expect(stats.groupSets).toEqual([['g'], ['age'], ['g', 'age']]);
    expect(stats.groups.map((g) => keyId(g.key))).toEqual([
      '(overall)',
      'g=a',
      'g=b',
      'age=<30',
      'age=[30, 60)',
      'age=>=60',
      'g=a & age=<30',
      'g=a & age=[30, 60)',
      'g=a & age=>=60',
      'g=b & age=<30',
      'g=b & age=[30, 60)',
      'g=b & age=>=60',
    ]);
    const b40 = stats.groups.find((g) => keyId(g.key) === 'g=b & age=[30, 60)')!;
    expect(b40.cells.fn).toMatchObject({ n: 1, w: 3 });
    expect(b40.cells.tp.n + b40.cells.fp.n + b40.cells.tn.n).toBe(0);
  });

  it('the aggregation query reads the data once, grouping raw values, and converts only the cells', async () => {
    const { plan } = await load({ rows }, roles, opts);
    const sql = aggregationQuery(plan, '(SELECT * FROM t)');
    expect(sql.match(/FROM \(SELECT \* FROM t\)/g)).toHaveLength(1);
    // Rows are grouped by raw keys; the middle query groups the cells by their text keys, and the
    // outer one lists each key's histogram bins (one result row per key, not per bin).
    expect(sql.match(/GROUP BY/g)).toHaveLength(3);
    expect(sql).toContain('GROUP BY g0, g1, y, p, bin, chk) AS fp_cells');
    expect(sql).toMatch(/^SELECT g0, g1, y, p, chk,/);
    expect(sql).toContain("SELECT NULLIF(trim(CAST(g0 AS VARCHAR)), '') AS g0");
    expect(sql).toMatch(/list\(bin ORDER BY bin\)[^\n]*AS bins/);
    expect(sql).toMatch(/GROUP BY g0, g1, y, p, chk\s*$/);
  });

  it('values that read the same once trimmed are one key, each bin listed once with its total weight', async () => {
    const padded = [
      { s: 0.9, y: 1, g: 'a', age: 20, w: 2 },
      { s: 0.95, y: 1, g: ' a ', age: 20, w: 1 }, // same key once trimmed, same bin (3 of 4)
      { s: 0.3, y: 1, g: 'a ', age: 20, w: 0.5 }, // same key, bin 1
    ];
    const { raw, stats } = await load({ rows: padded }, roles, opts);
    // Two keys: g=a, age bin 0, y=1, not selected (0.3) and selected (0.9 and 0.95, both in bin 3).
    const cells = [...raw].sort((x, y) => Number(x.p) - Number(y.p));
    expect(cells.map((c) => [c.g, c.p, c.n, c.hist])).toEqual([
      [['a', 0], 0, 1, { bins: [1], w: [0.5] }],
      [['a', 0], 1, 2, { bins: [3], w: [3] }],
    ]);
    expect(stats.groups[0]!.hist.pos).toEqual([0, 0.5, 0, 3]);
  });

  it('scores at the edges of the fast binning path fall in the same bins as in memory', async () => {
    // Scores below lo + (bins − ½)/k are binned without clamping; the rest, and 1, are clamped.
    const scores = [0, 5e-4, 0.0015, 0.9994999999999999, 0.9995, 0.99950000001, 1 - 2 ** -53, 1];
    const edge = scores.map((s) => ({ s, y: 1, g: 'a', age: 20, w: 1 }));
    const { raw, stats } = await load({ rows: edge }, roles, {});
    expect(raw).toHaveLength(2); // selected or not
    const pos = stats.groups[0]!.hist.pos;
    const filled = pos.flatMap((w, bin) => (w > 0 ? [[bin, w]] : []));
    // floor(s · 1000): 0, 0 (5e-4 · 1000 = 0.5), 1, 999 (999.4999…), and 999 for the rest (clamped at 1).
    expect(filled).toEqual([
      [0, 2],
      [1, 1],
      [999, 5],
    ]);
    const { plan } = await load({ rows: edge }, roles, {});
    expectClose(sortRaw(accumulateRaw(memoryTable({ rows: edge }), plan)), sortRaw(raw));
  });

  it('groupSetsFor: none, pairs and all', () => {
    expect(groupSetsFor(['a', 'b', 'c'], 'none')).toEqual([['a'], ['b'], ['c']]);
    expect(groupSetsFor(['a', 'b', 'c'], 'pairs')).toEqual([
      ['a'],
      ['b'],
      ['c'],
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
    ]);
    expect(groupSetsFor(['a', 'b', 'c'], 'all')).toHaveLength(7);
  });
});

const rowArb = fc.record({
  s: fc.integer({ min: 0, max: 1000 }).map((i) => i / 1000),
  y: fc.constantFrom<number | null>(0, 1, null),
  g: fc.constantFrom<string | null>('a', 'b', 'c d', 'é', null),
  age: fc.option(fc.integer({ min: 0, max: 99 }), { nil: null }),
  w: fc.constantFrom(0.5, 1, 2, 3),
});
// At least one age: an all-missing column has no type in memory (VARCHAR), and bins need numbers.
const rowsArb = fc
  .array(rowArb, { minLength: 1, maxLength: 80 })
  .filter((rows) => rows.some((r) => r.age !== null));
const withPermutation = rowsArb.chain((rows) =>
  fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length })),
);

describe('properties', () => {
  test.prop([withPermutation], { numRuns: 25 })(
    'row order does not change the stats',
    async ([rows, shuffled]) => {
      const a = await load({ rows }, roles);
      const b = await load({ rows: shuffled }, roles);
      expectClose(b.stats, a.stats);
    },
  );

  test.prop([rowsArb], { numRuns: 25 })('accumulateRaw equals the DuckDB scan', async (rows) => {
    const { plan, raw } = await load({ rows }, roles);
    expectClose(sortRaw(accumulateRaw(memoryTable({ rows }), plan)), sortRaw(raw));
  });

  test.prop([rowsArb, rowsArb], { numRuns: 25 })(
    'merging the stats of two partitions equals the stats of the whole',
    async (x, y) => {
      const whole = await load({ rows: [...x, ...y] }, roles);
      const a = await load({ rows: x }, roles);
      const b = await load({ rows: y }, roles);
      const merged: StatsSet = mergeStats(a.stats, b.stats);
      expectClose(merged, whole.stats);
    },
  );

  it('merging stats computed with different attributes is a usage error', async () => {
    const rows = [{ s: 0.5, y: 1, g: 'a', age: 3, w: 1 }];
    const a = await load({ rows }, roles);
    const b = await load({ rows }, { ...roles, groups: parseGroupSpecs('g') });
    expect(() => mergeStats(a.stats, b.stats)).toThrow(expect.objectContaining({ code: 'stats_mismatch' }));
  });
});
