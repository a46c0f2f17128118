import { describe, expect, it } from 'vitest';
import {
  collectDriftStats,
  drift,
  driftDetailed,
  driftFromStats,
  mergeStats,
  parseStats,
  type StatsSet,
  serializeStats,
} from '../../src/index.js';
import { expectClose } from '../helpers/data.js';
import { duckdbColumns } from './helpers.js';

const roles = { score: 'score', label: 'converted', groups: [{ column: 'region' }, { column: 'gender' }] };
const features = ['email_opens', 'web_visits', 'industry'];

describe('stats files with feature distributions', () => {
  it('round-trip through serialize/parse and hold aggregates only', async () => {
    const stats = await collectDriftStats('datasets/prospects.csv', { roles, features });
    const text = serializeStats(stats);
    expect(text).not.toContain('L000001');
    const back = parseStats(text);
    expectClose(back, JSON.parse(JSON.stringify(stats)));
    const overall = back.groups[0]!.features!;
    expect(overall.email_opens!.kind).toBe('numeric');
    expect(overall.industry!.kind).toBe('categorical');
    expect(overall.email_opens!.n).toBe(20000);
  });

  it('merge: the features of two partitions merged equal those of the whole', async () => {
    const [a, b, all] = await Promise.all([
      duckdbColumns("signup_date < DATE '2025-07-01'"),
      duckdbColumns("signup_date >= DATE '2025-07-01'"),
      duckdbColumns('true'),
    ]);
    const s = (columns: Record<string, unknown[]>) => collectDriftStats({ columns }, { roles, features });
    const merged = mergeStats(await s(a), await s(b));
    const whole = await s(all);
    for (let i = 0; i < whole.groups.length; i++) {
      expectClose(merged.groups[i]!.features, whole.groups[i]!.features);
    }
  });

  it('drift from a saved baseline equals drift from the baseline data', async () => {
    const [early, late] = await Promise.all([
      duckdbColumns("signup_date < DATE '2025-10-01'"),
      duckdbColumns("signup_date >= DATE '2025-10-01'"),
    ]);
    const opts = { roles, features, replicates: 100, createdAt: '2026-01-01T00:00:00Z' } as const;
    const fromData = await drift({ ...opts, baseline: { columns: early }, current: { columns: late } });
    const saved: StatsSet = parseStats(
      serializeStats(await collectDriftStats({ columns: early }, { roles, features })),
    );
    // The current side takes roles, features and score bins from the stats.
    const fromStats = await drift({
      baseline: saved,
      current: { columns: late },
      replicates: 100,
      createdAt: opts.createdAt,
    });
    expectClose(fromStats.comparisons[0]!.distribution, fromData.comparisons[0]!.distribution);
    expectClose(fromStats.comparisons[0]!.fairness, fromData.comparisons[0]!.fairness);
    const both = driftFromStats(saved, await collectDriftStats({ columns: late }, { roles, features }), {
      replicates: 100,
    });
    expect(both.status).toBe('alarm');
    // Each side is labelled by its sources (in-memory columns here), never left blank.
    expect(both.comparisons[0]!.baseline.label).toBe(saved.provenance.sources.map((x) => x.name).join(' + '));
    expect(both.comparisons[0]!.current.label).toBe('in-memory columns');
  });

  it('says so when a feature is numeric on one side and categorical on the other', async () => {
    const rows = (x: (i: number) => number | string) =>
      Array.from({ length: 200 }, (_, i) => ({ score: (i % 10) / 10, g: i % 2 ? 'a' : 'b', x: x(i) }));
    const r = { score: 'score', groups: [{ column: 'g' }] };
    const numeric = await collectDriftStats({ rows: rows((i) => i % 7) }, { roles: r, features: ['x'] });
    const text = await collectDriftStats({ rows: rows((i) => `v${i % 7}`) }, { roles: r, features: ['x'] });
    const d = driftFromStats(numeric, text, { replicates: 20 });
    expect(d.comparisons[0]!.warnings).toContainEqual({
      code: 'feature_kind_differs',
      message:
        'The feature "x" is numeric in the baseline stats but categorical in the current; it is not compared.',
    });
    expect(d.comparisons[0]!.distribution.some((c) => c.column === 'x')).toBe(false);
  });

  it('reads the current data on the baseline’s feature grid; two stats on different grids are refused', async () => {
    const old = { gamma: 1.01 / 0.99, zero: 1e-9, offset: 2000 };
    const saved = await collectDriftStats('datasets/prospects.csv', { roles, features, featureGrid: old });
    expect(saved.features!.grid).toEqual(old);
    const r = await driftDetailed({ baseline: saved, current: 'datasets/prospects.csv', replicates: 20 });
    expect(r.current.features!.grid).toEqual(old);
    // The same data on the same grid: no distribution drift at all.
    const x = r.result.comparisons[0]!.distribution.find(
      (d) => d.column === 'web_visits' && d.attributes.length === 0,
    )!;
    expect(x.psi).toBe(0);
    const now = await collectDriftStats('datasets/prospects.csv', { roles, features });
    expect(() => driftFromStats(saved, now, { replicates: 20 })).toThrow(/different grids/);
  });

  it('says how to fix a baseline that lacks the features asked for', async () => {
    const bare = await collectDriftStats('datasets/prospects.csv', { roles });
    await expect(
      drift({ baseline: bare, current: 'datasets/prospects.csv', features: ['web_visits'] }),
    ).rejects.toMatchObject({
      code: 'baseline_lacks_features',
      hint: expect.stringContaining('--save-baseline'),
    });
  });
});

