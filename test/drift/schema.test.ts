import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DriftResult, drift, driftJsonSchema, driftWindows } from '../../src/index.js';

const published = JSON.parse(readFileSync('schema/drift.schema.json', 'utf8')) as Record<string, unknown>;

describe('schema/drift.schema.json', () => {
  let results: DriftResult[];
  beforeAll(async () => {
    const rows = (shift: number, n = 300) =>
      Array.from({ length: n }, (_, i) => ({
        s: Math.min(1, ((i * 37) % 100) / 100 + shift),
        y: i % 3 === 0 ? 1 : 0,
        g: ['a', 'b', 'c'][i % 3]!,
        x: i % 11,
        c: i % 4 === 0 ? 'p' : 'q',
        t: `2025-0${1 + (i % 3)}-1${i % 9}`,
      }));
    results = [
      await drift({
        baseline: { rows: rows(0) },
        current: { rows: [...rows(0.2), { s: 0.5, y: 1, g: 'new', x: 1, c: 'r', t: '2025-01-01' }] },
        roles: { score: 's', label: 'y', groups: [{ column: 'g' }] },
        features: ['x', 'c'],
        replicates: 20,
      }),
      // Label-free, no features.
      await drift({
        baseline: { rows: rows(0) },
        current: { rows: rows(0) },
        roles: { score: 's', groups: [{ column: 'g' }] },
        replicates: 20,
      }),
      await driftWindows({
        data: { rows: rows(0.1, 600) },
        time: 't',
        by: 'month',
        baselineWindow: 'previous',
        roles: { score: 's', label: 'y', groups: [{ column: 'g' }] },
        features: ['x'],
        replicates: 20,
      }),
    ];
  });

  it('is what driftJsonSchema() generates from the zod source (up to date)', () => {
    // To regenerate: write `driftJsonSchema()` to schema/drift.schema.json (npm run schema once wired).
    expect(published).toEqual(JSON.parse(JSON.stringify(driftJsonSchema())));
  });

  it('validates every kind of result', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(published);
    for (const r of results) {
      validate(JSON.parse(JSON.stringify(r)));
      expect(validate.errors ?? []).toEqual([]);
    }
    expect(results[0]!.comparisons[0]!.groupChanges).toEqual([
      { attributes: ['g'], values: ['new'], change: 'new', rows: 1, status: 'ok' },
    ]);
  });

  it('rejects unknown fields and non-numbers', () => {
    const validate = new Ajv2020({ strict: false }).compile(published);
    const r = JSON.parse(JSON.stringify(results[0])) as Record<string, unknown>;
    expect(validate({ ...r, surprise: 1 })).toBe(false);
    (r.comparisons as { distribution: { psi: unknown }[] }[])[0]!.distribution[0]!.psi = 'NaN';
    expect(validate(r)).toBe(false);
  });
});
