/**
 * The before/after evidence: the reference model is deterministic, the evaluation is seeded and
 * reproducible, and repair at λ = 1 closes the selection gap a gender-dependent feature opens.
 */
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/metrics/math/index.js';
import { beforeAfterChart, evaluateMitigation, fairnessCostChart } from '../../src/mitigation/index.js';
import { trainLogistic } from '../../src/model/logistic.js';

describe('trainLogistic', () => {
  it('learns a separable direction and is deterministic for a seed', async () => {
    const rng = createRng(3);
    const n = 400;
    const x = Array.from({ length: n }, () => rng.normal());
    const c = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'p' : 'q'));
    const y = x.map((v, i) => (v + (c[i] === 'p' ? 1 : 0) + 0.3 * rng.normal() > 0.5 ? 1 : 0));
    const spec = { numeric: ['x'], categorical: ['c'] };
    const a = await trainLogistic({ x, c }, n, y, spec, { seed: 1, epochs: 150 });
    const b = await trainLogistic({ x, c }, n, y, spec, { seed: 1, epochs: 150 });
    expect(a.coefficients).toEqual(b.coefficients);
    expect(a.intercept).toBe(b.intercept);
    expect(a.coefficients[0]).toBeGreaterThan(1); // x raises the odds
    expect(a.coefficients[1]).toBeGreaterThan(a.coefficients[2]!); // p above q
    const p = a.predict({ x: [2, -2], c: ['p', 'q'] }, 2);
    expect(p[0]).toBeGreaterThan(0.9);
    expect(p[1]).toBeLessThan(0.1);
    expect(a.backend).toBe('cpu');
  });

  it('respects sample weights', async () => {
    const x = [0, 0, 0, 0];
    const y = [1, 0, 0, 0];
    const spec = { numeric: ['x'], categorical: [] };
    const plain = await trainLogistic({ x }, 4, y, spec, { seed: 1, epochs: 400 });
    const weighted = await trainLogistic({ x }, 4, y, spec, { seed: 1, epochs: 400 }, [3, 1, 1, 1]);
    expect(plain.predict({ x: [0] }, 1)[0]).toBeCloseTo(0.25, 2);
    expect(weighted.predict({ x: [0] }, 1)[0]).toBeCloseTo(0.5, 2);
  });
});

/** Leads whose email_opens depend on gender (a proxy), with an outcome that does not. */
function proxyData(n: number) {
  const rng = createRng(9);
  const gender: string[] = [];
  const opens: number[] = [];
  const visits: number[] = [];
  const converted: number[] = [];
  for (let i = 0; i < n; i++) {
    const f = rng.next() < 0.5;
    const engagement = rng.normal();
    gender.push(f ? 'female' : 'male');
    opens.push(engagement + (f ? -1 : 0) + 0.3 * rng.normal());
    visits.push(engagement + 0.5 * rng.normal());
    converted.push(rng.next() < 1 / (1 + Math.exp(-(-1.5 + 1.2 * engagement))) ? 1 : 0);
  }
  return { columns: { gender, opens, visits, converted } };
}

describe('evaluateMitigation', () => {
  const options = {
    groups: [{ column: 'gender' }],
    label: 'converted',
    features: ['opens', 'visits'],
    seed: 5,
    replicates: 100,
    model: { epochs: 150 },
    createdAt: '2026-01-01T00:00:00Z',
  };

  it('repair closes a proxy-driven selection gap, at a small cost, reproducibly', async () => {
    const data = proxyData(3000);
    const ev = await evaluateMitigation(data, { method: 'repair', lambda: 1 }, options);
    expect(ev.split.train + ev.split.test).toBe(3000);
    expect(Math.abs(ev.split.test - 900)).toBeLessThanOrEqual(2);
    expect(ev.split.trainAfter).toBe(ev.split.train);
    const dp = ev.disparities.find((d) => d.metric === 'demographic_parity_difference')!;
    expect(dp.before!.value!).toBeGreaterThan(0.1);
    expect(dp.after!.value!).toBeLessThan(dp.before!.value! / 2);
    const di = ev.disparities.find((d) => d.metric === 'disparate_impact' && d.group[0] === 'female')!;
    expect(di.before!.interval).toBeTruthy();
    expect(di.after!.value!).toBeGreaterThan(di.before!.value!);
    expect(ev.after.performance.auc!).toBeGreaterThan(0.6);
    expect(ev.before.performance.selected).toBe(Math.ceil(0.2 * ev.split.test));
    const again = await evaluateMitigation(data, { method: 'repair', lambda: 1 }, options);
    expect(again.disparities).toEqual(ev.disparities);
    expect(again.after.performance).toEqual(ev.after.performance);
  });

  it('reweigh trains with the weights; flip is refused', async () => {
    const data = proxyData(1500);
    const ev = await evaluateMitigation(data, { method: 'reweigh' }, options);
    expect(ev.mitigation.method).toBe('reweigh');
    expect(ev.before.audit.schema).toBe('fairprobe.audit/1');
    await expect(evaluateMitigation(data, { method: 'flip' } as never, options)).rejects.toMatchObject({
      code: 'flip_evaluate',
    });
  });

  it('charts: before/after and fairness-vs-performance specs with their tables', async () => {
    const ev = await evaluateMitigation(proxyData(1500), { method: 'repair', lambda: 1 }, options);
    const ba = beforeAfterChart(ev);
    expect(ba.id).toMatch(/^[a-z0-9-]+$/);
    expect(ba.table.rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(ba.spec)).toContain('vega-lite');
    expect(() => compile(ba.spec)).not.toThrow();
    const fc = fairnessCostChart([ev]);
    expect(() => compile(fc.spec)).not.toThrow();
    expect(fc.table.rows.map((r) => r[0])).toEqual(['original', 'repair']);
  });
});
