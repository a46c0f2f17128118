/** Flip: swap is an involution; all repeats each row once per value with a marker. */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { flip } from '../../src/mitigation/index.js';

describe('flip', () => {
  test.prop(
    [
      fc.array(fc.record({ g: fc.constantFrom('f', 'm', null), s: fc.integer({ min: 0, max: 9 }) }), {
        minLength: 2,
        maxLength: 30,
      }),
    ],
    {
      numRuns: 30,
    },
  )('swap is an involution for a two-valued attribute', async (rows) => {
    const present = new Set(rows.map((r) => r.g).filter((g) => g !== null));
    if (present.size !== 2) return;
    const once = await flip({ rows }, { groups: [{ column: 'g' }], seed: 1 });
    const twice = await flip({ columns: once.data!.columns }, { groups: [{ column: 'g' }], seed: 1 });
    expect(twice.data!.columns.g).toEqual(rows.map((r) => r.g));
    expect(twice.data!.columns.s).toEqual(rows.map((r) => r.s));
    // Once: every present value changed.
    once.data!.columns.g!.forEach((v, i) => {
      if (rows[i]!.g === null) expect(v).toBeNull();
      else expect(v).not.toBe(rows[i]!.g);
    });
  });

  it('all: each row once per value, the original marked 0', async () => {
    const r = await flip(
      { columns: { id: [1, 2, 3], g: ['a', 'b', null] } },
      { groups: [{ column: 'g' }], mode: 'all', seed: 1 },
    );
    expect(r.data!.columns).toEqual({
      id: [1, 1, 2, 2, 3],
      g: ['a', 'b', 'a', 'b', null],
      counterfactual: [0, 1, 1, 0, 0],
    });
    expect(r.rows).toMatchObject({ input: 3, output: 5, added: 2 });
  });

  it('swap with three values needs the two to exchange', async () => {
    const input = { columns: { g: ['a', 'b', 'c'], y: [1, 0, 1] } };
    await expect(flip(input, { groups: [{ column: 'g' }], seed: 1 })).rejects.toMatchObject({
      code: 'swap_needs_two_values',
    });
    const r = await flip(input, { groups: [{ column: 'g' }], seed: 1, values: ['a', 'c'] });
    expect(r.data!.columns.g).toEqual(['c', 'b', 'a']);
  });

  it('keeps a numeric attribute numeric', async () => {
    const r = await flip({ columns: { sex: [0, 1, 1] } }, { groups: [{ column: 'sex' }], seed: 1 });
    expect(r.data!.columns.sex).toEqual([1, 0, 0]);
  });
});
