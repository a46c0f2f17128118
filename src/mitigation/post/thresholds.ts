import type { DataInput, LabelRule, ReadOptions } from '../../data/index.js';
import { InputError, UsageError } from '../../errors.js';
import { auc } from '../../model/auc.js';
import { readColumns } from '../../model/read-columns.js';
import { stratifiedSplit } from '../stratified-split.js';
import { chordTo, cutsOf, type GroupCurve, groupCurve, pointAt, rates } from './curves.js';
import {
  type Cut,
  type DecisionRule,
  LEGAL_NOTICE,
  RULE_SCHEMA,
  selectionProbability,
  ThresholdConstraint,
} from './rule.js';

export const THRESHOLDS_SCHEMA = 'fairprobe.thresholds/1';

/**
 * What the thresholds optimise within the constraint: `selection` keeps the number of leads
 * selected as the original threshold selects (a sales team's capacity; default), `accuracy`
 * maximises expected accuracy (Hardt et al.'s loss minimisation).
 */
export const ThresholdObjective = { selection: 'selection', accuracy: 'accuracy' } as const;
export type ThresholdObjective = (typeof ThresholdObjective)[keyof typeof ThresholdObjective];

export interface ThresholdOptions {
  readonly score: string;
  readonly label: string;
  readonly labelRule?: LabelRule | undefined;
  /** The one sensitive attribute whose groups get their own thresholds. */
  readonly group: string;
  readonly constraint: ThresholdConstraint;
  readonly objective?: ThresholdObjective | undefined;
  /** The original decision: score ≥ threshold (default 0.5). */
  readonly threshold?: number | undefined;
  /** Share of labeled rows the thresholds are fitted on (default 0.5); the rest is held out. 1: fit and report on all. */
  readonly validationShare?: number | undefined;
  /** Largest gap that counts as reaching the constraint (default 0.01). */
  readonly tolerance?: number | undefined;
  readonly seed: number;
  readonly read?: ReadOptions | undefined;
}

/** Expected rates of one group under a rule (randomised selections counted by their probability). */
export interface ThresholdGroupEval {
  readonly value: string;
  readonly n: number;
  readonly positives: number;
  readonly selected: number;
  readonly selectionRate: number | null;
  readonly tpr: number | null;
  readonly fpr: number | null;
}

export interface ThresholdSplitEval {
  readonly rows: number;
  readonly groups: readonly ThresholdGroupEval[];
  /** max − min across groups. */
  readonly gaps: {
    readonly demographic_parity_difference: number | null;
    readonly equal_opportunity_difference: number | null;
    readonly equalized_odds_difference: number | null;
  };
  readonly accuracy: number | null;
  readonly selected: number;
  readonly conversionsCaptured: number;
  readonly conversionsCapturedShare: number | null;
  /** Unchanged by thresholds: they do not change the ranking within a group. */
  readonly auc: number | null;
}

export interface ThresholdResult {
  readonly schema: typeof THRESHOLDS_SCHEMA;
  readonly method: 'thresholds';
  readonly stage: 'post';
  readonly constraint: ThresholdConstraint;
  readonly objective: ThresholdObjective;
  readonly seed: number;
  readonly tolerance: number;
  readonly rule: DecisionRule;
  readonly split: {
    readonly validation: number;
    readonly test: number;
    readonly unlabeled: number;
    readonly missingGroup: number;
  };
  /** The constraint's gap on the validation split after, and whether it is within the tolerance. */
  readonly reached: { readonly gap: number | null; readonly withinTolerance: boolean };
  readonly validation: { readonly before: ThresholdSplitEval; readonly after: ThresholdSplitEval };
  readonly test: { readonly before: ThresholdSplitEval; readonly after: ThresholdSplitEval } | null;
  readonly notes: readonly string[];
  readonly notice: string;
}

const GAP_OF: Record<ThresholdConstraint, keyof ThresholdSplitEval['gaps']> = {
  demographic_parity: 'demographic_parity_difference',
  equal_opportunity: 'equal_opportunity_difference',
  equalized_odds: 'equalized_odds_difference',
};

