/**
 * The exact-rank scan (cells per distinct score and group cell, ranked after aggregation) equals
 * the naive computation: every row ranked by one window function over the audit's projection, and
 * ranks computed in JavaScript from the rows themselves; on random data with many ties, missing
 * groups, labels and predictions, and weights.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/index.js';
import {
  MISSING_GROUP,
  type NormalizeOptions,
  normalizeCells,
  openSource,
  planScan,
  type Roles,
  type ScanPlan,
  type Source,
} from '../../src/data/index.js';
import {
  type ExactCell,
  type ExactCells,
  exactCellsOf,
  exactRankCells,
  rankList,
} from '../../src/ranking/index.js';
import { rawCellsOf } from '../../src/stats/index.js';
import { usedParams } from '../../src/util/strings.js';
import { expectClose } from '../helpers/data.js';

type Row = Record<string, string | number | null>;

/** The naive exact ranks: every row ranked by one window function, then grouped (the first implementation). */
async function naiveCells(source: Source, plan: ScanPlan, options: NormalizeOptions): Promise<ExactCell[]> {
  const rel = await source.relation(plan.columns);
  const k = plan.groups.length;
  const g = Array.from({ length: k }, (_, i) => `g${i}`);
  const keys = [...g, 'y', 'p', 'bin', 'chk'].join(', ');
  const sql = [
    `SELECT ${keys}, count(*) AS n, fsum(w) AS w, fsum(w * w) AS w2, fsum(w * s) AS s, fsum(w * s * s) AS s2`,
    'FROM (SELECT * EXCLUDE (bin), CAST(dense_rank() OVER (ORDER BY s DESC) - 1 AS BIGINT) AS bin',
    `FROM (SELECT\n  ${plan.projection}\nFROM ${rel.sql}) AS fp_scan WHERE chk = 0) AS fp_ranked`,
    `GROUP BY ${keys}`,
  ].join('\n');
  const reader = await source.connection.runAndReadAll(
    sql,
    usedParams(sql, { ...rel.params, ...plan.params }),
  );
  const raw = rawCellsOf(reader.getColumnsJS(), reader.currentRowCount, k);
  return (await normalizeCells(source, plan, raw, options)).cells.map((c) => ({ ...c }));
}

/** Cells merged by (group values, label, bin), sorted: the part of a cell the ranking reads. */
function merged(cells: ExactCells | readonly ExactCell[]): [string, number, number, number][] {
  const m = new Map<string, [number, number, number]>();
  const c = Array.isArray(cells) ? exactCellsOf(cells) : (cells as ExactCells);
  for (let j = 0; j < c.group.length; j++) {
    const id = JSON.stringify([c.values[c.group[j]!], c.y[j] === -1 ? null : c.y[j], c.bin[j]]);
    const x = m.get(id) ?? [0, 0, 0];
    m.set(id, [x[0] + c.n[j]!, x[1] + c.w[j]!, x[2] + c.s[j]!]);
  }
  return [...m.entries()].map(([id, [n, w, s]]) => [id, n, w, s] as [string, number, number, number]).sort();
}

async function both(rows: Row[], roles: Roles, options: NormalizeOptions = {}, predictionColumn?: string) {
  const source = await openSource({ rows });
  try {
    const plan = await planScan(source, roles, {
      decision: predictionColumn
        ? { kind: 'prediction', column: predictionColumn }
        : { kind: 'threshold', threshold: 0.5 },
      scoreScale: 'probability',
      histogram: { lo: 0, hi: 1, bins: 1000 },
    });
    return {
      fast: merged(await exactRankCells(source, plan, options)),
      naive: merged(await naiveCells(source, plan, options)),
    };
  } finally {
    source.close();
  }
}

const expectSameCells = (fast: ReturnType<typeof merged>, naive: ReturnType<typeof merged>) => {
  expect(fast.map(([id, n]) => [id, n])).toEqual(naive.map(([id, n]) => [id, n]));
  fast.forEach(([, , w, s], i) => {
    expect(w).toBeCloseTo(naive[i]![2], 9);
    expect(s).toBeCloseTo(naive[i]![3], 9);
  });
};

const row = fc.record({
  score: fc.integer({ min: 0, max: 8 }).map((x) => x / 8),
  g: fc.constantFrom<string | null>('a', 'b', ' b', 'c', null),
  h: fc.constantFrom<number | null>(1, 2, null),
  y: fc.constantFrom<number | null>(0, 1, null),
  pred: fc.constantFrom<string | null>('yes', 'no', null),
  w: fc.constantFrom(0.5, 1, 2.25),
});
const rowsArb = fc.array(row, { minLength: 1, maxLength: 80 });

