import type { ConfusionCells } from '../stats/index.js';
import { Favourable, MetricNeeds } from './types.js';

export type CellName = keyof ConfusionCells;

/** A rate: Σ weight over numerator cells / Σ weight over denominator cells. */
export interface RateSpec {
  readonly num: readonly CellName[];
  readonly den: readonly CellName[];
  /** The reason text when the denominator is empty. */
  readonly empty: string;
}

/** One entry of the metric registry: the single place each definition is written. */
export interface MetricDefinition {
  readonly id: string;
  readonly name: string;
  /** The formula in plain text. */
  readonly formula: string;
  /** One or two sentences a compliance reader understands. */
  readonly description: string;
  readonly favourable: Favourable;
  readonly needs: MetricNeeds;
  readonly kind: 'group' | 'disparity' | 'aggregate';
  /** Where the definition comes from (fairlearn, AIF360, Aequitas, literature). */
  readonly source?: string;
  /** For rates: which confusion cells make numerator and denominator. */
  readonly rate?: RateSpec;
}

const ALL: readonly CellName[] = ['tp', 'fp', 'tn', 'fn', 'up', 'un'];
const LABELED: readonly CellName[] = ['tp', 'fp', 'tn', 'fn'];

const def = (d: MetricDefinition): MetricDefinition => d;

/** Group metrics: computed for every group (and overall). */
export const GROUP_METRICS: readonly MetricDefinition[] = [
  def({
    id: 'n',
    name: 'Rows',
    formula: 'number of rows in the group',
    description: 'How many scored leads belong to the group (unweighted).',
    favourable: 'neither',
    needs: 'none',
    kind: 'group',
  }),
  def({
    id: 'share',
    name: 'Share of population',
    formula: 'Σw(group) / Σw(all)',
    description: "The group's share of all scored leads (weighted).",
    favourable: 'neither',
    needs: 'none',
    kind: 'group',
  }),
  def({
    id: 'base_rate',
    name: 'Base rate',
    formula: '(TP + FN) / (TP + FP + TN + FN)',
    description: 'Share of labeled leads in the group that really converted.',
    favourable: 'neither',
    needs: 'label',
    kind: 'group',
    source: 'fairlearn, AIF360 (base_rate)',
    rate: { num: ['tp', 'fn'], den: LABELED, empty: 'no labeled rows in group' },
  }),
  def({
    id: 'selection_rate',
    name: 'Selection rate',
    formula: '(TP + FP + selected unlabeled) / all rows',
    description:
      'Share of leads in the group the model selects (score ≥ threshold, or in the top of the list). Selection is treated as the favourable outcome.',
    favourable: 'higher',
    needs: 'decision',
    kind: 'group',
    source: 'fairlearn selection_rate; Aequitas pprev',
    rate: { num: ['tp', 'fp', 'up'], den: ALL, empty: 'no rows in group' },
  }),
  def({
    id: 'ppr',
    name: 'Share of selections',
    formula: 'selected(group) / selected(all)',
    description: "The group's share of all selected leads (Aequitas' predicted positive rate).",
    favourable: 'neither',
    needs: 'decision',
    kind: 'group',
    source: 'Aequitas ppr',
  }),
  def({
    id: 'tpr',
    name: 'True positive rate',
    formula: 'TP / (TP + FN)',
    description:
      'Of the leads that really converted, the share the model selected (recall). Equal opportunity compares it across groups.',
    favourable: 'higher',
    needs: 'label+decision',
    kind: 'group',
    rate: { num: ['tp'], den: ['tp', 'fn'], empty: 'no positives in group' },
  }),
  def({
    id: 'fpr',
    name: 'False positive rate',
    formula: 'FP / (FP + TN)',
    description: 'Of the leads that did not convert, the share the model selected anyway.',
    favourable: 'higher',
    needs: 'label+decision',
    kind: 'group',
    rate: { num: ['fp'], den: ['fp', 'tn'], empty: 'no negatives in group' },
  }),
  def({
    id: 'fnr',
    name: 'False negative rate',
    formula: 'FN / (TP + FN)',
    description: 'Of the leads that really converted, the share the model passed over.',
    favourable: 'lower',
    needs: 'label+decision',
    kind: 'group',
    rate: { num: ['fn'], den: ['tp', 'fn'], empty: 'no positives in group' },
  }),
  def({
    id: 'tnr',
    name: 'True negative rate',
    formula: 'TN / (FP + TN)',
    description: 'Of the leads that did not convert, the share the model passed over (specificity).',
    favourable: 'lower',
    needs: 'label+decision',
    kind: 'group',
    rate: { num: ['tn'], den: ['fp', 'tn'], empty: 'no negatives in group' },
  }),
  def({
    id: 'ppv',
    name: 'Precision (PPV)',
    formula: 'TP / (TP + FP)',
    description:
      'Of the selected leads, the share that converted. Predictive parity compares it across groups.',
    favourable: 'neither',
    needs: 'label+decision',
    kind: 'group',
    rate: { num: ['tp'], den: ['tp', 'fp'], empty: 'no selected labeled rows in group' },
  }),
  def({
    id: 'npv',
    name: 'Negative predictive value',
    formula: 'TN / (TN + FN)',
    description: 'Of the leads passed over, the share that indeed did not convert.',
    favourable: 'neither',
    needs: 'label+decision',
    kind: 'group',
    rate: { num: ['tn'], den: ['tn', 'fn'], empty: 'no unselected labeled rows in group' },
  }),
  def({
    id: 'fdr',
    name: 'False discovery rate',
    formula: 'FP / (TP + FP)',
    description: 'Of the selected leads, the share that did not convert.',
    favourable: 'neither',
    needs: 'label+decision',
    kind: 'group',
    rate: { num: ['fp'], den: ['tp', 'fp'], empty: 'no selected labeled rows in group' },
  }),
  def({
    id: 'for',
    name: 'False omission rate',
    formula: 'FN / (TN + FN)',
    description: 'Of the leads passed over, the share that would have converted.',
    favourable: 'lower',
    needs: 'label+decision',
    kind: 'group',
    rate: { num: ['fn'], den: ['tn', 'fn'], empty: 'no unselected labeled rows in group' },
  }),
  def({
    id: 'accuracy',
    name: 'Accuracy',
    formula: '(TP + TN) / (TP + FP + TN + FN)',
    description: 'Share of labeled leads whose decision matched the outcome.',
    favourable: 'higher',
    needs: 'label+decision',
    kind: 'group',
    rate: { num: ['tp', 'tn'], den: LABELED, empty: 'no labeled rows in group' },
  }),
  def({
    id: 'mean_score',
    name: 'Mean score',
    formula: 'Σ w·score / Σ w',
    description: 'Average model score in the group.',
    favourable: 'higher',
    needs: 'score',
    kind: 'group',
  }),
  def({
    id: 'auc',
    name: 'AUC (ROC)',
    formula: 'P(score of a converter > score of a non-converter) + ½ P(tie)',
    description:
      'How well the score ranks converters above non-converters within the group (0.5 = chance). Computed from the score histogram; the interval uses the Hanley–McNeil standard error.',
    favourable: 'higher',
    needs: 'label+score',
    kind: 'group',
    source: 'Mann–Whitney U / (n₁n₀)',
  }),
  def({
    id: 'brier',
    name: 'Brier score',
    formula: 'Σ w·(score − y)² / Σ w',
    description:
      'Mean squared difference between score and outcome (lower is better calibrated and sharper).',
    favourable: 'lower',
    needs: 'label+score',
    kind: 'group',
  }),
  def({
    id: 'ece',
    name: 'Expected calibration error',
    formula: 'Σ_b (W_b / W)·|mean score_b − conversion rate_b| over 10 equal-width score bins',
    description:
      'How far scores are from observed conversion rates, averaged over score bins (0 = perfectly calibrated). Bin mean scores come from the fine histogram (error ≤ half a histogram bin).',
    favourable: 'lower',
    needs: 'label+score',
    kind: 'group',
  }),
];

