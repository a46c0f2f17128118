/**
 * SMOTE-NC: synthetic numeric features lie on segments between a row and one of its k nearest
 * same-stratum neighbours; no synthetic row copies a real one; the written file keeps every real
 * row and marks the synthetic ones.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/metrics/math/index.js';
import { planAdditions, smoteNc, synthesize } from '../../src/mitigation/index.js';
import { tempDir } from '../helpers/data.js';
import { readBack } from './helpers.js';

const tmp = tempDir('fairprobe-synth-');
afterAll(tmp.cleanup);

/** Brute-force SMOTE-NC distances from row `a` to every other distinct row of the stratum. */
function bruteNeighbours(
  num: Float64Array[],
  cat: Int32Array[],
  rows: number[],
  a: number,
  k: number,
  scale: number[],
) {
  const key = (r: number) => JSON.stringify([...num.map((c) => c[r]), ...cat.map((c) => c[r])]);
  const seen = new Map<string, number>();
  for (const r of rows) if (!seen.has(key(r))) seen.set(key(r), r);
  const dist = (r: number) =>
    num.reduce((s, c, j) => s + ((c[r]! - c[a]!) / scale[j]!) ** 2, 0) +
    cat.reduce((s, c) => s + (c[r] === c[a] ? 0 : 1), 0);
  const d = [...seen.values()]
    .filter((r) => key(r) !== key(a))
    .map((r) => dist(r))
    .sort((x, y) => x - y);
  return d[Math.min(k, d.length) - 1] ?? Number.POSITIVE_INFINITY;
}

describe('smoteNc', () => {
  test.prop(
    [
      fc.array(
        fc.tuple(
          fc.double({ min: -5, max: 5, noNaN: true }),
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 0, max: 2 }),
        ),
        {
          minLength: 3,
          maxLength: 50,
        },
      ),
      fc.integer(),
    ],
    { numRuns: 40 },
  )('numeric values lie on the segment to a k-nearest same-stratum neighbour', (data, seed) => {
    const x = Float64Array.from(data, (d) => d[0]);
    const z = Float64Array.from(data, (d) => d[1] * 1.5);
    const c = Int32Array.from(data, (d) => d[2]);
    // The stratum: every other row (the rest belongs to another stratum and must never be used).
    const rows = data.map((_, i) => i).filter((i) => i % 2 === 0);
    const k = 3;
    const out = smoteNc({ numeric: [x, z], categorical: [c] }, Int32Array.from(rows), 25, {
      rng: createRng(seed),
      k,
    });
    expect(out.generated + out.refused).toBe(25);
    const sd = (col: Float64Array) => {
      const v = rows.map((r) => col[r]!);
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      const s = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(v.length - 1, 1));
      return s > 0 ? s : 1;
    };
    const scale = [sd(x), sd(z)];
    for (let j = 0; j < out.generated; j++) {
      const a = out.seedRow[j]!;
      const b = out.neighbourRow[j]!;
      const t = out.gap[j]!;
      expect(rows).toContain(a);
      expect(rows).toContain(b);
      expect(t).toBeGreaterThan(0);
      expect(t).toBeLessThan(1);
      expect(out.numeric[0]![j]).toBeCloseTo(x[a]! + t * (x[b]! - x[a]!), 9);
      expect(out.numeric[1]![j]).toBeCloseTo(z[a]! + t * (z[b]! - z[a]!), 9);
      // The neighbour is within the k nearest distinct rows of the seed.
      const d =
        [x, z].reduce((s, col, f) => s + ((col[b]! - col[a]!) / scale[f]!) ** 2, 0) + (c[a] === c[b] ? 0 : 1);
      expect(d).toBeLessThanOrEqual(bruteNeighbours([x, z], [c], rows, a, k, scale) + 1e-9);
      expect(out.distanceToReal[j]).toBeGreaterThan(0);
    }
  });

  it('takes categorical values from the neighbours’ majority', () => {
    // Seed 0 at x=0 (colour 0); its 3 neighbours at 1, 2, 3 are colour 1, 1, 0: synthetic rows are colour 1.
    const x = Float64Array.of(0, 1, 2, 3);
    const c = Int32Array.of(0, 1, 1, 0);
    const out = smoteNc({ numeric: [x], categorical: [c] }, Int32Array.of(0, 1, 2, 3), 200, {
      rng: createRng(1),
      k: 3,
      weights: Float64Array.of(1, 0, 0, 0),
    });
    expect(out.generated).toBe(200);
    expect(new Set(out.seedRow)).toEqual(new Set([0]));
    expect(new Set(out.categorical[0])).toEqual(new Set([1]));
  });

  it('refuses rows when the stratum has a single distinct row (any row would be a copy)', () => {
    const out = smoteNc({ numeric: [Float64Array.of(2, 2, 2)], categorical: [] }, Int32Array.of(0, 1, 2), 5, {
      rng: createRng(1),
    });
    expect(out.generated).toBe(0);
    expect(out.refused).toBe(5);
  });
});