describe('exact-rank scan', () => {
  test.prop([rowsArb, fc.boolean(), fc.constantFrom('as-group', 'drop')], { numRuns: 40 })(
    'equals the window-function ranking of every row (ties, missing values, weights, predictions)',
    async (rows, weighted, missing) => {
      const roles: Roles = {
        score: 'score',
        label: 'y',
        groups: [{ column: 'g' }, { column: 'h' }],
        ...(weighted ? { weight: 'w' } : {}),
      };
      const opts = { missing: missing as 'as-group' | 'drop' };
      const a = await both(rows as Row[], roles, opts);
      expectSameCells(a.fast, a.naive);
      const b = await both(rows as Row[], roles, opts, 'pred');
      expectSameCells(b.fast, b.naive);
      // A weight column that is also another role's column (here the score) is a key, not summed.
      const c = await both(rows as Row[], { ...roles, weight: 'score' }, opts);
      expectSameCells(c.fast, c.naive);
    },
  );

  test.prop([rowsArb], { numRuns: 40 })(
    'gives the ranks of a sort in JavaScript: bin = index of the score among distinct scores, highest first',
    async (rows) => {
      const roles: Roles = { score: 'score', label: 'y', groups: [{ column: 'g' }] };
      const { fast } = await both(rows as Row[], roles);
      const distinct = [...new Set(rows.map((r) => r.score))].sort((x, y) => y - x);
      const expected = new Map<string, number>();
      for (const r of rows) {
        const g = r.g === null ? MISSING_GROUP : r.g.trim();
        const id = JSON.stringify([[g], r.y, distinct.indexOf(r.score)]);
        expected.set(id, (expected.get(id) ?? 0) + 1);
      }
      expect(fast.map(([id, n]) => [id, n])).toEqual([...expected.entries()].sort());
      for (const [id, , w, s] of fast) {
        const bin = JSON.parse(id)[2] as number;
        expect(s).toBeCloseTo(w * distinct[bin]!, 12);
      }
    },
  );

  test.prop([rowsArb], { numRuns: 25 })(
    'audit --ranking exact equals rankList on the same leads',
    async (rows) => {
      const r = await audit(
        { rows: rows as Row[] },
        {
          roles: { score: 'score', label: 'y', groups: [{ column: 'g' }], weight: 'w' },
          missing: 'as-group',
          suppressBelow: 0,
          replicates: 0,
          ranking: { mode: 'exact', at: ['1', '3', '50%', '100%'] },
          createdAt: '2026-01-01T00:00:00.000Z',
        },
      );
      const items = rows.map((x) => ({
        score: x.score,
        group: x.g === null ? MISSING_GROUP : x.g.trim(),
        label: x.y as 0 | 1 | null,
        weight: x.w,
      }));
      const set = r.ranking!.sets[0]!;
      const ref = rankList(items, {
        at: ['1', '3', '50%', '100%'],
        attribute: 'g',
        reference: set.reference?.[0],
      }).ranking;
      expect(r.ranking!.at).toEqual(ref.at);
      const pick = (s: typeof set) =>
        s.groups
          .map((g) => ({
            values: g.values,
            at: g.at.map((a) => [a.count, a.countRange]),
            exposure: [g.exposure.total, g.exposure.share, g.exposure.relevanceShare],
            curve: g.curve,
          }))
          .sort((x, y) => (x.values[0]! < y.values[0]! ? -1 : 1));
      // Both sides are rounded to 12 significant digits after different (equally exact) sums: a value
      // that falls on a rounding boundary may differ in its last digit, so compare to 1e-9.
      expectClose(pick(set), pick(ref.sets[0]!));
      expectClose(
        set.ndkl.map((n) => [n.population.value, n.qualified.value]),
        ref.sets[0]!.ndkl.map((n) => [n.population.value, n.qualified.value]),
      );
    },
  );

  it('is the same on datasets/prospects.csv', async () => {
    const roles: Roles = {
      score: 'score',
      label: 'converted',
      groups: [{ column: 'gender' }, { column: 'age_band' }, { column: 'company_size' }],
    };
    const source = await openSource('datasets/prospects.csv');
    try {
      const plan = await planScan(source, roles, {
        decision: { kind: 'threshold', threshold: 0.5 },
        scoreScale: 'probability',
        histogram: { lo: 0, hi: 1, bins: 1000 },
      });
      const fast = merged(await exactRankCells(source, plan, {}));
      expect(fast.length).toBeGreaterThan(1000);
      expectSameCells(fast, merged(await naiveCells(source, plan, {})));
    } finally {
      source.close();
    }
  });
});
