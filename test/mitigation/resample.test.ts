/** Resampling reaches its target counts, is seeded, and the preferential variant picks border rows. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { resample, resampleTargets } from '../../src/mitigation/index.js';

const cols = {
  id: Array.from({ length: 12 }, (_, i) => `r${i + 1}`),
  g: ['a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'],
  y: [1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0],
  s: [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.9, 0.5, 0.2],
};

/** The target counts of a resampling result's strata. */
function targetsOf(r: Awaited<ReturnType<typeof resample>>) {
  return resampleTargets(
    r.strata.map((x) => ({ key: x.group, label: x.label, rows: x.rows, weight: x.weight })),
  );
}

function countBy(c: Record<string, (string | number | null)[]>) {
  const m = new Map<string, number>();
  for (const [i, g] of c.g!.entries()) m.set(`${g}|${c.y![i]}`, (m.get(`${g}|${c.y![i]}`) ?? 0) + 1);
  return m;
}

describe('resample', () => {
  it('reaches the expected counts n(g)·n(y)/n', async () => {
    // n = 12; a: 8 rows, b: 4; y=1: 7, y=0: 5. a1: 8·7/12 = 4.67 → 5, a0: 8·5/12 = 3.33 → 3,
    // b1: 4·7/12 = 2.33 → 2, b0: 4·5/12 = 1.67 → 2.
    const r = await resample({ columns: cols }, { groups: [{ column: 'g' }], label: 'y', seed: 3 });
    expect(Object.fromEntries(countBy(r.data!.columns))).toEqual({ 'a|1': 5, 'a|0': 3, 'b|1': 2, 'b|0': 2 });
    expect(r.rows).toEqual({ input: 12, output: 12, added: 2, removed: 2 });
  });

  it('is seeded: the same seed gives the same rows, another seed other rows', async () => {
    const run = (seed: number) =>
      resample({ columns: cols }, { groups: [{ column: 'g' }], label: 'y', seed }).then(
        (r) => r.data!.columns.id,
      );
    expect(await run(5)).toEqual(await run(5));
    const seeds = await Promise.all([1, 2, 3, 4, 5, 6].map(run));
    expect(new Set(seeds.map((s) => JSON.stringify(s))).size).toBeGreaterThan(1);
  });

  it('preferential: drops the lowest-scored positives of a group above its count, duplicates border rows below it', async () => {
    const r = await resample(
      { columns: cols },
      { groups: [{ column: 'g' }], label: 'y', seed: 1, mode: 'preferential', rankBy: 's' },
    );
    const ids = r.data!.columns.id!;
    // a|1 has 6 rows, target 5: the positive with the lowest score (r6, 0.4) goes.
    expect(ids).not.toContain('r6');
    // a|0 has 2 rows, target 3: the negative with the highest score (r7, 0.3) is repeated.
    expect(ids.filter((x) => x === 'r7')).toHaveLength(2);
    // b|0 has 3 rows, target 2: the negative with the highest score (r10, 0.9) goes.
    expect(ids).not.toContain('r10');
    // b|1 has 1 row, target 2: r9 twice. Input order, duplicates adjacent.
    expect(ids).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r7', 'r7', 'r8', 'r9', 'r9', 'r11', 'r12']);
  });

  it('reaches exact counts when identical rows straddle a cutoff (row numbers break the tie)', async () => {
    // a|1: 9 identical rows, target n(a)·n(1)/n = 10·10/13 = 7.7 → 8: a cutoff inside the tie.
    const g = [...Array(9).fill('a'), 'a', 'b', 'b', 'b'];
    const y = [...Array(9).fill(1), 0, 1, 0, 0];
    const r = await resample({ columns: { g, y } }, { groups: [{ column: 'g' }], label: 'y', seed: 9 });
    const targets = targetsOf(r);
    const got = countBy(r.data!.columns);
    for (const t of targets) expect(got.get(`${t.key[0]}|${t.label}`) ?? 0).toBe(t.target);
    expect(targets.find((t) => t.key[0] === 'a' && t.label === 1)!.target).toBe(8);
  });

  it('preferential needs a ranking score', async () => {
    await expect(
      resample({ columns: cols }, { groups: [{ column: 'g' }], label: 'y', seed: 1, mode: 'preferential' }),
    ).rejects.toMatchObject({ code: 'no_rank' });
  });

  it('carries input weights and keeps unlabeled rows once', async () => {
    const r = await resample(
      { columns: { ...cols, w: cols.y.map((_, i) => 1 + (i % 3)), y: [...cols.y.slice(0, 11), null] } },
      { groups: [{ column: 'g' }], label: 'y', weight: 'w', seed: 2 },
    );
    expect(r.data!.columns.id!.filter((x) => x === 'r12')).toHaveLength(1);
    expect(r.columns.output).toEqual(['id', 'g', 'y', 's', 'w']);
    for (const [i, id] of r.data!.columns.id!.entries()) {
      expect(r.data!.columns.w![i]).toBe(1 + ((Number(String(id).slice(1)) - 1) % 3));
    }
  });
});

