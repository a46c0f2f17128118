import type { Command } from 'commander';

/**
 * How one command offers a shared option: as catalogued (`true`), with a note appended to the
 * catalogued description, with its own description, and with a commander default.
 */
export type OptionUse =
  | true
  | {
      /** Appended to the catalogued description after a space, e.g. `(default 0.5)`. */
      readonly note?: string;
      /** Replaces the catalogued description (where the option means something narrower here). */
      readonly description?: string;
      /** Default value, shown in the help as `(default: "…")`. */
      readonly default?: string;
    };

interface Shared {
  readonly flags: string;
  readonly description: string;
}

/**
 * Column roles, the decision and the label mapping: one spelling and one base description each, so
 * the commands that read scored data (audit, stats, sql, drift, mitigate, …) stay in step.
 */
const ROLE_OPTIONS = {
  score: { flags: '--score <col>', description: 'score column' },
  label: { flags: '--label <col>', description: 'real outcome column' },
  group: {
    flags: '--group <cols>',
    description: 'sensitive attributes, comma-separated; bin numeric ones: age:25,35,45,55',
  },
  prediction: {
    flags: '--prediction <col>',
    description: 'a 0/1 decision column (instead of score >= threshold)',
  },
  weight: { flags: '--weight <col>', description: 'row weights' },
  id: { flags: '--id <col>', description: 'identifier column' },
  threshold: { flags: '--threshold <t>', description: 'select leads with score >= t' },
  selectTop: {
    flags: '--select-top <k>',
    description: 'select the top k leads (500) or share (20%) by score',
  },
  rawScores: { flags: '--raw-scores', description: 'scores are not probabilities' },
  positive: { flags: '--positive <values>', description: 'label values meaning "converted"' },
  negative: { flags: '--negative <values>', description: 'label values meaning "not converted"' },
  predictionPositive: {
    flags: '--prediction-positive <values>',
    description:
      'with --prediction: values meaning "selected" (comma-separated); others are 0 unless --prediction-negative',
  },
  predictionNegative: {
    flags: '--prediction-negative <values>',
    description: 'with --prediction: values meaning "not selected"',
  },
} as const satisfies Record<string, Shared>;

/** Statistical settings: grouping, reference, intervals, tests and small groups. */
const STATS_OPTIONS = {
  reference: { flags: '--reference <rule>', description: 'reference group' },
  intersections: {
    flags: '--intersections <mode>',
    description: 'intersections of attributes: none, pairs or all',
  },
  minGroupSize: {
    flags: '--min-group-size <n>',
    description: 'warn about groups with fewer rows; no verdict on them',
  },
  suppressBelow: {
    flags: '--suppress-below <n>',
    description: 'suppress groups with fewer rows from all output',
  },
  confidence: { flags: '--confidence <level>', description: 'confidence level of intervals' },
  bootstrap: { flags: '--bootstrap <n>', description: 'bootstrap replicates' },
  seed: { flags: '--seed <n>', description: 'random seed' },
  correction: {
    flags: '--correction <method>',
    description: 'multiple-testing correction: holm, bh or none',
  },
  missing: { flags: '--missing <policy>', description: 'missing sensitive values: as-group, drop or error' },
  maxGroups: { flags: '--max-groups <n>', description: 'most distinct values a group column may have' },
} as const satisfies Record<string, Shared>;

export type RoleOption = keyof typeof ROLE_OPTIONS;
export type StatsOption = keyof typeof STATS_OPTIONS;

function addShared<C extends Command, K extends string>(
  cmd: C,
  catalog: Readonly<Record<K, Shared>>,
  uses: Partial<Record<K, OptionUse>>,
): C {
  for (const [name, use] of Object.entries(uses) as [K, OptionUse][]) {
    const { flags, description } = catalog[name];
    const u = use === true ? {} : use;
    const text = u.description ?? (u.note ? `${description} ${u.note}` : description);
    if (u.default === undefined) cmd.option(flags, text);
    else cmd.option(flags, text, u.default);
  }
  return cmd;
}

/**
 * Adds role, decision and label-mapping options (`--score`, `--label`, `--group`, `--prediction`,
 * `--weight`, `--id`, `--threshold`, `--select-top`, `--raw-scores`, `--positive`, `--negative`,
 * `--prediction-positive`, `--prediction-negative`) in
 * the order `uses` lists them.
 * @example
 * withRoleOptions(cmd, { score: true, threshold: { default: '0.5' } });
 */
export function withRoleOptions<C extends Command>(cmd: C, uses: Partial<Record<RoleOption, OptionUse>>): C {
  return addShared(cmd, ROLE_OPTIONS, uses);
}

/**
 * Adds statistics options (`--reference`, `--intersections`, `--min-group-size`, `--suppress-below`,
 * `--confidence`, `--bootstrap`, `--seed`, `--correction`, `--missing`, `--max-groups`) in the order
 * `uses` lists them.
 */
export function withStatsOptions<C extends Command>(
  cmd: C,
  uses: Partial<Record<StatsOption, OptionUse>>,
): C {
  return addShared(cmd, STATS_OPTIONS, uses);
}