/**
 * Fair thresholds (post-processing, after Hardt, Price & Srebro 2016): group-specific cuts on a
 * fixed score, fitted on a validation split, that equalise selection rates (demographic parity),
 * true positive rates (equal opportunity) or both TPR and FPR (equalized odds). Where no single
 * threshold reaches the common rate, the rule randomises at one score level (rows there are
 * selected with a probability); for equalized odds a group whose ROC curve lies above the common
 * point selects a curve point's rows with a probability (a chord towards "select nobody").
 * Among the rules meeting the constraint it keeps the original number selected (`selection`) or
 * maximises expected accuracy (`accuracy`). Returns the rule (for `fairprobe audit --rule`) and
 * before/after rates, gaps and utility on the validation and held-out splits; randomised
 * selections are counted by their probabilities (expected values).
 *
 * When to use: the model and its scores are fixed and the disparity is in who gets selected. What
 * it cannot fix: the ranking within a group (AUC is unchanged), calibration, and it needs the
 * sensitive attribute at decision time — which has legal implications in some jurisdictions.
 * @throws {UsageError} bad constraint, share or tolerance; {@link InputError} fewer than two groups.
 * @example
 * const r = await fairThresholds('datasets/prospects.csv', { score: 'score', label: 'converted', group: 'gender', constraint: 'demographic_parity', seed: 1 });
 * r.reached.withinTolerance // => true
 */
export async function fairThresholds(input: DataInput, options: ThresholdOptions): Promise<ThresholdResult> {
  const constraint = options.constraint;
  if (!Object.hasOwn(ThresholdConstraint, constraint)) {
    throw new UsageError('bad_constraint', `Unknown constraint "${constraint}".`, {
      hint: `Use ${Object.values(ThresholdConstraint).join(', ')}.`,
    });
  }
  const objective = options.objective ?? 'selection';
  if (!Object.hasOwn(ThresholdObjective, objective)) {
    throw new UsageError('bad_objective', `Unknown objective "${objective}".`, {
      hint: 'Use selection or accuracy.',
    });
  }
  const share = options.validationShare ?? 0.5;
  if (!(share > 0 && share <= 1)) {
    throw new UsageError('bad_validation_share', `The validation share must be in (0, 1], not ${share}.`);
  }
  const tolerance = options.tolerance ?? 0.01;
  const threshold = options.threshold ?? 0.5;
  const data = await readColumns(input, {
    columns: [options.score, options.group],
    label: options.label,
    labelRule: options.labelRule,
    read: options.read,
  });
  if (data.kinds.get(options.score) !== 'number') {
    throw new InputError('not_numeric', `The score column "${options.score}" must be numeric.`, {
      column: options.score,
    });
  }
  const rows: number[] = [];
  let missingGroup = 0;
  const groupText = (i: number) => {
    const v = data.columns[options.group]![i];
    return v === null || v === undefined ? null : String(v);
  };
  for (let i = 0; i < data.n; i++) {
    if (typeof data.columns[options.score]![i] !== 'number') continue;
    if (groupText(i) === null) missingGroup++;
    else rows.push(i);
  }
  const score = (i: number) => data.columns[options.score]![i] as number;
  const label = (i: number) => data.labels![i]!;
  const { validation, test } = splitRows(rows, (i) => `${groupText(i)}|${label(i)}`, share, options.seed);
  const values = [...new Set(validation.map((i) => groupText(i)!))].sort();
  if (values.length < 2) {
    throw new InputError(
      'one_group',
      `"${options.group}" has ${values.length} group(s) in the validation split; thresholds need two.`,
      {
        column: options.group,
      },
    );
  }
  const curves = values.map((v) => {
    const r = validation.filter((i) => groupText(i) === v);
    return groupCurve(v, r.map(score), r.map(label));
  });
  const notes: string[] = [];
  const beforeCuts: Cut[] = [{ atLeast: threshold, probability: 1 }];
  const targetSelected = validation.filter((i) => score(i) >= threshold).length;
  const fitted = fitCuts(curves, constraint, objective, targetSelected, notes);
  const rule: DecisionRule = {
    schema: RULE_SCHEMA,
    kind: 'group-thresholds',
    score: options.score,
    attribute: options.group,
    groups: Object.fromEntries(values.map((v, j) => [v, fitted[j]!])),
    default: beforeCuts,
    seed: options.seed,
    constraint,
    notice: LEGAL_NOTICE,
  };
  const evaluate = (subset: readonly number[], cutsOf: (g: string) => readonly Cut[]) =>
    evaluateSplit(subset, values, groupText as (i: number) => string, score, label, cutsOf);
  const before = () => beforeCuts;
  const after = (g: string) => rule.groups[g] ?? rule.default;
  const vAfter = evaluate(validation, after);
  const gap = vAfter.gaps[GAP_OF[constraint]];
  if (missingGroup > 0)
    notes.push(`${missingGroup} row(s) without a value of "${options.group}" keep the original threshold.`);
  return {
    schema: THRESHOLDS_SCHEMA,
    method: 'thresholds',
    stage: 'post',
    constraint,
    objective,
    seed: options.seed,
    tolerance,
    rule,
    split: { validation: validation.length, test: test.length, unlabeled: data.unlabeled, missingGroup },
    reached: { gap, withinTolerance: gap !== null && gap <= tolerance },
    validation: { before: evaluate(validation, before), after: vAfter },
    test: test.length > 0 ? { before: evaluate(test, before), after: evaluate(test, after) } : null,
    notes,
    notice: LEGAL_NOTICE,
  };
}

