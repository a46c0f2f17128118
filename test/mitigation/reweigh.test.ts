/**
 * Reweighing: hand-checked factors on a small table, and the defining property — after
 * reweighing, every group's weighted label rate equals the overall rate — on random tables.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { reweigh, reweighFactors } from '../../src/mitigation/index.js';

// 10 rows: group a has 4 positives of 6, group b 1 of 4 (overall 5 of 10).
const small = {
  g: ['a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'],
  y: [1, 1, 1, 1, 0, 0, 1, 0, 0, 0],
  id: ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10'],
};

describe('reweigh', () => {
  it('matches the hand-computed factors P(g)·P(y) / P(g, y)', async () => {
    const r = await reweigh({ columns: small }, { groups: [{ column: 'g' }], label: 'y', seed: 1 });
    // a,1: (6/10 · 5/10) / (4/10) = 0.75   a,0: (0.6 · 0.5) / 0.2 = 1.5
    // b,1: (0.4 · 0.5) / 0.1 = 2           b,0: (0.4 · 0.5) / 0.3 = 2/3
    const w = r.data!.columns.weight!;
    expect(w.slice(0, 4)).toEqual([0.75, 0.75, 0.75, 0.75]);
    expect(w.slice(4, 6)).toEqual([1.5, 1.5]);
    expect(w[6]).toBe(2);
    for (const x of w.slice(7)) expect(x).toBeCloseTo(2 / 3, 12);
    expect(r.columns.added).toEqual(['weight']);
    expect(r.data!.columns.id).toEqual(small.id); // every row, in input order
    expect(r.details.labelRateAfter).toBe(0.5);
  });

  it('multiplies input weights in and replaces the weight column (no column added)', async () => {
    const w0 = [2, 1, 1, 1, 1, 1, 1, 1, 1, 3];
    const r = await reweigh(
      { columns: { ...small, w: w0 } },
      { groups: [{ column: 'g' }], label: 'y', weight: 'w', seed: 1 },
    );
    expect(r.columns.added).toEqual([]);
    expect(r.columns.output).toEqual(['g', 'y', 'id', 'w']);
    const factors = reweighFactors(
      r.strata.map((s, i) => ({ key: s.group, label: s.label, rows: s.rows, weight: s.weight, i })),
    );
    const out = r.data!.columns.w! as number[];
    // Row 1 is (a, 1), weight 2: the factor of (a, 1) from the weighted totals, times 2.
    const a1 = factors.find((f) => f.key[0] === 'a' && f.label === 1)!.factor!;
    expect(out[0]).toBeCloseTo(2 * a1, 12);
  });

  it('applies --na to the role columns only: "unknown" elsewhere is written back unchanged', async () => {
    const r = await reweigh(
      { columns: { g: ['a', 'a', 'unknown', 'b'], y: [1, 0, 1, 0], job: ['unknown', 'x', 'unknown', 'y'] } },
      { groups: [{ column: 'g' }], label: 'y', seed: 1, read: { naValues: ['unknown'] } },
    );
    expect(r.data!.columns.job).toEqual(['unknown', 'x', 'unknown', 'y']);
    expect(r.data!.columns.g).toEqual(['a', 'a', 'unknown', 'b']);
    // …while the group "unknown" counts as missing: three strata plus the (missing) group.
    expect(r.strata.some((s) => s.group[0] === '(missing)')).toBe(true);
  });

  it('refuses to overwrite a column that is not the input weight', async () => {
    await expect(
      reweigh({ columns: { ...small, weight: small.y } }, { groups: [{ column: 'g' }], label: 'y', seed: 1 }),
    ).rejects.toMatchObject({ code: 'weight_column_exists' });
  });

  it('keeps unlabeled rows with their weight and says so', async () => {
    const r = await reweigh(
      { columns: { g: ['a', 'a', 'b', 'b', 'b'], y: [1, null, 0, 1, 0] } },
      { groups: [{ column: 'g' }], label: 'y', seed: 1 },
    );
    expect(r.data!.columns.weight![1]).toBe(1);
    expect(r.details.unlabeled).toBe(1);
    expect(r.notes.join(' ')).toMatch(/no label/);
  });

  it('needs a label', async () => {
    await expect(reweigh({ columns: small }, { groups: [{ column: 'g' }], seed: 1 })).rejects.toMatchObject({
      code: 'no_label',
    });
  });
});

const rowArb = fc.record({
  g: fc.constantFrom('a', 'b', 'c'),
  h: fc.constantFrom('x', 'y'),
  y: fc.integer({ min: 0, max: 1 }),
  w: fc.integer({ min: 1, max: 8 }).map((k) => k / 4),
});

describe('reweigh properties', () => {
  test.prop([fc.array(rowArb, { minLength: 4, maxLength: 40 }), fc.boolean()], { numRuns: 40 })(
    'the weighted label rate is equal across groups (and intersections) after reweighing',
    async (rows, weighted) => {
      const r = await reweigh(
        { rows },
        {
          groups: [{ column: 'g' }, { column: 'h' }],
          label: 'y',
          weight: weighted ? 'w' : undefined,
          seed: 1,
          weightColumn: 'rw',
        },
      );
      const c = r.data!.columns;
      const w0 = (row: (typeof rows)[number]) => (weighted ? row.w : 1);
      // P(y = 1) under the input weights: what every group's rate moves to.
      const overall =
        rows.reduce((a, row) => a + w0(row) * row.y, 0) / rows.reduce((a, row) => a + w0(row), 0);
      const byGroup = new Map<string, { w: number; p: number; labels: Set<number> }>();
      rows.forEach((row, i) => {
        const w = c.rw![i] as number;
        const k = `${row.g}|${row.h}`;
        const e = byGroup.get(k) ?? { w: 0, p: 0, labels: new Set<number>() };
        e.w += w;
        e.p += row.y * w;
        e.labels.add(row.y);
        byGroup.set(k, e);
      });
      for (const e of byGroup.values()) {
        // A group with only one label cannot reach the overall rate; every other group does.
        if (e.labels.size === 2) expect(e.p / e.w).toBeCloseTo(overall, 9);
      }
      // With every (group, label) stratum present, the weighted total is preserved.
      const all = [...byGroup.values()].every((e) => e.labels.size === 2);
      if (all) {
        const after = (c.rw as number[]).reduce((a, x) => a + x, 0);
        expect(after).toBeCloseTo(
          rows.reduce((a, row) => a + w0(row), 0),
          9,
        );
      }
    },
  );
});
