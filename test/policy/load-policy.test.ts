/**
 * Bad policy files: every problem is named with its line, its key path, and the nearest valid name.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PolicyError } from '../../src/errors.js';
import { loadPolicy, PolicyValidationError, parsePolicy, validatePolicy } from '../../src/policy/index.js';

/** The issues of a bad policy text as "line N, path: message" strings. */
function problems(text: string): string[] {
  try {
    parsePolicy(text, { file: 'p.yml' });
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyValidationError);
    return (e as PolicyValidationError).issues.map(
      (i) => `${i.line === undefined ? '-' : `line ${i.line}`}, ${i.path || '-'}: ${i.message}`,
    );
  }
  throw new Error('the policy validated');
}

const RULE = 'rules:\n  - metric: disparate_impact\n    min: 0.8\n';

describe('valid policies', () => {
  it('fills the documented defaults', () => {
    const p = parsePolicy(RULE);
    expect(p).toEqual({
      version: 1,
      reference: 'largest',
      uncertainty: 'confident',
      confidence: 0.95,
      min_group_size: 30,
      suppress_below: 10,
      intersections: 'none',
      insufficient_data: 'warn',
      rules: [{ metric: 'disparate_impact', abs: false, min: 0.8 }],
    });
  });

  it('reads the YAML syntax of the README', () => {
    const p = parsePolicy(`attributes:
  - column: gender
    reference: male
  - column: age
    bins: [25, 35, 45, 55]
decision:
  select_top: 20%
intersections: [gender*age]
rules:
  - metric: equal_opportunity_difference
    abs: true
    max: 0.1
    warn: 0.05
    attributes: [gender, gender*age]
  - metric: disparate_impact
    min: 0.8
    max: 1.25
    warn: { min: 0.9, max: 1.11 }
  - metric: equalized_odds_difference
    max: 0.2
  - metric: equal_opportunity_difference
    aggregate: between_groups
    max: 0.15
    uncertainty: point
`);
    expect(p.rules).toHaveLength(4);
    expect(p.attributes![1]).toEqual({ column: 'age', bins: [25, 35, 45, 55] });
    expect(p.decision).toEqual({ select_top: '20%' });
  });
});

