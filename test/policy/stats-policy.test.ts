/**
 * A policy judging an audit of saved statistics: the same verdicts and effective policy as judging
 * the data, and a clear error wherever the policy's columns, attributes, decision or intersections
 * disagree with those the stats were computed with.
 */
import { describe, expect, it } from 'vitest';
import { type AuditResult, audit, auditFromStats, collectStats } from '../../src/audit/index.js';
import type { GroupSpec } from '../../src/data/index.js';
import { judgeAudit, parsePolicy, resolvePolicyForStats } from '../../src/policy/index.js';

// g: a (120 rows, half selected), b (120 rows, a quarter selected); age 20/30/40 by row; half converted.
const rows = Array.from({ length: 240 }, (_, i) => {
  const g = i < 120 ? 'a' : 'b';
  const j = i % 120;
  return { s: j < (g === 'a' ? 60 : 30) ? 0.9 : 0.1, y: j % 2, g, age: [20, 30, 40][i % 3]!, w: 1 + (i % 2) };
});
const GROUPS: GroupSpec[] = [{ column: 'g' }, { column: 'age', edges: [25, 35] }];
const POLICY = `columns: { score: s, label: y }
attributes:
  - column: g
    reference: a
  - column: age
    bins: [25, 35]
    reference: "[25, 35)"
rules:
  - metric: disparate_impact
    min: 0.8
`;
const stats = (
  options: Parameters<typeof collectStats>[1] = { roles: { score: 's', label: 'y', groups: GROUPS } },
) => collectStats({ rows }, options);
const settings = { replicates: 100, createdAt: '2026-01-01T00:00:00Z' } as const;

function judged(policyText: string, s: Awaited<ReturnType<typeof stats>>) {
  const resolved = resolvePolicyForStats(parsePolicy(policyText), s, { replicates: 100 });
  // the settings an audit of stats takes; the stats' own decision and intersections stay recorded
  const { reference, minGroupSize, suppressBelow, confidence, replicates } = resolved.settings;
  const options = { reference, minGroupSize, suppressBelow, confidence, replicates };
  return judgeAudit(auditFromStats([s], { ...options, createdAt: settings.createdAt }), resolved);
}

const mismatch = (f: () => unknown, message: RegExp) =>
  expect(f).toThrow(
    expect.objectContaining({ code: 'policy_stats_mismatch', message: expect.stringMatching(message) }),
  );

