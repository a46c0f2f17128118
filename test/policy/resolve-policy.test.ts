/**
 * Options override the policy file, and the effective policy (with its SHA-256) says exactly which
 * criteria an audit was judged by.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, parsePolicy, policySha256, resolvePolicy } from '../../src/policy/index.js';

const policy = parsePolicy(`columns: { score: s, label: y }
attributes:
  - column: gender
    reference: male
  - column: age
    bins: [30, 50]
decision: { select_top: 20% }
min_group_size: 50
suppress_below: 5
confidence: 0.9
intersections: [gender*age]
rules:
  - metric: disparate_impact
    min: 0.8
`);

describe('resolvePolicy', () => {
  it('the policy supplies roles and audit settings', () => {
    const r = resolvePolicy(policy, { roles: { groups: [] }, settings: {} });
    expect(r.roles).toMatchObject({
      score: 's',
      label: 'y',
      groups: [{ column: 'gender' }, { column: 'age', edges: [30, 50] }],
    });
    expect(r.settings).toMatchObject({
      selectTop: '20%',
      reference: 'gender=male',
      minGroupSize: 50,
      suppressBelow: 5,
      confidence: 0.9,
      intersections: 'pairs',
    });
    expect(r.overridden).toEqual([]);
    expect(r.policy.decision).toEqual({ select_top: '20%' });
  });

  it('options override it, and the effective policy records the overrides', () => {
    const r = resolvePolicy(policy, {
      roles: { score: 'p', groups: [{ column: 'gender' }, { column: 'region' }] },
      settings: { threshold: 0.6, minGroupSize: 20, reference: 'gender=female', intersections: 'none' },
    });
    expect(r.settings).toMatchObject({
      threshold: 0.6,
      selectTop: undefined,
      minGroupSize: 20,
      reference: 'gender=female',
    });
    expect(r.roles.score).toBe('p');
    expect(r.policy).toMatchObject({
      columns: { score: 'p', label: 'y' },
      attributes: [{ column: 'gender', reference: 'female' }, { column: 'region' }],
      decision: { threshold: 0.6 },
      min_group_size: 20,
      suppress_below: 5,
      intersections: 'none',
    });
    expect([...r.overridden].sort()).toEqual([
      'attributes',
      'decision',
      'intersections',
      'min_group_size',
      'reference',
    ]);
  });

  it('a reference rule on the command line drops the policy reference groups', () => {
    const r = resolvePolicy(policy, { roles: { groups: [] }, settings: { reference: 'best' } });
    expect(r.policy.reference).toBe('best');
    expect(r.policy.attributes!.every((a) => a.reference === undefined)).toBe(true);
    expect(r.settings.reference).toBe('best');
  });

  it('needs an attribute from somewhere', () => {
    const bare = parsePolicy('rules:\n  - metric: disparate_impact\n    min: 0.8\n');
    expect(() => resolvePolicy(bare, { roles: { groups: [] }, settings: {} })).toThrow(
      'Name at least one sensitive attribute.',
    );
  });
});

describe('policySha256', () => {
  it('depends on the criteria, not on the layout of the file', () => {
    const a = parsePolicy('rules:\n  - metric: disparate_impact\n    min: 0.8\nmin_group_size: 30\n');
    const b = parsePolicy('# comment\nmin_group_size: 30\nrules: [{ min: 0.8, metric: disparate_impact }]\n');
    expect(policySha256(a)).toBe(policySha256(b));
    expect(policySha256(a)).not.toBe(policySha256({ ...a, min_group_size: 31 }));
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [2, 1] } })).toBe('{"a":{"c":[2,1]},"b":1}');
  });
});
