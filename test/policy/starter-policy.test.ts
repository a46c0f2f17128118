/**
 * The starter policy of `fairprobe init` validates and, run on datasets/prospects.csv, finds the
 * injected biases (datasets/README.md): female and 55+ fail the four-fifths rule; company_size, fair
 * by construction, passes every rule.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectData } from '../../src/data/index.js';
import { type AuditResult, audit } from '../../src/index.js';
import { parsePolicy, starterPolicy, type Verdict } from '../../src/policy/index.js';

const DATA = 'datasets/prospects.csv';

describe('the starter policy', () => {
  it('validates, with the four-fifths rule, equal opportunity, calibration gap and minimum sizes', () => {
    const p = parsePolicy(starterPolicy());
    expect(p.rules).toEqual([
      { metric: 'disparate_impact', abs: false, min: 0.8, warn: 0.9 },
      { metric: 'equal_opportunity_difference', abs: true, max: 0.1, warn: 0.05 },
      { metric: 'calibration_gap', abs: false, max: 0.05, warn: 0.03 },
    ]);
    expect(p).toMatchObject({ uncertainty: 'confident', min_group_size: 30, suppress_below: 10 });
    expect(starterPolicy()).toMatch(/^# .*confident: fail only when the whole confidence interval/m);
  });

  let result: AuditResult;
  const of = (attr: string, group: string, metric: string): Verdict | undefined =>
    result.verdicts!.find((v) => v.attributes[0] === attr && v.group?.[0] === group && v.metric === metric);

  beforeAll(async () => {
    result = await audit(DATA, {
      roles: {
        score: 'score',
        label: 'converted',
        groups: [{ column: 'gender' }, { column: 'age_band' }, { column: 'company_size' }],
      },
      policy: parsePolicy(starterPolicy()),
      createdAt: '2026-01-01T00:00:00Z',
    });
  });

  it('runs on datasets/prospects.csv: female and 55+ fail the four-fifths rule', () => {
    expect(of('gender', 'female', 'disparate_impact')!.status).toBe('fail');
    expect(of('age_band', '55+', 'disparate_impact')!.status).toBe('fail');
    expect(of('gender', 'non-binary', 'disparate_impact')!.status).toBe('pass');
    const fails = result.verdicts!.filter((v) => v.status === 'fail');
    expect(fails.map((v) => `${v.attributes[0]}=${v.group![0]}`)).toEqual(['gender=female', 'age_band=55+']);
    expect(result.policy!.outcome.status).toBe('fail');
  });

  it('the equal opportunity gaps of female and 55+ are beyond 0.1 at least on the point estimate', () => {
    for (const [a, g] of [
      ['gender', 'female'],
      ['age_band', '55+'],
    ] as const) {
      const v = of(a, g, 'equal_opportunity_difference')!;
      expect(v.value!).toBeGreaterThan(0.1);
      expect(['warn', 'fail']).toContain(v.status);
    }
  });

  it('company_size (the control) passes every rule', () => {
    const cs = result.verdicts!.filter((v) => v.attributes[0] === 'company_size');
    expect(cs).toHaveLength(4 * 3); // 4 non-reference groups × 3 rules
    expect(cs.every((v) => v.status === 'pass')).toBe(true);
  });

  it('records the effective policy and its SHA-256', () => {
    expect(result.policy!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.policy!.effective.attributes!.map((a) => a.column)).toEqual([
      'gender',
      'age_band',
      'company_size',
    ]);
    expect(result.policy!.overridden).toEqual(['attributes']);
  });
});

describe('the starter policy for a data source (init --for)', () => {
  it('names the score, label and sensitive-looking columns with the largest group as reference', async () => {
    const text = starterPolicy(await inspectData(DATA));
    const p = parsePolicy(text);
    expect(p.columns).toEqual({ score: 'score', label: 'converted' });
    expect(p.attributes).toEqual([
      { column: 'gender', reference: 'male' },
      { column: 'age_band', reference: '25-34' },
      { column: 'region', reference: 'west' },
    ]);
    expect(text).toContain('reference: male    # the largest group (male 9810, female 9602, non-binary 588)');
  });

  it('bins numeric sensitive columns and still validates', () => {
    const text = starterPolicy({
      source: 'people.csv',
      format: 'csv',
      rows: 100,
      notes: [],
      columns: [
        {
          name: 'age',
          type: 'BIGINT',
          kind: 'number',
          missing: 0,
          distinct: 60,
          min: '18',
          max: '80',
          guesses: [{ role: 'sensitive', reason: '' }],
        },
        {
          name: 'sex',
          type: 'VARCHAR',
          kind: 'string',
          missing: 0,
          distinct: 40,
          guesses: [{ role: 'sensitive', reason: '' }],
        },
      ],
    });
    const p = parsePolicy(text);
    expect(p.attributes).toEqual([{ column: 'age', bins: [25, 35, 45, 55] }, { column: 'sex' }]);
    expect(p.columns).toBeUndefined();
  });
});
