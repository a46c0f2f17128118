/** mergeStats on partitions that hold different groups: values and group order as for the whole. */
import { describe, expect, it } from 'vitest';
import { memoryTable, normalizeCells, planScan } from '../../src/data/index.js';
import {
  accumulateRaw,
  buildStats,
  mergeStats,
  openSource,
  type Roles,
  type StatsSet,
} from '../../src/index.js';

const roles: Roles = { score: 's', label: 'y', groups: [{ column: 'g' }, { column: 'h' }] };

async function statsOf(rows: Record<string, unknown>[]): Promise<StatsSet> {
  const input = { rows };
  const source = await openSource(input);
  try {
    const plan = await planScan(source, roles, { decision: { kind: 'threshold', threshold: 0.5 } });
    const raw = accumulateRaw(memoryTable(input), plan);
    return buildStats(await normalizeCells(source, plan, raw, {}), plan, { intersections: 'pairs' });
  } finally {
    source.close();
  }
}

const part1 = [
  { s: 0.9, y: 1, g: 'c', h: 'y' },
  { s: 0.2, y: 0, g: 'c', h: 'y' },
];
const part2 = [
  { s: 0.6, y: 0, g: 'a', h: 'x' },
  { s: 0.1, y: 1, g: 'b', h: 'x' },
];

describe('mergeStats with disjoint group values', () => {
  it('equals the stats of the union, including value and group order', async () => {
    const whole = await statsOf([...part1, ...part2]);
    const merged = mergeStats(await statsOf(part1), await statsOf(part2));
    expect(merged.values).toEqual(whole.values);
    expect(merged.groups.map((g) => g.key)).toEqual(whole.groups.map((g) => g.key));
    expect(JSON.parse(JSON.stringify(merged))).toEqual(JSON.parse(JSON.stringify(whole)));
  });

  it('is commutative', async () => {
    const a = await statsOf(part1);
    const b = await statsOf(part2);
    expect(mergeStats(a, b)).toEqual(mergeStats(b, a));
  });

  it('refuses stats with different decisions', async () => {
    const a = await statsOf(part1);
    const b = { ...(await statsOf(part2)), decision: { kind: 'threshold', threshold: 0.7 } } as StatsSet;
    expect(() => mergeStats(a, b)).toThrow(/decision/);
  });
});