/** Disparity metrics: each group against the reference group of its attribute. */
export const DISPARITY_METRICS: readonly MetricDefinition[] = [
  def({
    id: 'disparate_impact',
    name: 'Disparate impact (four-fifths rule)',
    formula: 'selection_rate(group) / selection_rate(reference)',
    description: 'Ratio of selection rates; below 0.8 fails the US EEOC four-fifths rule of thumb.',
    favourable: 'higher',
    needs: 'decision',
    kind: 'disparity',
    source: 'AIF360 disparate_impact; 29 CFR 1607.4(D)',
  }),
  def({
    id: 'statistical_parity_difference',
    name: 'Statistical parity difference',
    formula: 'selection_rate(group) − selection_rate(reference)',
    description: 'Difference of selection rates (0 = parity).',
    favourable: 'higher',
    needs: 'decision',
    kind: 'disparity',
    source: 'AIF360',
  }),
  def({
    id: 'equal_opportunity_difference',
    name: 'Equal opportunity difference',
    formula: 'tpr(group) − tpr(reference)',
    description: 'Difference of true positive rates: do real converters of the group get selected as often?',
    favourable: 'higher',
    needs: 'label+decision',
    kind: 'disparity',
    source: 'AIF360; Hardt et al. 2016',
  }),
  def({
    id: 'average_odds_difference',
    name: 'Average odds difference',
    formula: '½[(fpr(group) − fpr(reference)) + (tpr(group) − tpr(reference))]',
    description: 'Average of the FPR and TPR differences.',
    favourable: 'higher',
    needs: 'label+decision',
    kind: 'disparity',
    source: 'AIF360',
  }),
  def({
    id: 'predictive_parity_difference',
    name: 'Predictive parity difference',
    formula: 'ppv(group) − ppv(reference)',
    description: 'Difference of precision: are selected leads of the group as likely to convert?',
    favourable: 'neither',
    needs: 'label+decision',
    kind: 'disparity',
  }),
  def({
    id: 'auc_gap',
    name: 'AUC gap',
    formula: 'auc(group) − auc(reference)',
    description: 'Difference in how well the score ranks within the group.',
    favourable: 'higher',
    needs: 'label+score',
    kind: 'disparity',
  }),
  def({
    id: 'calibration_gap',
    name: 'Calibration gap',
    formula: 'ece(group) − ece(reference)',
    description: 'Difference in expected calibration error.',
    favourable: 'lower',
    needs: 'label+score',
    kind: 'disparity',
  }),
  def({
    id: 'score_ks',
    name: 'Score distribution gap (KS)',
    formula: 'max_t |F_group(t) − F_rest(t)|',
    description: "Kolmogorov–Smirnov statistic between the group's score distribution and everyone else's.",
    favourable: 'lower',
    needs: 'score',
    kind: 'disparity',
  }),
  def({
    id: 'score_wasserstein',
    name: 'Score distribution gap (Wasserstein)',
    formula: '∫ |F_group(t) − F_rest(t)| dt',
    description: "Earth mover's distance between the group's scores and everyone else's, in score units.",
    favourable: 'lower',
    needs: 'score',
    kind: 'disparity',
  }),
];

