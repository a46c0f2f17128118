import { describe, expect, it } from 'vitest';
import { audit } from '../../src/index.js';

// gender × band, row counts per cell (positives in brackets):
//          x        y        z
//   f   40 [10]  30 [6]    4 [0]   ← f&z is under 10: suppressed
//   m   50 [20]  45 [9]   25 [5]
// Without complementary suppression, f&z = f − f&x − f&y = 74 − 40 − 30 = 4 rows, 0 positives.
function rows() {
  const out: { g: string; b: string; y: number; s: number }[] = [];
  const cell = (g: string, b: string, n: number, pos: number) => {
    for (let i = 0; i < n; i++) out.push({ g, b, y: i < pos ? 1 : 0, s: ((i * 37) % 100) / 100 });
  };
  cell('f', 'x', 40, 10);
  cell('f', 'y', 30, 6);
  cell('f', 'z', 4, 0);
  cell('m', 'x', 50, 20);
  cell('m', 'y', 45, 9);
  cell('m', 'z', 25, 5);
  return out;
}

describe('small-group suppression', () => {
  it('suppresses a small intersection and, complementarily, enough others that it cannot be subtracted out', async () => {
    const r = await audit(
      { rows: rows() },
      {
        roles: { score: 's', label: 'y', groups: [{ column: 'g' }, { column: 'b' }] },
        replicates: 20,
        minGroupSize: 1,
      },
    );
    const cross = r.attributes.find((a) => a.attributes.length === 2)!;
    const hidden = cross.suppressed.map((s) => `${s.values.join('&')}:${s.reason}`).sort();
    // Row f: f&z alone → the smallest other f cell (f&y, 30) is hidden too. Column z: f&z alone →
    // m&z (25) is hidden. Then row m has m&z alone → m&y (45, smaller than m&x) is hidden; column y
    // now has f&y and m&y hidden: stable.
    expect(hidden).toEqual(['f&y:complementary', 'f&z:suppressed', 'm&y:complementary', 'm&z:complementary']);
    // Counts of hidden groups are not disclosed one by one; their total is.
    expect(cross.suppressed.every((s) => s.rows === null)).toBe(true);
    expect(cross.suppressedRows).toBe(4 + 30 + 25 + 45);
    expect(cross.groups.map((g) => g.values.join('&')).sort()).toEqual(['f&x', 'm&x']);
    // Every line of the table now holds 0 or ≥ 2 hidden cells, so no hidden cell is a difference
    // of shown totals.
    for (const v of ['f', 'm', 'x', 'y', 'z']) {
      const inLine = cross.suppressed.filter((s) => s.values.includes(v)).length;
      expect(inLine === 0 || inLine >= 2).toBe(true);
    }
    // The marginals are large enough to show.
    expect(
      r.attributes.find((a) => a.attributes[0] === 'b' && a.attributes.length === 1)!.suppressed,
    ).toEqual([]);
  });

  it('a lone small group of one attribute takes the next smallest with it (overall minus the rest)', async () => {
    const data = rows().map((x) => ({ ...x, g: x.g === 'f' && x.b === 'z' ? 'nb' : x.g }));
    const r = await audit(
      { rows: data },
      { roles: { score: 's', label: 'y', groups: [{ column: 'g' }] }, replicates: 20, minGroupSize: 1 },
    );
    const g = r.attributes[0]!;
    expect(g.suppressed.map((s) => `${s.values[0]}:${s.reason}`).sort()).toEqual([
      'f:complementary',
      'nb:suppressed',
    ]);
    expect(g.groups.map((x) => x.values[0])).toEqual(['m']);
    expect(r.warnings.map((w) => w.message).join(' ')).toContain('cannot be worked out by subtraction');
  });
});
