import { UsageError } from '../../errors.js';
import {
  fairThresholds,
  ThresholdConstraint,
  ThresholdObjective,
  type ThresholdResult,
  type ThresholdSplitEval,
} from '../../mitigation/post/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import {
  type CommonReadFlags,
  type LabelFlags,
  labelRuleFrom,
  num,
  readOptionsFrom,
  splitList,
} from '../flags.js';
import type { Io } from '../run.js';
import { table } from '../table.js';

export interface ThresholdFlags extends CommonReadFlags, LabelFlags {
  score?: string;
  label?: string;
  group?: string;
  constraint?: string;
  objective?: string;
  threshold?: string;
  validationShare?: string;
  tolerance?: string;
  seed?: string;
  out?: string;
  format?: string;
}

/** `fairprobe mitigate thresholds DATA --score s --label y --group g --constraint C --out rule.json`. */
export async function thresholdsCommand(data: string, flags: ThresholdFlags, io: Io): Promise<number> {
  if (!flags.score || !flags.label || !flags.group) {
    throw new UsageError(
      'thresholds_roles',
      'Thresholds need --score, --label and --group (one attribute).',
      {
        hint: 'For example: fairprobe mitigate thresholds leads.csv --score score --label converted --group gender --constraint equal_opportunity --out rule.json',
      },
    );
  }
  if (splitList(flags.group).length !== 1)
    throw new UsageError('one_group', 'Thresholds take one attribute: --group gender.');
  const constraint = flags.constraint as ThresholdConstraint;
  if (!constraint || !Object.hasOwn(ThresholdConstraint, constraint)) {
    throw new UsageError(
      'bad_constraint',
      `--constraint must be one of ${Object.values(ThresholdConstraint).join(', ')}.`,
    );
  }
  const objective = (flags.objective ?? 'selection') as ThresholdObjective;
  if (!Object.hasOwn(ThresholdObjective, objective))
    throw new UsageError('bad_objective', '--objective must be selection or accuracy.');
  const result = await fairThresholds(data, {
    score: flags.score,
    label: flags.label,
    labelRule: labelRuleFrom(flags),
    group: splitList(flags.group)[0]!,
    constraint,
    objective,
    threshold: num('threshold', flags.threshold),
    validationShare: num('validation-share', flags.validationShare),
    tolerance: num('tolerance', flags.tolerance),
    seed: num('seed', flags.seed) ?? 42,
    read: readOptionsFrom(flags),
  });
  if (flags.out) {
    writeFileAtomic(flags.out, `${JSON.stringify(result.rule, null, 2)}\n`);
    io.err(
      `wrote the decision rule to ${flags.out} (apply it with: fairprobe audit DATA --rule ${flags.out} --label ${flags.label} --group ${flags.group})`,
    );
  }
  io.out(flags.format === 'json' ? JSON.stringify(result, null, 2) : formatThresholds(result));
  return 0;
}

const f3 = (x: number | null) => (x === null ? '—' : x.toFixed(3));
const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);

export function formatThresholds(r: ThresholdResult): string {
  const groups = (title: string, before: ThresholdSplitEval, after: ThresholdSplitEval) => [
    `${title} (${before.rows} rows)`,
    table(
      ['group', 'n', 'selection rate', 'TPR', 'FPR'],
      before.groups.map((b, i) => {
        const a = after.groups[i]!;
        return [
          b.value,
          String(b.n),
          `${pct(b.selectionRate)} → ${pct(a.selectionRate)}`,
          `${pct(b.tpr)} → ${pct(a.tpr)}`,
          `${pct(b.fpr)} → ${pct(a.fpr)}`,
        ];
      }),
    ),
    table(
      ['', 'before', 'after'],
      [
        [
          'demographic parity difference',
          f3(before.gaps.demographic_parity_difference),
          f3(after.gaps.demographic_parity_difference),
        ],
        [
          'equal opportunity difference',
          f3(before.gaps.equal_opportunity_difference),
          f3(after.gaps.equal_opportunity_difference),
        ],
        [
          'equalized odds difference',
          f3(before.gaps.equalized_odds_difference),
          f3(after.gaps.equalized_odds_difference),
        ],
        ['accuracy', f3(before.accuracy), f3(after.accuracy)],
        ['selected (expected)', before.selected.toFixed(1), after.selected.toFixed(1)],
        [
          'conversions captured',
          `${before.conversionsCaptured.toFixed(1)} (${pct(before.conversionsCapturedShare)})`,
          `${after.conversionsCaptured.toFixed(1)} (${pct(after.conversionsCapturedShare)})`,
        ],
        ['AUC (unchanged by thresholds)', f3(before.auc), f3(after.auc)],
      ],
    ),
  ];
  const cuts = Object.entries(r.rule.groups).map(([g, cs]) => [
    g,
    cs.length === 0
      ? 'select nobody'
      : cs
          .map(
            (c) =>
              `score ≥ ${c.atLeast}: ${c.probability >= 1 ? 'select' : `select with p = ${c.probability.toFixed(4)}`}`,
          )
          .join('; '),
  ]);
  return [
    `Group thresholds for ${r.constraint} on "${r.rule.attribute}" (objective: ${r.objective}; fitted on ${r.split.validation} validation rows, seed ${r.seed})`,
    table(['group', 'rule'], cuts),
    `constraint gap on the validation split: ${f3(r.reached.gap)} — ${r.reached.withinTolerance ? 'within' : 'NOT within'} the tolerance ${r.tolerance}`,
    '',
    ...groups('Validation split', r.validation.before, r.validation.after),
    ...(r.test ? ['', ...groups('Held-out split', r.test.before, r.test.after)] : []),
    '',
    'Randomised selections are counted by their probabilities (expected values).',
    ...r.notes.map((n) => `note: ${n}`),
    `legal: ${r.notice}`,
  ].join('\n');
}
