/**
 * Property tests over random small datasets: the DuckDB scan and the in-memory accumulator agree,
 * stats merge like the union, row order does not matter, identical groups show no disparity, and
 * ratios stay in range.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { parseSettings } from '../../src/audit/options.js';
import { memoryTable, normalizeCells, planScan } from '../../src/data/index.js';
import {
  type AuditResult,
  accumulateRaw,
  audit,
  auditStats,
  buildStats,
  mergeStats,
  openSource,
  type Roles,
  type StatsSet,
} from '../../src/index.js';
import { scanSql } from '../../src/stats/index.js';

type Row = { s: number; y: number; g: string; h: string; w: number };

const roles: Roles = { score: 's', label: 'y', groups: [{ column: 'g' }, { column: 'h' }] };
const weightedRoles: Roles = { ...roles, weight: 'w' };

const rowArb = fc.record({
  // Scores on a coarse grid so ties (within and across labels) are common; includes 0, 0.5 and 1.
  s: fc.integer({ min: 0, max: 20 }).map((k) => k / 20),
  y: fc.integer({ min: 0, max: 1 }),
  g: fc.constantFrom('a', 'b', 'c'),
  h: fc.constantFrom('x', 'y'),
  w: fc.integer({ min: 1, max: 8 }).map((k) => k / 4),
});
const rowsArb = fc.array(rowArb, { minLength: 2, maxLength: 40 });

async function statsOf(rows: readonly Row[], path: 'duckdb' | 'memory', r: Roles = roles): Promise<StatsSet> {
  const input = { rows: rows as unknown as Record<string, unknown>[] };
  const source = await openSource(input);
  try {
    const plan = await planScan(source, r, { decision: { kind: 'threshold', threshold: 0.5 } });
    const raw = path === 'duckdb' ? await scanSql(source, plan) : accumulateRaw(memoryTable(input), plan);
    const normalized = await normalizeCells(source, plan, raw, {});
    return buildStats(normalized, plan, { intersections: 'pairs' });
  } finally {
    source.close();
  }
}

/** Deep equality with a float tolerance; reports the path of the first difference. */
function expectClose(a: unknown, b: unknown, tol = 1e-9, path = '$'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) {
      expect(Number.isNaN(a) && Number.isNaN(b), path).toBe(true);
      return;
    }
    expect(Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b)), `${path}: ${a} vs ${b}`).toBe(
      true,
    );
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length, `${path}.length`).toBe(b.length);
    for (let i = 0; i < a.length; i++) expectClose(a[i], b[i], tol, `${path}[${i}]`);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a as object)
      .filter((k) => (a as Record<string, unknown>)[k] !== undefined)
      .sort();
    const kb = Object.keys(b as object)
      .filter((k) => (b as Record<string, unknown>)[k] !== undefined)
      .sort();
    expect(ka, `${path} keys`).toEqual(kb);
    for (const k of ka)
      expectClose((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tol, `${path}.${k}`);
    return;
  }
  expect(a, path).toEqual(b);
}

const baseOptions = {
  roles,
  replicates: 50,
  seed: 3,
  suppressBelow: 0,
  minGroupSize: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
} as const;

const metricsPart = (r: AuditResult) => ({
  overall: r.overall,
  overallIndices: r.overallIndices,
  attributes: r.attributes,
  decision: r.decision,
  rows: r.rows,
});

describe('DuckDB scan vs in-memory accumulator', () => {
  test.prop([rowsArb], { numRuns: 25 })('give the same StatsSet', async (rows) => {
    expectClose(await statsOf(rows, 'duckdb'), await statsOf(rows, 'memory'));
  });

  test.prop([rowsArb], { numRuns: 15 })('give the same StatsSet with weights', async (rows) => {
    expectClose(await statsOf(rows, 'duckdb', weightedRoles), await statsOf(rows, 'memory', weightedRoles));
  });

  test.prop([rowsArb], { numRuns: 15 })(
    'audit() equals auditStats() on the accumulator stats',
    async (rows) => {
      const r = await audit({ rows }, baseOptions);
      const { roles: _r, createdAt: _c, ...rest } = baseOptions;
      const settings = parseSettings(rest);
      const viaMemory = auditStats(await statsOf(rows, 'memory'), { ...settings, hasLabel: true });
      expectClose(metricsPart({ ...r, ...viaMemory } as AuditResult), metricsPart(r));
    },
  );
});