describe('planAdditions', () => {
  const strata = [
    { id: 'a0', key: ['a'], label: 0 as const, rows: 80, weight: 80 },
    { id: 'a1', key: ['a'], label: 1 as const, rows: 20, weight: 20 },
    { id: 'b0', key: ['b'], label: 0 as const, rows: 45, weight: 45 },
    { id: 'b1', key: ['b'], label: 1 as const, rows: 5, weight: 5 },
  ];
  it('equal base rates: adds the missing positives (overall rate 25/150)', () => {
    // b: (5 + a) / (50 + a) = 1/6 → a = 4; a: 20/100 > 1/6 → add negatives: 20/(100 + a) = 1/6 → a = 20.
    expect(Object.fromEntries(planAdditions(strata, 'equal-base-rates'))).toEqual({
      a0: 20,
      a1: 0,
      b0: 0,
      b1: 4,
    });
  });
  it('equal group shares: grows b to 100 rows with its own label mix', () => {
    expect(Object.fromEntries(planAdditions(strata, 'equal-group-shares'))).toEqual({
      a0: 0,
      a1: 0,
      b0: 45,
      b1: 5,
    });
  });
  it('shares a fixed number of rows by deficit', () => {
    const m = planAdditions(strata, 'equal-group-shares', 10);
    expect([...m.values()].reduce((a, b) => a + b, 0)).toBe(10);
    expect(m.get('b0')).toBe(9);
  });
});

describe('synthesize (file)', () => {
  it('keeps every real row, marks synthetic rows, gives them fresh ids and empty non-feature columns', async () => {
    const out = join(tmp.dir, 'syn.csv');
    const r = await synthesize('datasets/prospects.csv', {
      groups: [{ column: 'gender' }],
      label: 'converted',
      id: 'lead_id',
      seed: 11,
      features: ['email_opens', 'web_visits', 'industry'],
      target: 'equal-group-shares',
      rows: 500,
      out,
    });
    expect(r.rows).toMatchObject({ input: 20_000, added: 500, output: 20_500 });
    expect(r.details.privacy.exactCopiesEmitted).toBe(0);
    expect(r.details.privacy.distanceToClosestReal.min).toBeGreaterThan(0);
    const rows = await readBack(out);
    expect(rows).toHaveLength(20_500);
    expect(Object.keys(rows[0]!)).toEqual([
      ...readFileSync('datasets/prospects.csv', 'utf8').split('\n')[0]!.split(','),
      'synthetic',
    ]);
    const real = rows.filter((x) => x.synthetic === '0');
    const synth = rows.filter((x) => x.synthetic === '1');
    expect(real).toHaveLength(20_000);
    // Real rows unchanged (the first lines of the input, value for value).
    const input = readFileSync('datasets/prospects.csv', 'utf8').split('\n').slice(1, 4);
    for (const [i, line] of input.entries()) {
      const cells = line.split(',');
      expect(real[i]!.lead_id).toBe(cells[0]);
      expect(Number(real[i]!.score)).toBe(Number(cells[2]));
      expect(real[i]!.email_opens).toBe(cells[9]);
    }
    const ids = new Set(synth.map((x) => x.lead_id));
    expect(ids.size).toBe(500);
    for (const s of synth) {
      expect(String(s.lead_id)).toMatch(/^synthetic-[0-9a-f]{16}$/);
      expect(s.score).toBeNull();
      expect(s.region).toBeNull();
      expect(s.signup_date).toBeNull();
      expect(['female', 'male', 'non-binary']).toContain(s.gender);
      expect(['0', '1']).toContain(s.converted);
    }
    // Most synthetic rows go to the small non-binary group.
    expect(synth.filter((s) => s.gender === 'non-binary').length).toBeGreaterThan(400);
  });

  it('is deterministic for a seed and pseudonymises ids with the key', async () => {
    const run = (seed: number) =>
      synthesize('datasets/prospects.csv', {
        groups: [{ column: 'gender' }],
        label: 'converted',
        id: 'lead_id',
        pseudonymize: 'secret',
        seed,
        features: ['email_opens', 'industry'],
        rows: 50,
      });
    const [a, b] = [await run(4), await run(4)];
    expect(a.data!.columns).toEqual(b.data!.columns);
    const ids = a.data!.columns.lead_id!;
    expect(ids.every((x) => /^[0-9a-f]{64}$/.test(String(x)))).toBe(true);
    expect(ids).not.toContain('L000001');
  });

  it('refuses a marker column that exists', async () => {
    await expect(
      synthesize(
        { columns: { g: ['a', 'b'], y: [1, 0], synthetic: [0, 0] } },
        { groups: [{ column: 'g' }], label: 'y', seed: 1 },
      ),
    ).rejects.toMatchObject({ code: 'marker_column_exists' });
  });
});