describe('resample properties', () => {
  const rowArb = fc.record({ g: fc.constantFrom('a', 'b', 'c'), y: fc.integer({ min: 0, max: 1 }) });
  test.prop(
    [
      fc.array(rowArb, { minLength: 2, maxLength: 60 }),
      fc.integer(),
      fc.constantFrom('uniform', 'preferential'),
    ],
    {
      numRuns: 30,
    },
  )('every stratum reaches its target count', async (rows, seed, mode) => {
    const input = rows.map((r, i) => ({ ...r, s: (i * 7919) % 101 }));
    const r = await resample(
      { rows: input },
      {
        groups: [{ column: 'g' }],
        label: 'y',
        seed,
        mode: mode as 'uniform' | 'preferential',
        rankBy: 's',
      },
    );
    const targets = targetsOf(r);
    const got = countBy(r.data!.columns);
    for (const t of targets) expect(got.get(`${t.key[0]}|${t.label}`) ?? 0).toBe(t.target);
    expect(r.rows.output).toBe(r.data!.columns.g!.length);
  });
});

/** A score's place in a preferential stratum's order: k = dir × score, missing as +∞, NaN after all. */
function orderKey(score: number | null, dir: number): [number, number] {
  const k = score === null ? Number.POSITIVE_INFINITY : dir * score;
  return Number.isNaN(k) ? [1, 0] : [0, k];
}
const before = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);

describe('resample without a narrow table (inputs above narrowMaxRows are read again)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fairprobe-resample-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // Scores of every kind: both signs, zeros, tiny and huge magnitudes, infinities, NaN, missing.
  const scoreArb = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.constantFrom(0, -0, 5e-324, -5e-324, 1e308, -1e308, 0.5, 1, 2, Number.POSITIVE_INFINITY),
    fc.constantFrom(Number.NEGATIVE_INFINITY, Number.NaN, null),
  );
  const rowArb = fc.record({ g: fc.constantFrom('a', 'b'), y: fc.integer({ min: 0, max: 1 }), s: scoreArb });

  test.prop(
    [
      fc.array(rowArb, { minLength: 2, maxLength: 80 }),
      fc.integer(),
      fc.constantFrom('uniform', 'preferential'),
      fc.boolean(),
    ],
    { numRuns: 40 },
  )(
    'gives the same rows, and preferential keeps an order prefix of each stratum',
    async (rows, seed, mode, withId) => {
      const input = rows.map((r, i) => ({ id: `r${i}`, ...r }));
      const run = (narrowMaxRows: number | undefined) =>
        resample(
          { rows: input },
          {
            groups: [{ column: 'g' }],
            label: 'y',
            seed,
            mode: mode as 'uniform' | 'preferential',
            rankBy: 's',
            id: withId ? 'id' : undefined,
            narrowMaxRows,
          },
        );
      const kept = await run(undefined);
      const reread = await run(0);
      expect(reread.data!.columns.id).toEqual(kept.data!.columns.id);
      if (mode !== 'preferential') return;
      // Preferential: the rows a stratum loses (or repeats once more) are the first or last in the
      // order k = dir × score — whatever the scores' signs and magnitudes, so the score buckets
      // never contradict the order.
      const copies = new Map<string, number>();
      for (const id of kept.data!.columns.id!) copies.set(String(id), (copies.get(String(id)) ?? 0) + 1);
      for (const t of targetsOf(kept)) {
        if (t.label === null || t.target === t.rows) continue;
        const d = (t.label === 1) === t.target > t.rows ? 1 : -1;
        const members = input.filter((r) => r.g === t.key[0] && r.y === t.label);
        const base = t.target <= t.rows ? 0 : Math.floor(t.target / t.rows);
        const more = members.filter((r) => (copies.get(r.id) ?? 0) > base);
        const rest = members.filter((r) => (copies.get(r.id) ?? 0) === base);
        expect(more.length).toBe(t.target <= t.rows ? t.target : t.target % t.rows);
        for (const a of more)
          for (const b of rest) expect(before(orderKey(a.s, d), orderKey(b.s, d))).toBe(true);
      }
    },
  );

  it('writes the same file from a CSV input either way', async () => {
    const lines = ['id,g,y,s'];
    for (let i = 0; i < 500; i++)
      lines.push(`r${i},${'abc'[i % 3]},${(i * 7) % 5 < 2 ? 1 : 0},${((i * 7919) % 1000) / 1000}`);
    const file = join(dir, 'in.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    for (const mode of ['uniform', 'preferential'] as const) {
      const out = (name: string, narrowMaxRows?: number) =>
        resample(file, {
          groups: [{ column: 'g' }],
          label: 'y',
          seed: 4,
          mode,
          rankBy: 's',
          narrowMaxRows,
          out: join(dir, name),
        }).then(() => readFileSync(join(dir, name), 'utf8'));
      const a = await out(`${mode}-kept.csv`);
      const b = await out(`${mode}-reread.csv`, 0);
      expect(b).toBe(a);
      expect(a.split('\n').length).toBeGreaterThan(400);
    }
  });
});
