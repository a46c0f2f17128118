/**
 * The correctness claims of the model-in-the-loop tools (issue 8, item 7): proxies flag a gender
 * proxy; a model given gender flips decisions, one without it flips none; thresholds reach their
 * constraint on the validation split and audit --rule applies the same decisions; the sweep runs.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/index.js';
import { fairnessSweep } from '../../src/mitigation/in/index.js';
import {
  applyRule,
  fairThresholds,
  rowUniform,
  ThresholdConstraint,
} from '../../src/mitigation/post/index.js';
import { counterfactual, functionScorer, proxies, trainModel } from '../../src/model/index.js';
import { counterfactualChart } from '../../src/report/charts/counterfactual.js';
import { paretoChart } from '../../src/report/charts/pareto.js';
import { proxiesChart } from '../../src/report/charts/proxies.js';
import { tempDir } from '../helpers/data.js';
import { proxyData, writeCsv } from './helpers.js';

const tmp = tempDir('fairprobe-loop-');
afterAll(() => tmp.cleanup());
const data = proxyData(3000);
const csv = join(tmp.dir, 'leads.csv');
writeCsv(csv, data);
const scorerOf = (m: Awaited<ReturnType<typeof trainModel>>) =>
  functionScorer(
    (c, n) => m.predict(c, n),
    [...m.encoder.numeric.map((f) => f.name), ...m.encoder.categorical.map((f) => f.name)],
  );

describe('proxies', () => {
  it('flags the gender proxy (the outcome ignores gender) and not the noise', async () => {
    const r = await proxies(csv, {
      groups: [{ column: 'gender' }],
      features: ['noise', 'visits', 'hobby_hours', 'plan'],
      seed: 1,
      epochs: 80,
    });
    const a = r.attributes[0]!;
    expect(a.features[0]!.feature).toBe('hobby_hours');
    expect(a.features[0]!.risk).toBe('high');
    expect(a.features[0]!.auc!).toBeGreaterThan(0.8);
    for (const f of a.features.slice(1)) expect(f.risk).toBe('negligible');
    expect(a.combined.auc!).toBeGreaterThan(0.8);
    expect(a.reading).toMatch(/Strongest single proxy: "hobby_hours"/);
    expect(a.features.find((f) => f.feature === 'plan')!.cramersV!).toBeLessThan(0.1);
    const chart = proxiesChart(r, 0);
    expect(chart.table.rows[0]![0]).toBe('hobby_hours');
  });
});

describe('counterfactual', () => {
  it('a model given gender changes some decisions when it is flipped; one without it changes none', async () => {
    const withGender = await trainModel(csv, {
      label: 'converted',
      features: ['visits', 'gender'],
      seed: 1,
      epochs: 150,
    });
    const r = await counterfactual(csv, {
      scorer: scorerOf(withGender),
      attribute: 'gender',
      seed: 1,
      threshold: 0.45,
      replicates: 200,
    });
    expect(r.pairs).toHaveLength(2);
    expect(r.overall.meanAbsChange!).toBeGreaterThan(0);
    // The gender coefficient is not exactly 0, so some rows near the threshold cross it.
    expect(r.overall.changed.count).toBeGreaterThan(0);
    expect(r.overall.changed.interval!.high).toBeGreaterThan(0);

    const without = await trainModel(csv, {
      label: 'converted',
      features: ['visits', 'plan'],
      seed: 1,
      epochs: 150,
    });
    const z = await counterfactual(csv, {
      scorer: scorerOf(without),
      attribute: 'gender',
      seed: 1,
      replicates: 200,
    });
    expect(z.overall.changed.count).toBe(0);
    expect(z.overall.changed.share).toBe(0);
    expect(z.overall.meanChange.value).toBe(0);
    expect(z.overall.meanChange.interval).toEqual({ low: 0, high: 0 });
    expect(z.notes[0]).toMatch(/does not read "gender"/);
    expect(counterfactualChart(z).id).toBe('counterfactual');
  });

  it('flipping the proxy with the attribute changes the scores of a model that uses only the proxy', async () => {
    const m = await trainModel(csv, {
      label: 'converted',
      features: ['visits', 'hobby_hours'],
      seed: 1,
      epochs: 150,
    });
    const plain = await counterfactual(csv, {
      scorer: scorerOf(m),
      attribute: 'gender',
      seed: 1,
      replicates: 100,
    });
    expect(plain.overall.meanAbsChange).toBe(0);
    for (const method of ['quantile', 'mean'] as const) {
      const r = await counterfactual(csv, {
        scorer: scorerOf(m),
        attribute: 'gender',
        proxies: ['hobby_hours'],
        proxyMethod: method,
        seed: 1,
        replicates: 100,
      });
      expect(r.overall.meanAbsChange!).toBeGreaterThan(0);
      // female → male lowers hobby_hours by about 6 on average.
      const f = r.pairs.find((p) => p.from === 'female')!;
      const mm = r.pairs.find((p) => p.from === 'male')!;
      expect(Math.sign(f.meanChange.value!)).toBe(-Math.sign(mm.meanChange.value!));
    }
  });
});

describe('fair thresholds', () => {
  // Scores that are biased against women, at equal base rates.
  const n = data.n;
  const score = Array.from({ length: n }, (_, i) => {
    const z =
      -2 + 0.45 * (data.columns.visits![i] as number) - (data.columns.gender![i] === 'female' ? 0.6 : 0);
    return Math.round((1 / (1 + Math.exp(-z))) * 1e4) / 1e4;
  });
  const scored = { columns: { ...data.columns, score } };

  for (const constraint of Object.values(ThresholdConstraint)) {
    it(`${constraint}: reaches the constraint on the validation split within the tolerance`, async () => {
      const r = await fairThresholds(scored, {
        score: 'score',
        label: 'converted',
        group: 'gender',
        constraint,
        seed: 3,
        threshold: 0.4,
      });
      expect(r.reached.withinTolerance).toBe(true);
      expect(r.reached.gap!).toBeLessThan(1e-9);
      const key = {
        demographic_parity: 'demographic_parity_difference',
        equal_opportunity: 'equal_opportunity_difference',
        equalized_odds: 'equalized_odds_difference',
      } as const;
      expect(r.validation.before.gaps[key[constraint]]!).toBeGreaterThan(0.05);
      expect(r.validation.after.auc).toBe(r.validation.before.auc);
      // objective `selection`: the number selected stays (within one row's worth)
      if (constraint !== 'equalized_odds')
        expect(Math.abs(r.validation.after.selected - r.validation.before.selected)).toBeLessThan(1.5);
      expect(r.notice).toMatch(/legal advice/);
    });
  }

  it('the accuracy objective is at least as accurate as the selection objective', async () => {
    const o = {
      score: 'score',
      label: 'converted',
      group: 'gender',
      constraint: 'demographic_parity' as const,
      seed: 3,
      threshold: 0.4,
    };
    const a = await fairThresholds(scored, { ...o, objective: 'accuracy' });
    const s = await fairThresholds(scored, o);
    expect(a.validation.after.accuracy!).toBeGreaterThanOrEqual(s.validation.after.accuracy! - 1e-12);
  });

  it('audit with the rule applies the same randomised decisions as applyRule', async () => {
    const r = await fairThresholds(scored, {
      score: 'score',
      label: 'converted',
      group: 'gender',
      constraint: 'equalized_odds',
      seed: 3,
      threshold: 0.4,
      validationShare: 1,
    });
    const rule = r.rule;
    expect(
      Object.values(rule.groups)
        .flat()
        .some((c) => c.probability < 1),
    ).toBe(true);
    const expected = applyRule(rule, score, data.columns.gender as string[]);
    const result = await audit(scored, {
      roles: { score: 'score', label: 'converted', groups: [{ column: 'gender' }] },
      decisionRule: {
        kind: 'group-thresholds',
        attribute: rule.attribute,
        groups: rule.groups,
        default: rule.default,
        seed: rule.seed,
      },
      intersections: 'none',
      replicates: 50,
    });
    expect(result.decision.kind).toBe('group-thresholds');
    expect(result.decision.selected).toBe(expected.reduce((a, b) => a + b, 0));
    for (const g of result.attributes[0]!.groups) {
      const rows = [...Array(n).keys()].filter((i) => data.columns.gender![i] === g.values[0]);
      const sel = rows.reduce((a, i) => a + expected[i]!, 0);
      expect(g.metrics.selection_rate!.value).toBeCloseTo(sel / rows.length, 12);
    }
    // Realised TPRs stay near the common point (randomisation noise only).
    const tprs = result.attributes[0]!.groups.map((g) => g.metrics.tpr!.value!);
    expect(Math.abs(tprs[0]! - tprs[1]!)).toBeLessThan(0.05);
    expect(result.overall.metrics.auc).toBeDefined();
  });

  it('the row draws are uniform', () => {
    const u = Array.from({ length: 10000 }, (_, i) => rowUniform(i + 1, 42));
    expect(u.filter((x) => x < 0.3).length / 10000).toBeCloseTo(0.3, 2);
  });
});

describe('fairness sweep', () => {
  it('traces AUC and the parity gap across λ, λ = 0 first, with a Pareto front and chart', async () => {
    const s = await fairnessSweep(csv, {
      label: 'converted',
      features: ['visits', 'hobby_hours'],
      group: { column: 'gender' },
      lambdas: [0, 100],
      seed: 1,
      epochs: 150,
    });
    expect(s.points.map((p) => p.lambda)).toEqual([0, 100]);
    expect(s.points[1]!.covariance!).toBeLessThan(s.points[0]!.covariance!);
    expect(s.points[1]!.demographicParityDifference!).toBeLessThan(s.points[0]!.demographicParityDifference!);
    expect(s.points.some((p) => p.pareto)).toBe(true);
    const c = paretoChart(s);
    expect(c.table.rows).toHaveLength(2);
  });
});