/** A seeded split stratified by `key`: each stratum shuffled, the first `share` to validation. */
function splitRows(rows: readonly number[], key: (i: number) => string, share: number, seed: number) {
  if (share >= 1) return { validation: [...rows], test: [] as number[] };
  const { picked, rest } = stratifiedSplit(rows, key, share, seed);
  return { validation: picked, test: rest };
}

/** The cuts of every group meeting the constraint, best by the objective. */
function fitCuts(
  curves: readonly GroupCurve[],
  constraint: ThresholdConstraint,
  objective: ThresholdObjective,
  targetSelected: number,
  notes: string[],
): Cut[][] {
  const totalPos = curves.reduce((a, c) => a + c.pos, 0);
  const totalNeg = curves.reduce((a, c) => a + c.neg, 0);
  for (const c of curves) {
    if (constraint !== 'demographic_parity' && (c.pos === 0 || c.neg === 0)) {
      throw new InputError(
        'group_without_outcomes',
        `The group "${c.value}" has no ${c.pos === 0 ? 'converted' : 'unconverted'} leads in the validation split, so its ${c.pos === 0 ? 'TPR' : 'FPR'} is not defined.`,
        {
          hint: 'Use a larger validation share, merge small groups, or use --constraint demographic_parity.',
        },
      );
    }
  }
  // Score a candidate: selected and correct decisions (expected), summed over groups.
  const better = (a: { sel: number; correct: number }, b: { sel: number; correct: number } | undefined) => {
    if (!b) return true;
    if (objective === 'accuracy')
      return (
        a.correct > b.correct + 1e-9 ||
        (Math.abs(a.correct - b.correct) <= 1e-9 &&
          Math.abs(a.sel - targetSelected) < Math.abs(b.sel - targetSelected))
      );
    const da = Math.abs(a.sel - targetSelected);
    const db = Math.abs(b.sel - targetSelected);
    return da < db - 1e-9 || (Math.abs(da - db) <= 1e-9 && a.correct > b.correct);
  };
  if (constraint === 'demographic_parity' || constraint === 'equal_opportunity') {
    const of = constraint === 'demographic_parity' ? 'all' : 'pos';
    const evalRate = (r: number) => {
      let sel = 0;
      let correct = 0;
      for (const c of curves) {
        const p = pointAt(c, of, r, 'min');
        sel += p.selected;
        correct += p.tp + (c.neg - (p.selected - p.tp));
      }
      return { sel, correct };
    };
    let bestRate = 0;
    let best: { sel: number; correct: number } | undefined;
    const consider = (r: number) => {
      const e = evalRate(r);
      if (better(e, best)) {
        best = e;
        bestRate = r;
      }
    };
    if (objective === 'selection') {
      // Selected rows grow with the common rate: bisection to the original count.
      let lo = 0;
      let hi = 1;
      for (let it = 0; it < 60; it++) {
        const m = (lo + hi) / 2;
        if (evalRate(m).sel < targetSelected) lo = m;
        else hi = m;
      }
      consider(lo);
      consider(hi);
    } else {
      const candidates = new Set<number>([0, 1]);
      for (const c of curves) {
        const cum = c.cum[of];
        const d = of === 'all' ? c.n : c.pos;
        for (let k = 0; k < cum.length; k++) candidates.add(cum[k]! / d);
      }
      for (const r of candidates) consider(r);
    }
    return curves.map((c) => cutsOf(c, pointAt(c, of, bestRate, 'min')));
  }
  // Equalized odds: a common (FPR, TPR) point on or under every group's ROC curve; the best has the
  // lowest curve's TPR at its FPR.
  const tprAt = (c: GroupCurve, f: number) => rates(c, pointAt(c, 'neg', f, 'max')).tpr;
  const common = (f: number) => Math.min(...curves.map((c) => tprAt(c, f)));
  const evalPoint = (f: number, t: number) => ({
    sel: totalPos * t + totalNeg * f,
    correct: totalPos * t + totalNeg * (1 - f),
  });
  let best: { sel: number; correct: number } | undefined;
  let bestF = 0;
  const candidates = new Set<number>([0, 1]);
  for (const c of curves) for (let k = 0; k < c.cum.neg.length; k++) candidates.add(c.cum.neg[k]! / c.neg);
  const list = [...candidates].sort((a, b) => a - b);
  const step = Math.max(1, Math.floor(list.length / 4000));
  for (let j = 0; j < list.length; j += step) {
    const f = list[j]!;
    const e = evalPoint(f, common(f));
    if (better(e, best)) {
      best = e;
      bestF = f;
    }
  }
  const f = bestF;
  const t = common(f);
  return curves.map((c) => {
    const own = tprAt(c, f);
    if (own - t <= 1e-12) return cutsOf(c, pointAt(c, 'neg', f, 'max'));
    const chord = chordTo(c, f, t);
    if (chord) return cutsOf(c, chord.point, chord.scale);
    notes.push(
      `The group "${c.value}" cannot reach the common point (FPR ${f.toFixed(3)}, TPR ${t.toFixed(3)}); it keeps its own curve point.`,
    );
    return cutsOf(c, pointAt(c, 'neg', f, 'max'));
  });
}