/** Aggregate metrics: one number per attribute (or intersection), as fairlearn defines them. */
export const AGGREGATE_METRICS: readonly MetricDefinition[] = [
  def({
    id: 'demographic_parity_difference',
    name: 'Demographic parity difference',
    formula: 'between_groups: max_g sel(g) − min_g sel(g); to_overall: max_g |sel(g) − sel(all)|',
    description: 'Largest gap in selection rates.',
    favourable: 'lower',
    needs: 'decision',
    kind: 'aggregate',
    source: 'fairlearn',
  }),
  def({
    id: 'demographic_parity_ratio',
    name: 'Demographic parity ratio',
    formula:
      'between_groups: min_g sel(g) / max_g sel(g); to_overall: min_g min(sel(g)/sel(all), sel(all)/sel(g))',
    description: 'Smallest ratio of selection rates (1 = parity).',
    favourable: 'higher',
    needs: 'decision',
    kind: 'aggregate',
    source: 'fairlearn',
  }),
  def({
    id: 'equalized_odds_difference',
    name: 'Equalized odds difference',
    formula: 'max(tpr difference, fpr difference)',
    description: 'The worse of the TPR and FPR gaps.',
    favourable: 'lower',
    needs: 'label+decision',
    kind: 'aggregate',
    source: 'fairlearn',
  }),
  def({
    id: 'equalized_odds_ratio',
    name: 'Equalized odds ratio',
    formula: 'min(tpr ratio, fpr ratio)',
    description: 'The worse of the TPR and FPR ratios.',
    favourable: 'higher',
    needs: 'label+decision',
    kind: 'aggregate',
    source: 'fairlearn',
  }),
  def({
    id: 'equal_opportunity_difference',
    name: 'Equal opportunity difference (aggregate)',
    formula: 'between_groups: max_g tpr(g) − min_g tpr(g)',
    description: 'Largest gap in true positive rates.',
    favourable: 'lower',
    needs: 'label+decision',
    kind: 'aggregate',
    source: 'fairlearn',
  }),
  def({
    id: 'generalized_entropy_index',
    name: 'Generalized entropy index (α = 2)',
    formula: 'GE(2) = 1/(2n) Σ[(b_i/μ)² − 1], b_i = ŷ_i − y_i + 1',
    description: 'Inequality of the individual "benefit" of decisions across all labeled leads (0 = equal).',
    favourable: 'lower',
    needs: 'label+decision',
    kind: 'aggregate',
    source: 'AIF360; Speicher et al. 2018',
  }),
  def({
    id: 'theil_index',
    name: 'Theil index (α = 1)',
    formula: 'GE(1) = 1/n Σ (b_i/μ) ln(b_i/μ)',
    description: 'Generalized entropy index with α = 1.',
    favourable: 'lower',
    needs: 'label+decision',
    kind: 'aggregate',
    source: 'AIF360; Speicher et al. 2018',
  }),
];

/** Every metric, by id (disparity and aggregate ids may share names with group metrics: kinds differ). */
export const METRICS: readonly MetricDefinition[] = [
  ...GROUP_METRICS,
  ...DISPARITY_METRICS,
  ...AGGREGATE_METRICS,
];

export function metricDefinition(id: string, kind?: MetricDefinition['kind']): MetricDefinition | undefined {
  return METRICS.find((m) => m.id === id && (kind === undefined || m.kind === kind));
}

export { Favourable, MetricNeeds };