describe('resolvePolicyForStats', () => {
  it('judges the stats as audit(data, { policy }) judges the data: same verdicts and effective policy', async () => {
    const fromData = (await audit(
      { rows },
      { roles: { groups: [] }, policy: parsePolicy(POLICY), ...settings },
    )) as AuditResult & Required<Pick<AuditResult, 'policy' | 'verdicts'>>;
    const fromStats = judged(POLICY, await stats());
    expect(fromStats.verdicts).toEqual(fromData.verdicts);
    expect(fromStats.policy).toEqual(fromData.policy);
    expect(fromStats.policy.overridden).toEqual([]);
    // the binned attribute's reference, whose label holds a comma, is the reference judged
    expect(fromStats.attributes.find((a) => a.attributes[0] === 'age')!.reference.values).toEqual([
      '[25, 35)',
    ]);
    expect(fromStats.verdicts.map((v) => [v.group, v.reference])).toContainEqual([['<25'], ['[25, 35)']]);
  });

  it('the stats supply what the policy leaves out: columns, attributes and decision (recorded as overridden)', async () => {
    const silent = 'rules:\n  - metric: disparate_impact\n    min: 0.8\n';
    const r = judged(
      silent,
      await stats({ roles: { score: 's', label: 'y', weight: 'w', groups: GROUPS }, threshold: 0.6 }),
    );
    expect(r.policy.effective).toMatchObject({
      columns: { score: 's', label: 'y', weight: 'w' },
      attributes: [{ column: 'g' }, { column: 'age', bins: [25, 35] }],
      decision: { threshold: 0.6 },
    });
    expect([...r.policy.overridden].sort()).toEqual(['attributes', 'decision']);
    expect(r.decision).toMatchObject({ kind: 'threshold', threshold: 0.6 });
  });

  it('a column the stats were computed with, or without, is an error', async () => {
    const s = await stats();
    mismatch(
      () => judged(POLICY.replace('label: y', 'label: won'), s),
      /label column "won", but the stats were computed with "y"/,
    );
    mismatch(
      () => judged(POLICY.replace('label: y', 'label: y, weight: w'), s),
      /weight column "w", but the stats were computed without a weight column/,
    );
  });

  it('other attributes or bins are an error naming both lists (the order does not matter)', async () => {
    const s = await stats();
    mismatch(
      () => judged(POLICY.replace('bins: [25, 35]', 'bins: [25, 40]'), s),
      /^The policy's attributes \(g, age:25,40\) differ from those the stats were computed with \(g, age:25,35\)\.$/,
    );
    const onlyG = await stats({ roles: { score: 's', label: 'y', groups: [{ column: 'g' }] } });
    mismatch(() => judged(POLICY, onlyG), /attributes \(g, age:25,35\) differ .* \(g\)/);
    const reordered =
      'attributes:\n  - column: age\n    bins: [25, 35]\n  - column: g\nrules:\n  - metric: disparate_impact\n    min: 0.8\n';
    expect(judged(reordered, s).policy.overridden).toEqual([]);
  });

  it('another decision is an error; the same one is not overridden', async () => {
    const s = await stats();
    mismatch(
      () => judged(`${POLICY}decision: { threshold: 0.6 }\n`, s),
      /^The policy decides by threshold 0\.6, but the stats were computed with threshold 0\.5\.$/,
    );
    mismatch(
      () => judged(`${POLICY}decision: { select_top: 20% }\n`, s),
      /decides by select_top 20%, but the stats were computed with threshold 0\.5/,
    );
    const top = await stats({ roles: { score: 's', label: 'y', groups: GROUPS }, selectTop: '20%' });
    expect(judged(`${POLICY}decision: { select_top: 20% }\n`, top).policy.overridden).toEqual([]);
    mismatch(() => judged(`${POLICY}decision: { threshold: 0.5 }\n`, top), /computed with select_top 20%/);
  });

  it('intersections the policy checks but the stats lack are an error; extra ones are not judged', async () => {
    const none = await stats({ roles: { score: 's', label: 'y', groups: GROUPS }, intersections: 'none' });
    mismatch(
      () => judged(`${POLICY}intersections: pairs\n`, none),
      /^The policy checks the intersection g × age, which the stats do not hold\.$/,
    );
    mismatch(() => judged(`${POLICY}intersections: [age*g]\n`, none), /intersection age × g/);
    // stats with pairs, policy with none (its default): the pair is audited but not judged
    const withPairs = await stats();
    const pairs = judged(POLICY, withPairs);
    expect(pairs.attributes.map((a) => a.attributes.length)).toContain(2);
    expect(pairs.verdicts.every((v) => v.attributes.length === 1)).toBe(true);
    // the options choose which intersections are judged, as with data
    const judgedPairs = resolvePolicyForStats(parsePolicy(POLICY), withPairs, { intersections: 'pairs' });
    expect(judgedPairs.overridden).toEqual(['intersections']);
    expect(
      judgeAudit(
        auditFromStats([withPairs], { reference: judgedPairs.settings.reference, replicates: 100 }),
        judgedPairs,
      ).verdicts.some((v) => v.attributes.length === 2),
    ).toBe(true);
    mismatch(
      () => resolvePolicyForStats(parsePolicy(POLICY), none, { intersections: 'pairs' }),
      /intersection g × age, which the stats do not hold/,
    );
  });
});