describe('bad policy files', () => {
  it('unknown metric names, with the nearest valid names', () => {
    expect(problems('rules:\n  - metric: disparate_impakt\n    min: 0.8\n')).toEqual([
      'line 2, rules[0].metric: unknown metric "disparate_impakt"; did you mean "disparate_impact"? (run `fairprobe metrics` for the list)',
    ]);
    expect(problems('rules:\n  - metric: equal_oportunity_diff\n    max: 0.1\n')[0]).toContain(
      'did you mean "equal_opportunity_difference"?',
    );
  });

  it('unknown keys, with the nearest key at that place', () => {
    expect(problems(`${RULE}    wran: 0.9\nmin_grup_size: 30\n`)).toEqual([
      'line 4, rules[0].wran: unknown key "wran" in rule 1; did you mean "warn"?',
      'line 5, min_grup_size: unknown key "min_grup_size" in the policy; did you mean "min_group_size"?',
    ]);
    expect(problems(`attributes:\n  - colum: gender\n${RULE}`)).toEqual([
      'line 2, attributes[0]: attribute 1 needs the key "column"',
      'line 2, attributes[0].colum: unknown key "colum" in attribute 1; did you mean "column"?',
    ]);
  });

  it('wrong types', () => {
    expect(problems(`min_group_size: thirty\n${RULE}`)).toEqual([
      'line 1, min_group_size: expected a number, found the text "thirty"',
    ]);
    expect(problems(`min_group_size: 2.5\n${RULE}`)).toEqual([
      'line 1, min_group_size: expected a whole number, found the number 2.5',
    ]);
    expect(problems('rules:\n  - metric: disparate_impact\n    min: [0.8]\n')).toEqual([
      'line 3, rules[0].min: expected a number, found a list',
    ]);
    expect(problems('rules:\n  - metric: auc_gap\n    max: 0.05\n    abs: yes\n')).toEqual([
      'line 4, rules[0].abs: expected a boolean, found the text "yes"',
    ]);
    expect(problems('rules: disparate_impact >= 0.8\n')).toEqual([
      'line 1, rules: expected a list, found the text "disparate_impact >= 0.8"',
    ]);
    expect(problems(`${RULE}    warn: { min: true }\n`)).toEqual([
      'line 4, rules[0].warn: expected a number, or { min: …, max: … } for a rule with both bounds',
    ]);
  });

  it('values outside a list of choices, with the nearest choice', () => {
    expect(problems(`uncertainty: confidant\n${RULE}`)).toEqual([
      'line 1, uncertainty: "confidant" is not one of point, confident or cautious; did you mean "confident"?',
    ]);
    expect(problems(`intersections: pair\n${RULE}`)).toEqual([
      'line 1, intersections: "pair" is not one of none, pairs or all; did you mean "pairs"?',
    ]);
    expect(problems(`version: 2\n${RULE}`)).toEqual(['line 1, version: expected 1, found number 2']);
    // One problem: the message ends with its question mark, not "?." (a full stop otherwise).
    expect(() => parsePolicy(`uncertainty: confidant\n${RULE}`)).toThrow(/did you mean "confident"\?$/);
    expect(() => parsePolicy(`version: 2\n${RULE}`)).toThrow(/found number 2\.$/);
  });

  it('out-of-range numbers', () => {
    expect(problems(`confidence: 95\n${RULE}`)).toEqual([
      'line 1, confidence: expected number to be <1, found number 95',
    ]);
    expect(problems('rules: []\n')).toEqual([
      'line 1, rules: a policy needs at least one rule, found a list',
    ]);
  });

  it('rules without a bound, or with warning levels on the wrong side', () => {
    expect(problems('rules:\n  - metric: disparate_impact\n    warn: 0.9\n')).toEqual([
      'line 2, rules[0]: a rule needs a bound: min (fails below it), max (fails above it), or both',
    ]);
    expect(problems(`${RULE}    warn: 0.7\n`)).toEqual([
      'line 4, rules[0].warn: the warning level 0.7 is below the fail bound min 0.8; it must be at or above it',
    ]);
    expect(problems('rules:\n  - metric: auc_gap\n    max: 0.05\n    warn: 0.1\n')).toEqual([
      'line 4, rules[0].warn: the warning level 0.1 is above the fail bound max 0.05; it must be at or below it',
    ]);
    expect(
      problems('rules:\n  - metric: disparate_impact\n    min: 0.8\n    max: 1.25\n    warn: 0.9\n'),
    ).toEqual([
      'line 5, rules[0].warn: a rule with both min and max takes its warning levels as warn: { min: …, max: … }',
    ]);
    expect(problems('rules:\n  - metric: disparate_impact\n    min: 1.3\n    max: 1.25\n')).toEqual([
      'line 3, rules[0].min: min (1.3) is above max (1.25)',
    ]);
    expect(problems(`${RULE}    aggregate: between_groups\n`)).toEqual([
      'line 4, rules[0].aggregate: "disparate_impact" is not an aggregate metric; remove aggregate: or name one of the aggregates',
    ]);
  });

  it('attribute names in rules and intersections must be listed, with the nearest name', () => {
    const head = 'attributes:\n  - column: gender\n  - column: age_band\n';
    expect(
      problems(
        `${head}intersections: [gender*age]\nrules:\n  - metric: auc_gap\n    max: 0.05\n    attributes: [gendr]\n`,
      ),
    ).toEqual([
      'line 4, intersections[0]: "age" is not one of the policy\'s attributes (gender, age_band); did you mean "age_band"?',
      'line 8, rules[0].attributes[0]: "gendr" is not one of the policy\'s attributes (gender, age_band); did you mean "gender"?',
    ]);
    expect(problems(`${head}intersections: [gender]\n${RULE}`)).toEqual([
      'line 4, intersections[0]: "gender" is not an intersection; write two or more attributes joined by *, e.g. gender*age_band',
    ]);
    expect(problems(`${head}  - column: gender\n${RULE}`)).toEqual([
      'line 4, attributes[2].column: the attribute "gender" is listed twice',
    ]);
  });

  it('the decision: a threshold or a top-k, not both', () => {
    expect(problems(`decision:\n  threshold: 0.5\n  select_top: 20%\n${RULE}`)).toEqual([
      'line 3, decision.select_top: give either decision.threshold or decision.select_top, not both',
    ]);
    expect(problems(`decision:\n  select_top: many\n${RULE}`)).toEqual([
      'line 2, decision.select_top: select_top is a count such as 500 or a share such as 20%',
    ]);
  });

  it('YAML syntax errors and empty files', () => {
    expect(problems('rules:\n  - metric: disparate_impact\n   min: 0.8\n')[0]).toMatch(
      /^line 3, -: YAML syntax error: /,
    );
    expect(problems('rules: [\n')[0]).toMatch(/^line \d, -: YAML syntax error: /);
    expect(problems('')).toEqual(['line 1, -: the policy file is empty']);
    expect(problems('# only a comment\n')).toEqual(['line 1, -: the policy file is empty']);
  });

  it('lists every problem in file order in one message, with the file and a hint', () => {
    try {
      parsePolicy(`uncertainty: sure\nrules:\n  - metric: dispirate_impact\n    min: 0.8\n`, {
        file: 'p.yml',
      });
      throw new Error('validated');
    } catch (e) {
      const err = e as PolicyValidationError;
      expect(err).toBeInstanceOf(PolicyError);
      expect(err.exitCode).toBe(1);
      expect(err.file).toBe('p.yml');
      expect(err.message).toBe(
        'p.yml is not a valid policy (2 problems):\n' +
          '  - line 1, uncertainty: "sure" is not one of point, confident or cautious\n' +
          '  - line 3, rules[0].metric: unknown metric "dispirate_impact"; did you mean "disparate_impact"? (run `fairprobe metrics` for the list)',
      );
      expect(err.describe()).toContain('fix: Compare with the starter policy from `fairprobe init`');
    }
  });

  it('validatePolicy checks objects the same way, without lines', () => {
    expect(() => validatePolicy({ rules: [{ metric: 'auc_gap', maxx: 0.1 }] })).toThrow(
      'The policy is not valid (2 problems):\n' +
        '  - rules[0].maxx: unknown key "maxx" in rule 1; did you mean "max"?\n' +
        '  - rules[0]: a rule needs a bound: min (fails below it), max (fails above it), or both',
    );
  });
});

describe('loadPolicy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fairprobe-policy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file and names it in errors', () => {
    const good = join(dir, 'good.yml');
    writeFileSync(good, RULE);
    expect(loadPolicy(good).rules[0]!.min).toBe(0.8);
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'rules:\n  - metric: tpr_diference\n    max: 0.1\n');
    expect(() => loadPolicy(bad)).toThrow(
      `${bad} is not a valid policy: line 2, rules[0].metric: unknown metric "tpr_diference"; did you mean "tpr_difference"? (run \`fairprobe metrics\` for the list).`,
    );
  });

  it('a missing file is a policy error that says how to make one', () => {
    const missing = join(dir, 'nope.yml');
    try {
      loadPolicy(missing);
      throw new Error('loaded');
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      expect((e as PolicyError).message).toBe(`Cannot read the policy file ${missing}.`);
      expect((e as PolicyError).hint).toBe(
        'Check the path, or write a starter policy with `fairprobe init`.',
      );
    }
  });
});
