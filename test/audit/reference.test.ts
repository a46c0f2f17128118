import { describe, expect, it } from 'vitest';
import { splitReference } from '../../src/audit/options.js';
import { audit } from '../../src/index.js';
import { parsePolicy, resolvePolicy } from '../../src/policy/index.js';

// Three groups with known selection rates (threshold 0.5) and TPRs:
//   a: 40 rows, 20 selected → selection 0.50; positives 10, 8 selected → tpr 0.8
//   b: 30 rows,  6 selected → selection 0.20; positives 10, 4 selected → tpr 0.4
//   c: 20 rows, 12 selected → selection 0.60; positives 10, 9 selected → tpr 0.9
function rows() {
  const out: { g: string; s: number; y: number }[] = [];
  const add = (g: string, n: number, selected: number, pos: number, posSelected: number) => {
    for (let i = 0; i < n; i++) {
      const y = i < pos ? 1 : 0;
      const sel = y === 1 ? i < posSelected : i - pos < selected - posSelected;
      out.push({ g, s: sel ? 0.9 : 0.1, y });
    }
  };
  add('a', 40, 20, 10, 8);
  add('b', 30, 6, 10, 4);
  add('c', 20, 12, 10, 9);
  return out;
}

const run = (reference: string) =>
  audit(
    { rows: rows() },
    {
      roles: { score: 's', label: 'y', groups: [{ column: 'g' }] },
      reference,
      replicates: 50,
      minGroupSize: 1,
    },
  );

function group(r: Awaited<ReturnType<typeof run>>, v: string) {
  return r.attributes[0]!.groups.find((g) => g.values[0] === v)!;
}

describe('reference group rules', () => {
  it('largest (default): the group with most rows, for every metric', async () => {
    const r = await run('largest');
    expect(r.attributes[0]!.reference).toEqual({ rule: 'largest', values: ['a'] });
    expect(group(r, 'b').disparities!.disparate_impact!.value).toBeCloseTo(0.2 / 0.5, 12);
    expect(group(r, 'c').disparities!.equal_opportunity_difference!.value).toBeCloseTo(0.9 - 0.8, 12);
    expect(group(r, 'a').isReference).toBe(true);
  });

  it('an explicit group, written ATTRIBUTE=VALUE', async () => {
    const r = await run('g=c');
    expect(r.attributes[0]!.reference.values).toEqual(['c']);
    expect(group(r, 'a').disparities!.disparate_impact!.value).toBeCloseTo(0.5 / 0.6, 12);
    expect(group(r, 'b').disparities!.disparate_impact!.reference).toEqual(['c']);
  });

  it('min-metric: per metric, the group with the lowest value (ratios ≥ 1, as Aequitas reports)', async () => {
    const r = await run('min-metric');
    expect(r.attributes[0]!.reference.rule).toBe('min-metric');
    // Lowest selection rate is b (0.2): a/b = 2.5, c/b = 3.
    expect(group(r, 'a').disparities!.disparate_impact!.value).toBeCloseTo(2.5, 12);
    expect(group(r, 'c').disparities!.disparate_impact!.reference).toEqual(['b']);
    // Lowest TPR is b too (0.4): c − b = 0.5.
    expect(group(r, 'c').disparities!.equal_opportunity_difference!.value).toBeCloseTo(0.5, 12);
  });

  it('best: per metric, the group with the most favourable value', async () => {
    const r = await run('best');
    // Highest selection rate (favourable: higher) is c (0.6): b/c = 1/3.
    expect(group(r, 'b').disparities!.disparate_impact!.value).toBeCloseTo(0.2 / 0.6, 12);
    expect(group(r, 'b').disparities!.disparate_impact!.reference).toEqual(['c']);
  });

  it('an unknown reference value or attribute is a usage error naming the choices', async () => {
    await expect(run('g=zzz')).rejects.toMatchObject({ code: 'unknown_reference' });
    await expect(run('gender=male')).rejects.toMatchObject({ code: 'bad_reference' });
    await expect(run('nonsense')).rejects.toMatchObject({ code: 'bad_reference' });
  });
});

describe('references to bins, whose labels hold a comma', () => {
  // The groups above, with an age of 20, 30 or 40 by row: bins <25, [25, 35) and >=35.
  const withAge = () => rows().map((r, i) => ({ ...r, age: [20, 30, 40][i % 3]! }));
  const runAge = (reference: string) =>
    audit(
      { rows: withAge() },
      {
        roles: { score: 's', label: 'y', groups: [{ column: 'g' }, { column: 'age', edges: [25, 35] }] },
        reference,
        intersections: 'none',
        replicates: 50,
        minGroupSize: 1,
      },
    );

  it('splitReference splits only at commas that start an ATTRIBUTE= pair', () => {
    expect(splitReference('age=[25, 35)')).toEqual(['age=[25, 35)']);
    expect(splitReference('g=b,age=[25, 35)')).toEqual(['g=b', 'age=[25, 35)']);
    expect(splitReference('age=[25, 35), g=b')).toEqual(['age=[25, 35)', ' g=b']);
    expect(splitReference('age=>=35,g=b')).toEqual(['age=>=35', 'g=b']);
    expect(splitReference('gender=male,age_band=25-34')).toEqual(['gender=male', 'age_band=25-34']);
  });

  it('names the bin, alone or with other pairs, in either order', async () => {
    for (const reference of ['age=[25, 35)', 'g=b,age=[25, 35)', 'age=[25, 35), g=b']) {
      const r = await runAge(reference);
      const age = r.attributes.find((a) => a.attributes[0] === 'age')!;
      expect(age.reference).toEqual({ rule: 'age=[25, 35)', values: ['[25, 35)'] });
      expect(age.groups.find((g) => g.isReference)!.values).toEqual(['[25, 35)']);
      const g = r.attributes.find((a) => a.attributes[0] === 'g')!;
      expect(g.reference.values).toEqual([reference === 'age=[25, 35)' ? 'a' : 'b']);
    }
  });

  it('a value that is not a group is an error listing the groups as --reference takes them', async () => {
    const e = await runAge('age=[25,35)').catch((x: unknown) => x);
    expect(e).toMatchObject({
      code: 'unknown_reference',
      message: 'The reference group age=[25,35) is not among the groups shown for age.',
      hint: 'Did you mean "age=[25, 35)"? Valid groups: "age=<25", "age=[25, 35)", "age=>=35" (groups under 10 rows are suppressed).',
    });
  });

  it('a policy keeps the bin as the reference when --reference names it', () => {
    const policy = parsePolicy(
      'attributes:\n  - column: g\n  - column: age\n    bins: [25, 35]\nrules:\n  - metric: disparate_impact\n    min: 0.8\n',
    );
    const r = resolvePolicy(policy, { roles: { groups: [] }, settings: { reference: 'g=b,age=[25, 35)' } });
    expect(r.policy.attributes).toEqual([
      { column: 'g', reference: 'b' },
      { column: 'age', bins: [25, 35], reference: '[25, 35)' },
    ]);
  });
});
