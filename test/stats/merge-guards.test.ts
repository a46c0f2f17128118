import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectStats, mergeStats, type StatsSet } from '../../src/index.js';

const roles = { score: 's', label: 'y', groups: [{ column: 'g' }] };
let a: StatsSet;
let b: StatsSet;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fairprobe-merge-'));
  const rows = (seed: number, scale = 1) =>
    [
      's,y,g',
      ...Array.from(
        { length: 60 },
        (_, i) => `${(((i * 7 + seed) % 100) / 100) * scale},${i % 3 === 0 ? 1 : 0},${i % 2 ? 'a' : 'b'}`,
      ),
    ].join('\n');
  writeFileSync(join(dir, 'a.csv'), rows(1));
  writeFileSync(join(dir, 'b.csv'), rows(2, 0.5));
  a = await collectStats(join(dir, 'a.csv'), { roles });
  b = await collectStats(join(dir, 'b.csv'), { roles });
});

describe('mergeStats guards', () => {
  it('merges two different partitions and names both sources', () => {
    const m = mergeStats(a, b);
    expect(m.rows.read).toBe(120);
    expect(m.provenance.sources.map((s) => s.name)).toEqual([join(dir, 'a.csv'), join(dir, 'b.csv')]);
  });

  it('refuses the same data twice (its rows would count double)', () => {
    expect(() => mergeStats(a, a)).toThrow(expect.objectContaining({ code: 'stats_duplicate' }));
  });

  it('explains why per-partition top-k selections cannot merge', async () => {
    const ta = await collectStats(join(dir, 'a.csv'), { roles, selectTop: '20%' });
    const tb = await collectStats(join(dir, 'b.csv'), { roles, selectTop: '20%' });
    expect(() => mergeStats(ta, tb)).toThrow(
      expect.objectContaining({
        code: 'stats_mismatch',
        hint: expect.stringContaining('--select-top derives a threshold'),
      }),
    );
  });
});
