import { stringify } from 'yaml';
import { type InspectResult, suggestRoles } from '../data/index.js';

/** The file `fairprobe init` writes when no name is given. */
export const DEFAULT_POLICY_FILE = 'fairness-policy.yml';

/** A plain YAML scalar (quoted only when it has to be). */
function scalar(v: string | number): string {
  return stringify(v, { lineWidth: 0 }).trimEnd();
}

/**
 * The text of a commented starter policy: the four-fifths rule on selection rates, equal
 * opportunity, a calibration gap, and minimum group sizes. With an inspected data source it names
 * the score and label columns and the sensitive-looking attributes with their largest group as the
 * reference; otherwise it uses gender and age_band as placeholders.
 * @example
 * parsePolicy(starterPolicy()).rules.map((r) => r.metric)
 * // => ['disparate_impact', 'equal_opportunity_difference', 'calibration_gap']
 */
export function starterPolicy(data?: InspectResult): string {
  const out: string[] = [
    '# yaml-language-server: $schema=https://unpkg.com/fairprobe/schema/policy.schema.json',
    '# fairprobe fairness policy, written by `fairprobe init`. Review it like code: these are the',
    '# criteria `fairprobe audit DATA --policy FILE` judges the model by, and the release gate:',
    '#   exit 0: every rule passes (warnings allowed; --fail-on warn fails on them too)',
    '#   exit 2: a rule failed · exit 1: usage or input error · exit 3: internal error',
    '# Command-line options (--threshold, --reference, --min-group-size, --group, ...) override this file;',
    '# the audit result records the effective policy and its SHA-256.',
    'version: 1',
    `name: ${scalar(data ? `Fairness policy for ${data.source}` : 'Prospect-scoring fairness policy')}`,
    '',
  ];
  // The same choice as `fairprobe inspect` suggests (a label whose name says outcome first).
  const suggested = data ? suggestRoles(data.columns) : undefined;
  const score = suggested?.score;
  const label = suggested?.label;
  out.push(
    '# The columns of the scored data, so that `fairprobe audit DATA --policy FILE` needs no role flags.',
  );
  if (data && (score || label)) {
    out.push('columns:');
    if (score) out.push(`  score: ${scalar(score)}`);
    if (label) out.push(`  label: ${scalar(label)}    # the real outcome (1 = converted)`);
  } else {
    out.push('# columns:', '#   score: score', '#   label: converted');
  }
  out.push(
    '',
    '# The sensitive attributes, each with its reference group (the group others are compared with;',
    '# default: the largest group). Bin a numeric column with edges, e.g. bins: [25, 35, 45, 55].',
    'attributes:',
  );
  const sensitive = data?.columns.filter((c) => c.guesses.some((g) => g.role === 'sensitive')) ?? [];
  if (!data) {
    out.push('  - column: gender', '    # reference: male', '  - column: age_band');
  } else if (sensitive.length === 0) {
    out.push(
      '  # No column looks like a sensitive attribute; name yours, for example:',
      '  - column: gender',
    );
  }
  for (const c of sensitive) {
    const values = c.values ? Object.entries(c.values) : [];
    if (c.kind === 'number' && c.distinct > 12) {
      out.push(
        `  - column: ${scalar(c.name)}`,
        `    bins: [25, 35, 45, 55]    # numeric (${c.min} … ${c.max}): check these bin edges`,
      );
    } else if (values.length > 0) {
      const largest = values[0]![0].trim();
      const counts = values
        .slice(0, 6)
        .map(([k, n]) => `${k.trim()} ${n}`)
        .join(', ');
      out.push(
        `  - column: ${scalar(c.name)}`,
        `    reference: ${scalar(largest)}    # the largest group (${counts}${values.length > 6 ? ', …' : ''})`,
      );
    } else {
      out.push(
        `  - column: ${scalar(c.name)}    # ${c.distinct} distinct values: the largest is the reference`,
      );
    }
  }
  out.push(
    '',
    '# The decision the model makes: select leads with score >= threshold, or the top of the list',
    '# (select_top: 500 or select_top: 20%).',
    'decision:',
    '  threshold: 0.5',
    '',
    '# How uncertainty counts, for every rule (a rule may set its own):',
    '#   confident: fail only when the whole confidence interval lies beyond the bound (default);',
    '#   point:     the point estimate decides;',
    '#   cautious:  fail as soon as the interval reaches beyond the bound.',
    'uncertainty: confident',
    'confidence: 0.95',
    '',
    '# Minimum sizes: a group with fewer rows than min_group_size gets "insufficient-data" instead of',
    '# pass/warn/fail; a group with fewer than suppress_below rows is left out of every output (privacy).',
    'min_group_size: 30',
    'suppress_below: 10',
    '# How insufficient-data verdicts count towards the outcome: ignore, warn or fail.',
    'insufficient_data: warn',
    '',
    '# Intersections to check as well: none, pairs, all, or a list such as [gender*age_band].',
    'intersections: none',
    '',
    '# Each rule fails beyond min/max and warns beyond warn. A rule applies to every attribute unless',
    '# it lists attributes: [gender, gender*age_band]. Run `fairprobe metrics --explain` for definitions.',
    ...(data && !score
      ? [
          '# NOTE: no score column was found in the data. These rules judge the decisions of a model;',
          '# without a score (columns.score) or a prediction every verdict is insufficient-data, and',
          '# a gate that can judge nothing fails. Add the scored output of the model to audit it.',
        ]
      : []),
    'rules:',
    "  # Four-fifths rule: each group's selection rate is at least 80% of the reference group's.",
    '  - metric: disparate_impact',
    '    min: 0.8',
    '    warn: 0.9',
    '  # Equal opportunity: leads who really convert are selected at similar rates in every group',
    '  # (the gap in true positive rates, either direction).',
    '  - metric: equal_opportunity_difference',
    '    abs: true',
    '    max: 0.1',
    '    warn: 0.05',
    "  # Calibration: a group's expected calibration error is at most 0.05 above the reference group's.",
    '  - metric: calibration_gap',
    '    max: 0.05',
    '    warn: 0.03',
    '',
  );
  return out.join('\n');
}
