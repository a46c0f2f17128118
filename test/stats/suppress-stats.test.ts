/**
 * Stats kept by default hold every group, however small (partitions must merge exactly), so a group
 * of one row holds that row's score bin and label. `collectStats(..., { suppressBelow })` leaves the
 * small groups out, and as many others as stop them being worked out by subtraction, and records
 * them, so that a merge and an audit know they are missing rather than empty.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditFromStats,
  collectStats,
  type GroupStats,
  mergeStats,
  parseStats,
  type StatsSet,
  serializeStats,
} from '../../src/index.js';

// gender: a 40 rows, b 24, c 4 (small); region: x, y; c only in x.
const rows = [
  ...Array.from({ length: 40 }, (_, i) => ({
    s: (i % 10) / 10,
    y: i % 3 === 0 ? 1 : 0,
    g: 'a',
    r: i % 2 ? 'x' : 'y',
  })),
  ...Array.from({ length: 24 }, (_, i) => ({
    s: (i % 7) / 7,
    y: i % 4 === 0 ? 1 : 0,
    g: 'b',
    r: i % 3 ? 'x' : 'y',
  })),
  ...Array.from({ length: 4 }, (_, i) => ({ s: 0.9 - i / 10, y: 1, g: 'c', r: 'x' })),
];
const roles = { score: 's', label: 'y', groups: [{ column: 'g' }, { column: 'r' }] };
const rowsOf = (g: GroupStats) => Object.values(g.cells).reduce((a, m) => a + m.n, 0);
const ids = (keys: readonly { values: readonly string[] }[]) => keys.map((k) => k.values.join('&'));

let whole: StatsSet;
let kept: StatsSet;
beforeAll(async () => {
  whole = await collectStats({ rows }, { roles });
  kept = await collectStats({ rows }, { roles, suppressBelow: 10 });
});

describe('collectStats with suppressBelow', () => {
  it('by default keeps every group, even one of 4 rows, and records nothing', () => {
    expect(whole.suppressed).toBeUndefined();
    expect(whole.groups.map(rowsOf)).toContain(4);
  });

  it('leaves out groups under the size, and the smallest other group of a line that would give one away', () => {
    expect(kept.groups.slice(1).every((g) => rowsOf(g) >= 10)).toBe(true);
    const gender = kept.suppressed!.groups.filter((k) => k.attributes.join() === 'g');
    // c (4 rows) is suppressed; alone, it would be the total minus a and b, so b goes too.
    expect(gender.map((k) => [k.values[0], k.reason])).toEqual([
      ['b', 'complementary'],
      ['c', 'suppressed'],
    ]);
    expect(kept.suppressed!.below).toBe(10);
    // No line of any set (all groups of one attribute; an intersection's row or column) is left with
    // exactly one group out while others are shown: none can be worked out by subtraction.
    for (const set of kept.groupSets) {
      const left = kept.suppressed!.groups.filter((k) => k.attributes.join() === set.join());
      const shown = kept.groups.filter((g) => g.key.attributes.join() === set.join()).map((g) => g.key);
      for (let free = 0; free < set.length; free++) {
        const line = (v: readonly string[]) => JSON.stringify(v.filter((_, i) => i !== free));
        for (const l of new Set([...left, ...shown].map((k) => line(k.values)))) {
          const out = left.filter((k) => line(k.values) === l).length;
          const visible = shown.filter((k) => line(k.values) === l).length;
          expect(out === 1 && visible > 0, `${set.join('×')} line ${l}`).toBe(false);
        }
      }
    }
  });

  it('keeps the overall group exact', () => {
    expect(kept.groups[0]).toEqual(whole.groups[0]);
    expect(kept.rows).toEqual(whole.rows);
  });

  it('refuses a size that is not a whole number', async () => {
    await expect(collectStats({ rows }, { roles, suppressBelow: 2.5 })).rejects.toMatchObject({
      code: 'bad_option',
      message: expect.stringContaining('--suppress-below'),
    });
  });
});

describe('a stats file with groups left out', () => {
  it('keeps the record through serialize and parse', () => {
    expect(parseStats(serializeStats(kept)).suppressed).toEqual(kept.suppressed);
  });

  it('is refused once the record is removed: its groups no longer add up', () => {
    const file = JSON.parse(serializeStats(kept));
    delete file.suppressed;
    expect(() => parseStats(JSON.stringify(file), 'kept.stats.json')).toThrow(
      /groupSets\[0\] \(g\) has groups of 40 rows in all, but the overall group holds 68/,
    );
  });

  it('audits with the groups left out listed as suppressed, not as empty, and their rows counted', () => {
    const r = auditFromStats([kept], { replicates: 0 });
    const gender = r.attributes.find((a) => a.attributes.join() === 'g')!;
    expect(gender.groups.map((g) => g.values[0])).toEqual(['a']);
    expect(gender.suppressed.map((s) => [s.values[0], s.reason])).toEqual([
      ['b', 'complementary'],
      ['c', 'suppressed'],
    ]);
    expect(gender.suppressedRows).toBe(28);
    const pair = r.attributes.find((a) => a.attributes.join() === 'g,r')!;
    expect(pair.suppressed.filter((s) => s.reason === 'empty').map((s) => s.values.join('&'))).toEqual([
      'c&y',
    ]);
    expect(r.warnings.map((w) => w.code)).toContain('groups_left_out_of_stats');
  });

  it('merged with a part that kept those groups: listed as left out, and the audit says whose figures are partial', async () => {
    const more = await collectStats(
      { rows: Array.from({ length: 30 }, (_, i) => ({ s: i / 30, y: i % 2, g: 'c', r: 'x' })) },
      { roles },
    );
    const merged = mergeStats(kept, more);
    expect(ids(merged.suppressed!.groups)).toEqual(ids(kept.suppressed!.groups));
    // c is back, with the second part's 30 rows only (the first part's 4 were left out).
    expect(rowsOf(merged.groups.find((g) => ids([g.key])[0] === 'c')!)).toBe(30);
    expect(() => parseStats(serializeStats(merged))).not.toThrow();
    const r = auditFromStats([merged], { replicates: 0 });
    const partial = r.warnings.filter((w) => w.code === 'incomplete_groups').map((w) => w.message);
    expect(partial).toEqual([
      expect.stringMatching(
        /^g=c: this group was left out of some of the merged stats \(fewer than 10 rows there/,
      ),
      expect.stringMatching(/^g=c & r=x: this group was left out/),
    ]);
  });
});