describe('the drift scan', () => {
  it('gives the same statistics as the audit scan (overall and each attribute)', async () => {
    const { collectStats } = await import('../../src/audit/index.js');
    for (const missing of ['as-group', 'drop'] as const) {
      const rows = Array.from({ length: 400 }, (_, i) => ({
        s: ((i * 7919) % 1000) / 1000,
        y: i % 3 === 0 ? 'yes' : 'no',
        g: i % 13 === 0 ? null : ['a', 'b', 'c'][i % 3]!,
        age: 18 + ((i * 31) % 60),
        w: 1 + (i % 4) / 2,
      }));
      const r = {
        score: 's',
        label: 'y',
        weight: 'w',
        groups: [{ column: 'g' }, { column: 'age', edges: [30, 50] }],
      };
      const audit = await collectStats({ rows }, { roles: r, intersections: 'none', missing });
      const mine = await collectDriftStats({ rows }, { roles: r, missing });
      expectClose(
        mine.groups.map((g) => [g.key, g.cells, g.hist]),
        audit.groups.map((g) => [g.key, g.cells, g.hist]),
      );
      expectClose(mine.rows, audit.rows);
      expect(mine.values).toEqual(audit.values);
    }
  });
});

describe('a `fairprobe stats` file as the baseline', () => {
  it('supplies the roles and bins for the current data (score and fairness drift, no features)', async () => {
    const { collectStats } = await import('../../src/audit/index.js');
    const [early, late] = await Promise.all([
      duckdbColumns("signup_date < DATE '2025-10-01'"),
      duckdbColumns("signup_date >= DATE '2025-10-01'"),
    ]);
    const base = parseStats(
      serializeStats(
        await collectStats(
          { columns: early },
          { roles: { score: 'score', groups: [{ column: 'region' }, { column: 'gender' }] } },
        ),
      ),
    );
    const r = await drift({ baseline: base, current: { columns: late }, replicates: 100 });
    const east = r.comparisons[0]!.distribution.find((d) => d.values[0] === 'east')!;
    expect(east.psi).toBeCloseTo(0.4326, 2);
    expect(r.comparisons[0]!.distribution.every((d) => d.column === 'score')).toBe(true);
  });
});

describe('a baseline whose stats left small groups out (fairprobe stats --suppress-below)', () => {
  it('compares the same data as unchanged: the groups left out are pooled, not taken for new groups', async () => {
    const { collectStats } = await import('../../src/index.js');
    // gender x has 5 rows (left out), so m is left out too (else x = total − f − m).
    const rows = Array.from({ length: 400 }, (_, i) => ({
      s: ((i * 7919) % 1000) / 1000,
      y: i % 3 === 0 ? 1 : 0,
      g: i % 80 === 0 ? 'x' : i % 2 ? 'f' : 'm',
    }));
    const r = { score: 's', label: 'y', groups: [{ column: 'g' }] };
    const base = await collectStats({ rows }, { roles: r, suppressBelow: 10 });
    expect(base.suppressed?.groups.map((k) => k.values[0])).toEqual(['m', 'x']);
    const result = await drift({
      baseline: parseStats(serializeStats(base)),
      current: { rows },
      replicates: 20,
    });
    const c = result.comparisons[0]!;
    expect(c.groupChanges).toEqual([]);
    const mix = c.groupMix[0]!;
    expect(mix.status).toBe('ok');
    expect(mix.groups.map((g) => [g.values[0], g.baselineRows, g.currentRows])).toEqual([
      ['f', 200, 200],
      ['(left out of the stats)', 200, 200],
    ]);
    expect(result.status).toBe('ok');
    expect(c.warnings.map((w) => w.code)).toContain('groups_left_out_of_stats');
  });
});