describe('mergeStats', () => {
  test.prop([rowsArb, fc.nat()], { numRuns: 25 })(
    'merge of a random split equals the stats of the whole',
    async (rows, cut) => {
      const k = 1 + (cut % (rows.length - 1));
      const merged = mergeStats(
        await statsOf(rows.slice(0, k), 'memory'),
        await statsOf(rows.slice(k), 'memory'),
      );
      expectClose(merged, await statsOf(rows, 'memory'));
    },
  );

  test.prop([rowsArb, fc.nat()], { numRuns: 10 })(
    'merge is order independent (a+b = b+a) up to group order',
    async (rows, cut) => {
      const k = 1 + (cut % (rows.length - 1));
      const a = await statsOf(rows.slice(0, k), 'memory');
      const b = await statsOf(rows.slice(k), 'memory');
      expectClose(mergeStats(a, b), mergeStats(b, a));
    },
  );
});

describe('audit invariants', () => {
  test.prop([rowsArb, fc.nat()], { numRuns: 15 })('shuffling rows changes no metric', async (rows, seed) => {
    const shuffled = fc.sample(
      fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }),
      {
        seed,
        numRuns: 1,
      },
    )[0]!;
    const a = await audit({ rows }, baseOptions);
    const b = await audit({ rows: shuffled }, baseOptions);
    expectClose(metricsPart(a), metricsPart(b));
  });

  test.prop([fc.array(rowArb, { minLength: 1, maxLength: 15 })], { numRuns: 15 })(
    'identical groups: every disparity difference is 0 and every ratio 1',
    async (block) => {
      const rows = ['a', 'b', 'c'].flatMap((g) => block.map((r) => ({ ...r, g })));
      const r = await audit({ rows }, { ...baseOptions, roles: { ...roles, groups: [{ column: 'g' }] } });
      const attr = r.attributes[0]!;
      expect(attr.groups).toHaveLength(3);
      for (const g of attr.groups) {
        for (const [id, cmp] of Object.entries(g.rates ?? {})) {
          if (cmp.difference.value !== null) expect(cmp.difference.value, id).toBeCloseTo(0, 12);
          if (cmp.ratio.value !== null) expect(cmp.ratio.value, id).toBeCloseTo(1, 12);
        }
        const d = g.disparities!;
        for (const id of [
          'statistical_parity_difference',
          'equal_opportunity_difference',
          'average_odds_difference',
          'predictive_parity_difference',
          'auc_gap',
          'calibration_gap',
        ]) {
          if (d[id] && d[id]!.value !== null) expect(d[id]!.value, id).toBeCloseTo(0, 12);
        }
        if (d.disparate_impact!.value !== null) expect(d.disparate_impact!.value).toBeCloseTo(1, 12);
      }
      for (const [id, a] of Object.entries(attr.aggregates)) {
        const want = id.endsWith('_ratio') ? 1 : 0;
        if (a.between_groups.value !== null) expect(a.between_groups.value, id).toBeCloseTo(want, 12);
      }
    },
  );

  test.prop([rowsArb], { numRuns: 20 })('demographic parity ratio is in [0, 1]', async (rows) => {
    const r = await audit({ rows }, baseOptions);
    for (const attr of r.attributes) {
      const dpr = attr.aggregates.demographic_parity_ratio!;
      for (const e of [dpr.between_groups, dpr.to_overall]) {
        if (e.value === null) expect(e.reason).toBeTruthy();
        else {
          expect(e.value).toBeGreaterThanOrEqual(0);
          expect(e.value).toBeLessThanOrEqual(1);
        }
      }
      const eor = attr.aggregates.equalized_odds_ratio!.between_groups;
      if (eor.value !== null) {
        expect(eor.value).toBeGreaterThanOrEqual(0);
        expect(eor.value).toBeLessThanOrEqual(1);
      }
    }
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });
});