/** Expected rates per group and overall under cuts (randomised selections by their probability). */
function evaluateSplit(
  subset: readonly number[],
  values: readonly string[],
  groupOf: (i: number) => string,
  score: (i: number) => number,
  label: (i: number) => number,
  cutsFor: (g: string) => readonly Cut[],
): ThresholdSplitEval {
  const acc = new Map(values.map((v) => [v, { n: 0, pos: 0, sel: 0, tp: 0 }]));
  let correct = 0;
  let selected = 0;
  let captured = 0;
  let positives = 0;
  for (const i of subset) {
    const g = groupOf(i);
    const a = acc.get(g);
    const p = selectionProbability(cutsFor(g), score(i));
    const y = label(i);
    if (a) {
      a.n++;
      a.pos += y;
      a.sel += p;
      a.tp += y * p;
    }
    selected += p;
    captured += y * p;
    positives += y;
    correct += y === 1 ? p : 1 - p;
  }
  const groups: ThresholdGroupEval[] = values.map((v) => {
    const a = acc.get(v)!;
    const neg = a.n - a.pos;
    return {
      value: v,
      n: a.n,
      positives: a.pos,
      selected: a.sel,
      selectionRate: a.n > 0 ? a.sel / a.n : null,
      tpr: a.pos > 0 ? a.tp / a.pos : null,
      fpr: neg > 0 ? (a.sel - a.tp) / neg : null,
    };
  });
  const spread = (k: 'selectionRate' | 'tpr' | 'fpr') => {
    const xs = groups.map((g) => g[k]).filter((x): x is number => x !== null);
    return xs.length >= 2 ? Math.max(...xs) - Math.min(...xs) : null;
  };
  const tprGap = spread('tpr');
  const fprGap = spread('fpr');
  return {
    rows: subset.length,
    groups,
    gaps: {
      demographic_parity_difference: spread('selectionRate'),
      equal_opportunity_difference: tprGap,
      equalized_odds_difference: tprGap === null || fprGap === null ? null : Math.max(tprGap, fprGap),
    },
    accuracy: subset.length > 0 ? correct / subset.length : null,
    selected,
    conversionsCaptured: captured,
    conversionsCapturedShare: positives > 0 ? captured / positives : null,
    auc: auc(subset.map(score), subset.map(label)),
  };
}
