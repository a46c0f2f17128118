/**
 * A tiny dataset whose every metric is computed by hand in the comments (threshold 0.5).
 *
 * group a (6 rows, the largest → reference):
 *   (0.9,1) tp · (0.7,0) fp · (0.6,1) tp · (0.3,1) fn · (0.2,0) tn · (0.25,1) fn
 *   → tp 2, fp 1, tn 1, fn 2
 * group b (4 rows):
 *   (0.8,1) tp · (0.4,0) tn · (0.4,1) fn (tied with the negative) · (0.45,1) fn
 *   → tp 1, fp 0, tn 1, fn 2
 * group c (2 rows, no positives):
 *   (0.55,0) fp · (0.2,0) tn
 *   → tp 0, fp 1, tn 1, fn 0
 * overall (12): tp 3, fp 2, tn 3, fn 4
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type AuditResult, audit, type GroupResult } from '../../src/index.js';

type Row = { s: number; y: number; g: string };

const rows: Row[] = [
  { s: 0.9, y: 1, g: 'a' },
  { s: 0.7, y: 0, g: 'a' },
  { s: 0.6, y: 1, g: 'a' },
  { s: 0.3, y: 1, g: 'a' },
  { s: 0.2, y: 0, g: 'a' },
  { s: 0.25, y: 1, g: 'a' },
  { s: 0.8, y: 1, g: 'b' },
  { s: 0.4, y: 0, g: 'b' },
  { s: 0.4, y: 1, g: 'b' },
  { s: 0.45, y: 1, g: 'b' },
  { s: 0.55, y: 0, g: 'c' },
  { s: 0.2, y: 0, g: 'c' },
];

/** Brute-force AUC: over all (positive, negative) pairs, 1 if pos > neg, ½ if tied. */
function bruteAuc(rs: readonly Row[]): number | null {
  const pos = rs.filter((r) => r.y === 1).map((r) => r.s);
  const neg = rs.filter((r) => r.y === 0).map((r) => r.s);
  if (pos.length === 0 || neg.length === 0) return null;
  let acc = 0;
  for (const p of pos) for (const n of neg) acc += p > n ? 1 : p === n ? 0.5 : 0;
  return acc / (pos.length * neg.length);
}

const brute = (rs: readonly Row[]) => rs.reduce((a, r) => a + (r.s - r.y) ** 2, 0) / rs.length;

let result: AuditResult;
let groups: Record<string, GroupResult>;

