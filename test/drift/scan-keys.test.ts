import { describe, expect, it } from 'vitest';
import { openSource, planScan } from '../../src/data/index.js';
import { driftScan } from '../../src/drift/scan.js';

// With features, the stats set and the feature sets are keyed on a hash of the attribute values
// (one hash per row instead of hashing every attribute's value in every set); a small set maps each
// hash back to the values. Keyed either way, the scan must give the same cells.
describe('driftScan feature keys', () => {
  it('hash-keyed feature sets give the same cells as value-keyed ones (with missing values and bins)', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({
      score: ((i * 37) % 100) / 100,
      y: i % 3 === 0 ? 1 : 0,
      g: i % 11 === 0 ? null : ['a', 'b', ' b', 'c'][i % 4],
      age: 18 + (i % 60),
      opens: i % 7 === 0 ? null : (i * 13) % 40,
      industry: ['retail', 'software', null][i % 3],
      day: `2025-0${1 + (i % 3)}-1${i % 9}`,
      pred: i % 13 === 0 ? null : i % 2,
    }));
    const source = await openSource({ rows }, {});
    try {
      const plan = await planScan(
        source,
        {
          score: 'score',
          label: 'y',
          features: ['opens', 'industry'],
          time: 'day',
          groups: [{ column: 'g' }, { column: 'age', edges: [30, 50] }],
        },
        {
          decision: { kind: 'threshold', threshold: 0.5 },
          scoreScale: 'probability',
          histogram: { lo: 0, hi: 1, bins: 20 },
        },
      );
      const features = [
        { column: 'opens', kind: 'numeric' as const },
        { column: 'industry', kind: 'categorical' as const },
      ];
      const time = { column: 'day', by: 'month' as const };
      // Sums are compensated floating-point sums: equal up to the order rows were added in.
      const round = (_: string, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v);
      const sort = (xs: readonly unknown[]) => xs.map((x) => JSON.stringify(x, round)).sort();
      const hashed = await driftScan(source, plan, features, time);
      const values = await driftScan(source, plan, features, time, { keyOnValues: true });
      expect(hashed.features.length).toBeGreaterThan(0);
      expect(hashed.features.some((f) => f.attribute >= 0 && f.g === null)).toBe(true);
      expect(hashed.cells.some((c) => c.attribute >= 0 && c.raw.g[0] === null)).toBe(true);
      expect(sort(hashed.features)).toEqual(sort(values.features));
      expect(sort(hashed.cells)).toEqual(sort(values.cells));
      // One feature, no windows: the same again.
      const one = await driftScan(source, plan, features.slice(1));
      const oneValues = await driftScan(source, plan, features.slice(1), undefined, { keyOnValues: true });
      expect(sort(one.cells)).toEqual(sort(oneValues.cells));
      expect(sort(one.features)).toEqual(sort(oneValues.features));
      // Decisions from a column: rows without one are told apart in the feature sets.
      const byColumn = await planScan(
        source,
        {
          score: 'score',
          label: 'y',
          prediction: 'pred',
          features: ['opens', 'industry'],
          groups: plan.roles.groups,
        },
        {
          decision: { kind: 'prediction', column: 'pred' },
          scoreScale: 'probability',
          histogram: { lo: 0, hi: 1, bins: 20 },
        },
      );
      const predicted = await driftScan(source, byColumn, features);
      expect(predicted.features.some((f) => f.noDecision)).toBe(true);
      expect(predicted.features.some((f) => !f.noDecision)).toBe(true);
      expect(sort(predicted.features)).toEqual(
        sort((await driftScan(source, byColumn, features, undefined, { keyOnValues: true })).features),
      );
    } finally {
      source.close();
    }
  });
});
