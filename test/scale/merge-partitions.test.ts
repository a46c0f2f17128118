/**
 * Partitioned jobs: the statistics of any split of the data into partitions (each read back from an
 * aggregation query's cells), merged, equal the statistics of the whole — in any order.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { memoryTable, openSource, planScan, type RawCell, type ScanPlan } from '../../src/data/index.js';
import { aggregationSpec, statsFromRawCells } from '../../src/sql/index.js';
import { accumulateRaw, mergeStats, type StatsSet } from '../../src/stats/index.js';
import { expectClose } from '../helpers/data.js';

const spec = aggregationSpec({
  roles: {
    score: 's',
    label: 'y',
    weight: 'w',
    groups: [{ column: 'g' }, { column: 'h' }, { column: 'age', edges: [30, 50] }],
  },
  threshold: 0.4,
});

const row = fc.record({
  s: fc.integer({ min: 0, max: 10_000 }).map((x) => x / 10_000),
  y: fc.constantFrom(0, 1, null),
  w: fc.constantFrom(0.5, 1, 2.25),
  g: fc.constantFrom('a', 'b', 'c', null),
  h: fc.constantFrom('x', 'y'),
  age: fc.integer({ min: 18, max: 80 }),
});

async function planFor(rows: readonly Record<string, unknown>[]): Promise<ScanPlan> {
  const source = await openSource({ rows });
  try {
    return await planScan(source, spec.roles, { decision: spec.decision, histogram: spec.histogram });
  } finally {
    source.close();
  }
}

function statsOf(raw: RawCell[], name: string): Promise<StatsSet> {
  const info = { name, kind: 'memory' as const, format: 'rows' as const, gzip: false, sha256: name };
  return statsFromRawCells(raw, spec, info, { intersections: 'all' });
}

/** Stats without their source list (which names the partitions by design). */
function comparable(s: StatsSet): unknown {
  return JSON.parse(JSON.stringify({ ...s, provenance: { ...s.provenance, sources: [] } }));
}

describe('merging partition statistics', () => {
  test.prop(
    [
      fc.array(row, { minLength: 4, maxLength: 120 }).filter((rows) => rows.some((r) => r.y !== null)),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 120, maxLength: 120 }),
      fc.boolean(),
    ],
    { numRuns: 40 },
  )('merge of a random partitioning equals the whole, in any order', async (rows, assign, reverse) => {
    const plan = await planFor(rows);
    const parts = [0, 1, 2, 3]
      .map((p) => rows.filter((_, i) => assign[i] === p))
      .filter((part) => part.length > 0);
    const partStats = await Promise.all(
      parts.map((part, i) => statsOf(accumulateRaw(memoryTable({ rows: part }), plan), `part ${i}`)),
    );
    const ordered = reverse ? [...partStats].reverse() : partStats;
    const merged = ordered.slice(1).reduce((a, b) => mergeStats(a, b), ordered[0]!);
    const whole = await statsOf(accumulateRaw(memoryTable({ rows }), plan), 'whole');
    expectClose(comparable(merged), comparable(whole));
    expect(merged.provenance.sources).toHaveLength(parts.length);
  });
});