beforeAll(async () => {
  result = await audit(
    { rows },
    {
      roles: { score: 's', label: 'y', groups: [{ column: 'g' }] },
      replicates: 200,
      seed: 1,
      suppressBelow: 0,
      minGroupSize: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  );
  const attr = result.attributes[0]!;
  groups = Object.fromEntries(attr.groups.map((g) => [g.values[0]!, g]));
});

const v = (g: GroupResult, id: string) => g.metrics[id]!.value;

describe('hand-computed group metrics', () => {
  it('has the three groups with a (largest) as reference', () => {
    expect(Object.keys(groups)).toEqual(['a', 'b', 'c']);
    expect(result.attributes[0]!.reference.values).toEqual(['a']);
    expect(groups.a!.isReference).toBe(true);
    expect(groups.a!.n).toBe(6);
    expect(groups.b!.n).toBe(4);
    expect(groups.c!.n).toBe(2);
    expect(result.overall.n).toBe(12);
  });

  // expected[group][metric]
  const expected: Record<string, Record<string, number | null>> = {
    a: {
      selection_rate: 3 / 6, // (tp 2 + fp 1) / 6
      base_rate: 4 / 6, // (tp 2 + fn 2) / 6
      tpr: 2 / 4, // tp / (tp + fn)
      fpr: 1 / 2, // fp / (fp + tn)
      fnr: 2 / 4,
      tnr: 1 / 2,
      ppv: 2 / 3, // tp / (tp + fp)
      npv: 1 / 3, // tn / (tn + fn)
      fdr: 1 / 3,
      for: 2 / 3, // fn / (tn + fn)
      accuracy: 3 / 6, // (tp 2 + tn 1) / 6
      ppr: 3 / 5, // 3 of the 5 selected
      share: 6 / 12,
      mean_score: 2.95 / 6, // 0.9+0.7+0.6+0.3+0.2+0.25
      brier: 1.7525 / 6, // .01+.49+.16+.49+.04+.5625
      auc: 5 / 8, // pos {.9,.6,.3,.25} × neg {.7,.2}: 2 + 1 + 1 + 1
    },
    b: {
      selection_rate: 1 / 4,
      base_rate: 3 / 4,
      tpr: 1 / 3,
      fpr: 0 / 1,
      fnr: 2 / 3,
      tnr: 1,
      ppv: 1,
      npv: 1 / 3, // tn 1 / (tn 1 + fn 2)
      fdr: 0,
      for: 2 / 3,
      accuracy: 2 / 4,
      ppr: 1 / 5,
      share: 4 / 12,
      mean_score: 2.05 / 4,
      brier: 0.8625 / 4, // .04 + .16 + .36 + .3025
      auc: 2.5 / 3, // pos {.8,.4,.45} × neg {.4}: 1 + ½ (tie) + 1
    },
    c: {
      selection_rate: 1 / 2,
      base_rate: 0,
      tpr: null,
      fpr: 1 / 2,
      fnr: null,
      tnr: 1 / 2,
      ppv: 0,
      npv: 1,
      fdr: 1,
      for: 0,
      accuracy: 1 / 2,
      ppr: 1 / 5,
      share: 2 / 12,
      mean_score: 0.75 / 2,
      brier: (0.3025 + 0.04) / 2,
      auc: null,
    },
  };

  for (const [g, metrics] of Object.entries(expected)) {
    for (const [id, want] of Object.entries(metrics)) {
      it(`${g}: ${id} = ${want}`, () => {
        const got = v(groups[g]!, id);
        if (want === null) expect(got).toBeNull();
        else expect(got).toBeCloseTo(want, 12);
      });
    }
  }

  it('overall rates', () => {
    const o = result.overall;
    expect(v(o, 'selection_rate')).toBeCloseTo(5 / 12, 12);
    expect(v(o, 'base_rate')).toBeCloseTo(7 / 12, 12);
    expect(v(o, 'tpr')).toBeCloseTo(3 / 7, 12);
    expect(v(o, 'fpr')).toBeCloseTo(2 / 5, 12);
    expect(v(o, 'share')).toBe(1);
    expect(v(o, 'ppr')).toBe(1);
    expect(v(o, 'auc')).toBeCloseTo(bruteAuc(rows)!, 12);
    expect(v(o, 'brier')).toBeCloseTo(brute(rows), 12);
  });

  it('AUC and Brier agree with brute force per group', () => {
    for (const g of ['a', 'b', 'c']) {
      const rs = rows.filter((r) => r.g === g);
      const want = bruteAuc(rs);
      if (want === null) expect(v(groups[g]!, 'auc')).toBeNull();
      else expect(v(groups[g]!, 'auc')).toBeCloseTo(want, 12);
      expect(v(groups[g]!, 'brier')).toBeCloseTo(brute(rs), 12);
    }
  });

  it('a group with no positives: tpr/fnr/auc null with a reason, never NaN', () => {
    const c = groups.c!;
    for (const id of ['tpr', 'fnr', 'auc']) {
      expect(c.metrics[id]!.value).toBeNull();
      expect(c.metrics[id]!.reason).toContain('no positives');
    }
    const json = JSON.stringify(result);
    expect(json).not.toContain('NaN');
    for (const g of result.attributes[0]!.groups) {
      for (const [id, e] of Object.entries(g.metrics)) {
        if (e.value !== null) expect(Number.isFinite(e.value), id).toBe(true);
      }
      for (const [id, e] of Object.entries(g.disparities ?? {})) {
        if (e.value !== null) expect(Number.isFinite(e.value), id).toBe(true);
        else expect(e.reason, id).toBeTruthy();
      }
    }
  });

  it('intervals contain the point estimate for rates', () => {
    for (const g of result.attributes[0]!.groups) {
      for (const id of ['selection_rate', 'tpr', 'fpr', 'ppv', 'base_rate']) {
        const e = g.metrics[id]!;
        if (e.value === null) continue;
        expect(e.interval!.low).toBeLessThanOrEqual(e.value + 1e-12);
        expect(e.interval!.high).toBeGreaterThanOrEqual(e.value - 1e-12);
      }
    }
  });
});

describe('hand-computed disparities vs the reference a', () => {
  const d = (g: string, id: string) => groups[g]!.disparities![id]!;

  it('disparate impact and statistical parity difference', () => {
    expect(d('b', 'disparate_impact').value).toBeCloseTo(1 / 4 / (1 / 2), 12); // 0.5
    expect(d('c', 'disparate_impact').value).toBeCloseTo(1 / 2 / (1 / 2), 12); // 1
    expect(d('a', 'disparate_impact').value).toBe(1);
    expect(d('b', 'statistical_parity_difference').value).toBeCloseTo(1 / 4 - 1 / 2, 12);
    expect(d('c', 'statistical_parity_difference').value).toBeCloseTo(0, 12);
    expect(d('a', 'statistical_parity_difference').value).toBe(0);
    expect(d('b', 'disparate_impact').reference).toEqual(['a']);
  });

  it('equal opportunity and average odds differences', () => {
    expect(d('b', 'equal_opportunity_difference').value).toBeCloseTo(1 / 3 - 1 / 2, 12);
    // ½[(fpr_b − fpr_a) + (tpr_b − tpr_a)] = ½[(0 − ½) + (⅓ − ½)] = −⅓
    expect(d('b', 'average_odds_difference').value).toBeCloseTo(-1 / 3, 12);
    expect(d('c', 'equal_opportunity_difference').value).toBeNull();
    expect(d('c', 'equal_opportunity_difference').reason).toContain('no positives');
    expect(d('c', 'average_odds_difference').value).toBeNull();
    expect(d('a', 'average_odds_difference').value).toBe(0);
  });

  it('AUC gap', () => {
    expect(d('b', 'auc_gap').value).toBeCloseTo(2.5 / 3 - 5 / 8, 12);
    expect(d('c', 'auc_gap').value).toBeNull();
  });

  it('bootstrap intervals of differences contain the point estimate (non-degenerate cases)', () => {
    const spd = d('b', 'statistical_parity_difference');
    expect(spd.interval).toBeTruthy();
    expect(spd.interval!.low).toBeLessThanOrEqual(spd.value!);
    expect(spd.interval!.high).toBeGreaterThanOrEqual(spd.value!);
  });
});

describe('hand-computed aggregates (fairlearn)', () => {
  const agg = () => result.attributes[0]!.aggregates;

  it('demographic parity difference', () => {
    // between: max sel ½ − min sel ¼; to overall (5/12): max(|½−5/12|, |¼−5/12|, |½−5/12|) = 1/6
    expect(agg().demographic_parity_difference!.between_groups.value).toBeCloseTo(1 / 4, 12);
    expect(agg().demographic_parity_difference!.to_overall.value).toBeCloseTo(1 / 6, 12);
  });

  it('demographic parity ratio', () => {
    // between: ¼ / ½; to overall: min over groups of min(x/o, o/x) = (¼)/(5/12) = 3/5
    expect(agg().demographic_parity_ratio!.between_groups.value).toBeCloseTo(1 / 2, 12);
    expect(agg().demographic_parity_ratio!.to_overall.value).toBeCloseTo(3 / 5, 12);
  });

  it('equalized odds difference = max of tpr and fpr gaps', () => {
    // tpr {½, ⅓} → 1/6; fpr {½, 0, ½} → ½; max = ½
    expect(agg().equalized_odds_difference!.between_groups.value).toBeCloseTo(1 / 2, 12);
    // to overall: tpr (3/7): max(1/14, 2/21) = 2/21; fpr (2/5): max(1/10, 2/5, 1/10) = 2/5
    expect(agg().equalized_odds_difference!.to_overall.value).toBeCloseTo(2 / 5, 12);
    expect(agg().equal_opportunity_difference!.between_groups.value).toBeCloseTo(1 / 6, 12);
  });

  it('equalized odds ratio = min of tpr and fpr ratios', () => {
    // tpr ⅓/½ = ⅔; fpr 0/½ = 0 → 0
    expect(agg().equalized_odds_ratio!.between_groups.value).toBeCloseTo(0, 12);
  });

  it('generalized entropy index (α=2) and Theil index on the overall benefits', () => {
    // b = ŷ − y + 1: fn → 0 (4 rows), tp/tn → 1 (6 rows), fp → 2 (2 rows); μ = 10/12 = 5/6
    // GE(2) = 1/(2n) Σ[(b/μ)² − 1] = 1/24 [4(−1) + 6((6/5)² − 1) + 2((12/5)² − 1)] = 8.16/24 = 0.34
    expect(result.overallIndices.generalized_entropy_index!.value).toBeCloseTo(0.34, 12);
    // Theil = 1/n Σ (b/μ) ln(b/μ), 0·ln 0 = 0
    const theil = (6 * (6 / 5) * Math.log(6 / 5) + 2 * (12 / 5) * Math.log(12 / 5)) / 12;
    expect(result.overallIndices.theil_index!.value).toBeCloseTo(theil, 12);
  });
});
