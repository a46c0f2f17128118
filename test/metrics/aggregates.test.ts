/** Aggregates, inequality indices and histogram AUC on hand-made inputs, including edge cases. */
import { describe, expect, it } from 'vitest';
import { computeAggregates, histogramAuc, inequalityIndices } from '../../src/metrics/index.js';
import { emptyCells, type GroupStats } from '../../src/stats/index.js';

const est = (sel: number | null, tpr: number | null = null, fpr: number | null = null) => ({
  selection_rate: { value: sel },
  tpr: { value: tpr },
  fpr: { value: fpr },
});

describe('computeAggregates', () => {
  it('between groups and to overall', () => {
    const a = computeAggregates([est(0.2, 0.5, 0.1), est(0.4, 0.8, 0.3)], est(0.3, 0.6, 0.2));
    expect(a.demographic_parity_difference!.between_groups.value).toBeCloseTo(0.2, 12);
    expect(a.demographic_parity_difference!.to_overall.value).toBeCloseTo(0.1, 12);
    expect(a.demographic_parity_ratio!.between_groups.value).toBeCloseTo(0.5, 12);
    expect(a.demographic_parity_ratio!.to_overall.value).toBeCloseTo(0.2 / 0.3, 12);
    expect(a.equalized_odds_difference!.between_groups.value).toBeCloseTo(0.3, 12);
    expect(a.equalized_odds_ratio!.between_groups.value).toBeCloseTo(Math.min(0.5 / 0.8, 0.1 / 0.3), 12);
    expect(a.equal_opportunity_difference!.between_groups.value).toBeCloseTo(0.3, 12);
  });

  it('nobody selected: ratio null with a reason, difference 0, never NaN', () => {
    const a = computeAggregates([est(0), est(0)], est(0));
    expect(a.demographic_parity_difference!.between_groups.value).toBe(0);
    expect(a.demographic_parity_ratio!.between_groups.value).toBeNull();
    expect(a.demographic_parity_ratio!.between_groups.reason).toBeTruthy();
    expect(a.demographic_parity_ratio!.to_overall.value).toBeNull();
    expect(JSON.stringify(a)).not.toMatch(/NaN|Infinity/);
  });

  it('a single defined group: between-groups values null with a reason', () => {
    const a = computeAggregates([est(0.3), est(null)], est(0.3));
    expect(a.demographic_parity_difference!.between_groups.value).toBeNull();
    expect(a.demographic_parity_ratio!.between_groups.value).toBeNull();
    expect(a.demographic_parity_difference!.to_overall.value).toBeCloseTo(0, 12);
    expect(JSON.stringify(a)).not.toMatch(/NaN|Infinity/);
  });
});

describe('inequalityIndices', () => {
  const stats = (tp: number, fp: number, tn: number, fn: number): GroupStats => {
    const cells = emptyCells();
    cells.tp.w = tp;
    cells.fp.w = fp;
    cells.tn.w = tn;
    cells.fn.w = fn;
    return { key: { attributes: [], values: [] }, cells, hist: { pos: [], neg: [], unl: [] } };
  };

  it('all decisions correct: both indices 0', () => {
    const r = inequalityIndices(stats(3, 0, 5, 0));
    expect(r.generalized_entropy_index.value).toBeCloseTo(0, 12);
    expect(r.theil_index.value).toBeCloseTo(0, 12);
  });

  it('matches a row-level computation (b = ŷ − y + 1)', () => {
    const b = [...Array(2).fill(1), ...Array(3).fill(2), ...Array(4).fill(1), ...Array(1).fill(0)];
    const mu = b.reduce((a, x) => a + x, 0) / b.length;
    const ge2 = b.reduce((a, x) => a + (x / mu) ** 2 - 1, 0) / (2 * b.length);
    const theil = b.reduce((a, x) => a + (x > 0 ? (x / mu) * Math.log(x / mu) : 0), 0) / b.length;
    const r = inequalityIndices(stats(2, 3, 4, 1));
    expect(r.generalized_entropy_index.value).toBeCloseTo(ge2, 12);
    expect(r.theil_index.value).toBeCloseTo(theil, 12);
  });

  it('no labeled rows: null with a reason', () => {
    const r = inequalityIndices(stats(0, 0, 0, 0));
    expect(r.generalized_entropy_index.value).toBeNull();
    expect(r.generalized_entropy_index.reason).toContain('no labeled rows');
  });
});

describe('histogramAuc', () => {
  it('perfect, reversed, tied and undefined', () => {
    expect(histogramAuc([0, 0, 1], [1, 0, 0])).toBe(1);
    expect(histogramAuc([1, 0, 0], [0, 0, 1])).toBe(0);
    expect(histogramAuc([0, 2, 0], [0, 3, 0])).toBe(0.5);
    expect(histogramAuc([0, 0, 0], [1, 2, 3])).toBeNull();
    expect(histogramAuc([1, 2, 3], [0, 0, 0])).toBeNull();
  });
});

describe('why an aggregate is undefined', () => {
  it('the metric is not computed, the groups share a reason, or too few groups have a value', () => {
    // Label-only audits compute no selection rate at all.
    const none = computeAggregates([{}, {}], {});
    expect(none.demographic_parity_ratio!.between_groups.reason).toBe(
      'not defined (selection_rate is not computed in this audit)',
    );
    // Every group undefined for one reason: that reason.
    const why = { value: null, reason: 'not defined (no score or prediction column)' };
    const shared = computeAggregates([{ selection_rate: why }, { selection_rate: why }], {
      selection_rate: why,
    });
    expect(shared.demographic_parity_difference!.between_groups.reason).toBe(why.reason);
    expect(shared.demographic_parity_ratio!.to_overall.reason).toBe(why.reason);
    // One group with a value: too few groups; a zero rate: 0 somewhere.
    const one = computeAggregates([{ selection_rate: { value: 0.3 } }, { selection_rate: why }], {
      selection_rate: { value: 0.3 },
    });
    expect(one.demographic_parity_difference!.between_groups.reason).toBe(
      'not defined (selection_rate is undefined for fewer than two groups)',
    );
    const zero = computeAggregates([{ selection_rate: { value: 0 } }, { selection_rate: { value: 0.5 } }], {
      selection_rate: { value: 0.25 },
    });
    expect(zero.demographic_parity_ratio!.to_overall.reason).toBe(
      'not defined (selection_rate is 0 somewhere)',
    );
  });
});
