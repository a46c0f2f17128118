/**
 * evaluatePolicy on an audit of crafted counts (in-memory rows), where the point estimate and the
 * bootstrap interval decide differently, and on hand-built AuditResults for the edge cases.
 *
 * Group sizes and selections (score 0.9 = selected, 0.1 = not; half of each group converted):
 *   a 400 rows, 200 selected (0.50, the largest → reference)
 *   b  40 rows,  15 selected (0.375 → DI 0.75; small, so its interval straddles 0.8)
 *   c  60 rows,  26 selected (0.433 → DI 0.867; interval reaches below 0.8)
 *   d 300 rows,  90 selected (0.30 → DI 0.60; interval wholly below 0.8)
 *   e  20 rows,  10 selected (fewer than min_group_size 30 → insufficient-data)
 *   f   5 rows (fewer than suppress_below 10 → suppressed → insufficient-data)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type AuditResult, audit } from '../../src/index.js';
import {
  evaluatePolicy,
  outcomeReason,
  type Policy,
  type PolicyInput,
  policyOutcome,
  type Verdict,
  validatePolicy,
} from '../../src/policy/index.js';

const sizes: Record<string, [number, number]> = {
  a: [400, 200],
  b: [40, 15],
  c: [60, 26],
  d: [300, 90],
  e: [20, 10],
  f: [5, 2],
  // A second group under the suppression size: with f alone suppressed, complementary suppression
  // would also hide the smallest shown group (e), since f = overall − the others.
  h: [6, 3],
};
const rows = Object.entries(sizes).flatMap(([g, [n, sel]]) =>
  Array.from({ length: n }, (_, i) => ({ g, s: i < sel ? 0.9 : 0.1, y: i % 2 })),
);

const policy = (over: Partial<PolicyInput> = {}): Policy =>
  validatePolicy({ rules: [{ metric: 'disparate_impact', min: 0.8 }], ...over });

let result: AuditResult;
beforeAll(async () => {
  result = await audit(
    { rows },
    {
      roles: { score: 's', label: 'y', groups: [{ column: 'g' }] },
      replicates: 2000,
      seed: 7,
      createdAt: '2026-01-01T00:00:00Z',
    },
  );
});

const byGroup = (vs: readonly Verdict[]) => Object.fromEntries(vs.map((v) => [v.group?.join('&') ?? '-', v]));

describe('crafted counts: the interval straddles the bound where the point estimate does not', () => {
  it('has the intervals the cases rely on', () => {
    const di = (g: string) =>
      result.attributes[0]!.groups.find((x) => x.values[0] === g)!.disparities!.disparate_impact!;
    expect(di('b').value).toBeCloseTo(0.75);
    expect(di('b').interval!.low).toBeLessThan(0.8);
    expect(di('b').interval!.high).toBeGreaterThan(0.8);
    expect(di('c').value).toBeCloseTo(26 / 60 / 0.5);
    expect(di('c').interval!.low).toBeLessThan(0.8);
    expect(di('d').interval!.high).toBeLessThan(0.8);
  });

  it('point: the point estimate decides', () => {
    const v = byGroup(evaluatePolicy(result, policy({ uncertainty: 'point' })));
    expect(v.b!.status).toBe('fail');
    expect(v.c!.status).toBe('pass');
    expect(v.d!.status).toBe('fail');
  });

  it('confident (default): fails only when the whole interval is below 0.8; b is a warning', () => {
    const v = byGroup(evaluatePolicy(result, policy()));
    expect(v.b!.status).toBe('warn');
    expect(v.b!.reason).toMatch(
      /^g b vs a: disparate_impact 0\.750 \[[\d.]+, [\d.]+\] is below the minimum 0\.8, but its 95% interval reaches back across it, so it does not fail\.$/,
    );
    expect(v.c!.status).toBe('pass');
    expect(v.d!.status).toBe('fail');
    expect(v.d!.reason).toMatch(/with its whole 95% interval\.$/);
  });

  it('cautious: fails as soon as the interval reaches below 0.8', () => {
    const v = byGroup(evaluatePolicy(result, policy({ uncertainty: 'cautious' })));
    expect(v.b!.status).toBe('fail');
    expect(v.c!.status).toBe('fail');
    expect(v.d!.status).toBe('fail');
  });

  it('a rule can set its own mode', () => {
    const p = policy({ rules: [{ metric: 'disparate_impact', min: 0.8, uncertainty: 'cautious' }] });
    expect(byGroup(evaluatePolicy(result, p)).c!.status).toBe('fail');
  });

  it('carries value, interval, bound, reference and n in every verdict; skips the reference itself', () => {
    const vs = evaluatePolicy(result, policy());
    expect(vs.map((v) => v.group?.[0])).toEqual(['b', 'c', 'd', 'e', 'f', 'h']);
    const d = byGroup(vs).d!;
    expect(d).toMatchObject({
      rule: 0,
      ruleText: 'disparate_impact >= 0.8',
      metric: 'disparate_impact',
      attributes: ['g'],
      group: ['d'],
      reference: ['a'],
      n: 300,
      bound: { min: 0.8 },
      warn: null,
      abs: false,
      uncertainty: 'confident',
    });
    expect(d.value).toBeCloseTo(0.6);
    expect(d.interval!.low).toBeLessThan(0.6);
  });

  it('small and suppressed groups get insufficient-data', () => {
    const v = byGroup(evaluatePolicy(result, policy()));
    expect(v.e).toMatchObject({ status: 'insufficient-data', n: 20, value: null });
    expect(v.e!.reason).toBe('g e vs a: the group has 20 rows, fewer than the minimum of 30 for a verdict.');
    expect(v.f).toMatchObject({ status: 'insufficient-data', n: null });
    expect(v.f!.reason).toBe('g f: suppressed (fewer than 10 rows), so not judged.');
    // A lower minimum gives e a verdict.
    expect(byGroup(evaluatePolicy(result, policy({ min_group_size: 10 }))).e!.status).toBe('pass');
  });

  it('a group withheld by complementary suppression gets insufficient-data, never silence', async () => {
    // big and other 300 rows each (half selected), mid 80 rows of which none is selected (DI 0),
    // tiny 6 rows: tiny is suppressed, and mid (the smallest shown) with it, so tiny = overall −
    // the others cannot be worked out. mid's numbers are not in the result: it cannot be judged.
    const groups: Record<string, [number, number]> = {
      big: [300, 150],
      other: [300, 150],
      mid: [80, 0],
      tiny: [6, 3],
    };
    const data = Object.entries(groups).flatMap(([g, [n, sel]]) =>
      Array.from({ length: n }, (_, i) => ({ g, s: i < sel ? 0.9 : 0.1, y: i % 2 })),
    );
    const r = await audit(
      { rows: data },
      { roles: { score: 's', label: 'y', groups: [{ column: 'g' }] }, replicates: 200, seed: 1 },
    );
    expect(r.attributes[0]!.suppressed.map((x) => [x.values[0], x.reason])).toEqual(
      expect.arrayContaining([
        ['tiny', 'suppressed'],
        ['mid', 'complementary'],
      ]),
    );
    const v = byGroup(evaluatePolicy(r, policy()));
    expect(v.mid).toMatchObject({ status: 'insufficient-data', n: null, value: null });
    expect(v.mid!.reason).toMatch(
      /^g mid: withheld so that a suppressed group cannot be worked out by subtraction/,
    );
    expect(v.tiny!.status).toBe('insufficient-data');
  });

  it('warn bands and abs rules', () => {
    const p = policy({
      uncertainty: 'point',
      rules: [
        { metric: 'disparate_impact', min: 0.6, warn: 0.9 },
        { metric: 'selection_rate_difference', abs: true, max: 0.3, warn: 0.1 },
      ],
    });
    const vs = evaluatePolicy(result, p);
    const di = byGroup(vs.filter((v) => v.rule === 0));
    expect(di.b!.status).toBe('warn');
    expect(di.c!.status).toBe('warn');
    expect(di.d!.status).toBe('warn'); // 0.6 is not below 0.6
    const sr = byGroup(vs.filter((v) => v.rule === 1));
    expect(sr.d!.value).toBeCloseTo(0.2);
    expect(sr.d!.status).toBe('warn');
    expect(sr.d!.ruleText).toBe('abs(selection_rate_difference) <= 0.3 (warn above 0.1)');
  });

  it('aggregates are judged once per attribute, on the point estimate', () => {
    const p = policy({ rules: [{ metric: 'demographic_parity_difference', max: 0.1 }] });
    const [v, ...rest] = evaluatePolicy(result, p);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({
      group: null,
      attributes: ['g'],
      status: 'fail',
      interval: null,
      uncertainty: 'point',
    });
    // between groups: max 0.5 (a, e) − min 0.3 (d)
    expect(v!.value).toBeCloseTo(0.2);
  });

  it('group metrics and population indices', () => {
    const p = policy({
      rules: [
        { metric: 'selection_rate', min: 0.36 },
        { metric: 'generalized_entropy_index', max: 1 },
      ],
    });
    const vs = evaluatePolicy(result, p);
    const sel = byGroup(vs.filter((v) => v.rule === 0));
    expect(Object.keys(sel)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'h']); // no reference: every group
    expect(sel.d!.status).toBe('fail'); // 0.3, Wilson interval [0.252, 0.353] wholly below 0.36
    const ge = vs.filter((v) => v.rule === 1);
    expect(ge).toHaveLength(1);
    expect(ge[0]).toMatchObject({ attributes: [], group: null, status: 'pass' });
  });
});

describe('hand-built results: undefined metrics, scopes and intersections', () => {
  const group = (values: string[], n: number, disparities: Record<string, unknown>, isReference = false) => ({
    attributes: values.length === 1 ? ['gender'] : ['gender', 'age'],
    values,
    n,
    status: 'ok',
    isReference,
    metrics: {},
    disparities,
  });
  const made = {
    overallIndices: {},
    attributes: [
      {
        attributes: ['gender'],
        reference: { rule: 'largest', values: ['m'] },
        groups: [
          group(['m'], 500, { equal_opportunity_difference: { value: 0, reference: ['m'] } }, true),
          group(['f'], 400, {
            equal_opportunity_difference: {
              value: null,
              reason: 'not defined (no positives in group)',
              reference: ['m'],
            },
          }),
        ],
        aggregates: {},
        suppressed: [],
      },
      {
        attributes: ['gender', 'age'],
        reference: { rule: 'largest', values: ['m', 'young'] },
        groups: [
          group(
            ['m', 'young'],
            300,
            { equal_opportunity_difference: { value: 0, reference: ['m', 'young'] } },
            true,
          ),
          group(['f', 'old'], 100, {
            equal_opportunity_difference: {
              value: -0.3,
              interval: { low: -0.4, high: -0.2 },
              reference: ['m', 'young'],
            },
          }),
        ],
        aggregates: {},
        suppressed: [],
      },
    ],
  } as unknown as AuditResult;
  const rule = { metric: 'equal_opportunity_difference', abs: true, max: 0.1 };
  const attributes = [{ column: 'gender' }, { column: 'age' }];

  it('an undefined metric is insufficient-data with its reason', () => {
    const [v] = evaluatePolicy(made, policy({ rules: [rule] }));
    expect(v).toMatchObject({ status: 'insufficient-data', group: ['f'], reference: ['m'] });
    expect(v!.reason).toBe(
      'gender f vs m: equal_opportunity_difference is not defined (no positives in group).',
    );
  });

  it('intersections are checked only when the policy says so', () => {
    expect(evaluatePolicy(made, policy({ rules: [rule] }))).toHaveLength(1);
    const pairs = evaluatePolicy(made, policy({ rules: [rule], intersections: 'pairs' }));
    expect(pairs.map((v) => [v.group, v.status])).toEqual([
      [['f'], 'insufficient-data'],
      [['f', 'old'], 'fail'],
    ]);
    const listed = evaluatePolicy(made, policy({ attributes, rules: [rule], intersections: ['age*gender'] }));
    // gender's f, the listed pair, and age: an attribute of the policy the result does not hold is
    // named, not passed over.
    expect(listed.map((v) => [v.attributes.join('*'), v.status])).toEqual([
      ['gender', 'insufficient-data'],
      ['gender*age', 'fail'],
      ['age', 'insufficient-data'],
    ]);
    expect(listed[2]!.reason).toBe('age: not audited, so equal_opportunity_difference cannot be judged.');
  });

  it('a rule scoped to attributes sees only them; one not audited is insufficient-data', () => {
    const p = policy({
      attributes: [...attributes, { column: 'region' }],
      rules: [{ ...rule, attributes: ['gender*age', 'region'] }],
    });
    const vs = evaluatePolicy(made, p);
    expect(vs.map((v) => v.status)).toEqual(['fail', 'insufficient-data']);
    expect(vs[0]!.ruleText).toBe('abs(equal_opportunity_difference) <= 0.1 for gender*age, region');
    expect(vs[1]!.reason).toBe('region: not audited, so equal_opportunity_difference cannot be judged.');
  });

  it('a metric the audit did not compute is insufficient-data, naming what it needs', () => {
    const [v] = evaluatePolicy(made, policy({ rules: [{ metric: 'auc_gap', max: 0.05 }] }));
    expect(v!.reason).toBe(
      'gender f: auc_gap was not computed (it needs a label column, and a score or decision).',
    );
  });

  it('a reference group below the minimum size gives insufficient-data', () => {
    const small = structuredClone(made) as unknown as { attributes: { groups: { n: number }[] }[] };
    small.attributes[0]!.groups[0]!.n = 25;
    const p = policy({ rules: [{ metric: 'equal_opportunity_difference', max: 0.1 }] });
    small.attributes[0]!.groups[1]!.n = 400;
    const [v] = evaluatePolicy(small as unknown as AuditResult, p);
    expect(v!.reason).toBe(
      'gender f vs m: the reference group has 25 rows, fewer than the minimum of 30 for a verdict.',
    );
  });
});

describe('policyOutcome and outcomeReason', () => {
  const counts = (fail: number, warn: number, pass: number, insufficient: number) => ({
    fail,
    warn,
    pass,
    'insufficient-data': insufficient,
  });
  const statuses = (c: ReturnType<typeof counts>) =>
    Object.entries(c).flatMap(([status, n]) =>
      Array.from({ length: n }, () => ({ status }) as Pick<Verdict, 'status'>),
    );

  it('says why when no verdict of the outcome status explains it', () => {
    // A failed verdict, or a warning, speaks for itself.
    expect(outcomeReason('fail', counts(1, 0, 3, 2))).toBeNull();
    expect(outcomeReason('warn', counts(0, 1, 3, 2))).toBeNull();
    expect(outcomeReason('pass', counts(0, 0, 3, 0))).toBeNull();
    // Insufficient data counted as the policy says.
    const warn = policyOutcome(statuses(counts(0, 0, 3, 2)), { insufficient_data: 'warn' });
    expect(warn.status).toBe('warn');
    expect(outcomeReason(warn.status, warn.counts)).toBe(
      'insufficient data counts as a warning under insufficient_data: warn',
    );
    const fail = policyOutcome(statuses(counts(0, 0, 3, 2)), { insufficient_data: 'fail' });
    expect(outcomeReason(fail.status, fail.counts)).toBe(
      'insufficient data counts as a failure under insufficient_data: fail',
    );
    // Nothing judged: the gate fails, even when insufficient data is ignored.
    const none = policyOutcome(statuses(counts(0, 0, 0, 4)), { insufficient_data: 'ignore' });
    expect(none.status).toBe('fail');
    expect(outcomeReason(none.status, none.counts)).toMatch(
      /^no rule could be judged: every verdict is insufficient data/,
    );
    expect(outcomeReason('fail', counts(0, 0, 0, 0))).toMatch(/^no rule could be judged, and/);
  });
});

describe('a policy judging an audit computed otherwise', () => {
  it('is refused, naming what differs (decision, reference), not judged on the wrong numbers', async () => {
    const data = Array.from({ length: 400 }, (_, i) => ({
      s: (i % 100) / 100,
      y: i % 2,
      g: i % 3 ? 'f' : 'm',
    }));
    const r = await audit(
      { rows: data },
      { roles: { score: 's', label: 'y', groups: [{ column: 'g' }] }, replicates: 50 },
    );
    const p = validatePolicy({
      attributes: [{ column: 'g', reference: 'm' }],
      decision: { threshold: 0.7 },
      rules: [{ metric: 'disparate_impact', min: 0.8 }],
    });
    expect(() => evaluatePolicy(r, p)).toThrow(
      expect.objectContaining({
        code: 'policy_result_mismatch',
        message:
          'The audit was not computed as the policy asks, so its verdicts would judge other numbers: the decision: the policy selects score >= 0.7, the audit score >= 0.5; the reference group of g: the policy names m, the audit compared with f.',
      }),
    );
    // The same audit run with the policy is judged.
    const withPolicy = await audit(
      { rows: data },
      { roles: { score: 's', label: 'y' }, policy: p, replicates: 50 },
    );
    expect(withPolicy.verdicts!.length).toBeGreaterThan(0);
  });
});
