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
  readonly kind: 'group' | 'disparity' | 'aggregate' | 'ranking';
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

/**
 * Ranking metrics (`audit --ranking`): the list ordered by score, read at cut-offs k (`@100`, `@10%`)
 * or over the whole list. Leads with tied scores (in histogram mode: in one histogram bin) share
 * their positions: a cut-off inside a tied block counts each group's proportional share of it, and
 * each tied lead gets the average attention of the block's positions.
 * Intervals of skew@k, NDKL and exposure: a bootstrap over the same counts the audit bootstraps
 * (groups resampled within themselves per score block and label, the list ranked again; see
 * ranking/bootstrap.ts and `RankingResult.intervals`).
 */
export const RANKING_METRICS: readonly MetricDefinition[] = [
  def({
    id: 'share_at_k',
    name: 'Share of the top k',
    formula: 'mass(group ∩ top k) / k',
    description:
      "The group's share of the first k leads of the list, shown against its share of all leads and of converted leads (Wilson interval).",
    favourable: 'higher',
    needs: 'score',
    kind: 'ranking',
  }),
  def({
    id: 'skew_at_k',
    name: 'Skew@k',
    formula: 'ln( share_at_k(group) / population share(group) )',
    description:
      'Over- (> 0) or under-representation (< 0) of the group among the first k leads against its share of all leads; 0 = proportional. −∞ when the group has no lead in the top k (a policy minimum then fails). Bootstrap percentile interval (resampling within groups, the list ranked again).',
    favourable: 'higher',
    needs: 'score',
    kind: 'ranking',
    source:
      'Geyik, Ambler & Kenthapadi, "Fairness-Aware Ranking in Search & Recommendation Systems", KDD 2019 (Skew@k)',
  }),
  def({
    id: 'skew_qualified_at_k',
    name: 'Skew@k against qualified leads',
    formula: 'ln( share_at_k(group) / share of converted leads (label = 1) in group )',
    description:
      'Skew@k with the mix of leads that really converted as the target (merit-based representation). Bootstrap percentile interval.',
    favourable: 'higher',
    needs: 'label+score',
    kind: 'ranking',
    source: 'Geyik et al., KDD 2019 (Skew@k, desired distribution = qualified mix)',
  }),
  def({
    id: 'ndkl',
    name: 'NDKL (normalised discounted KL divergence)',
    formula:
      '1/Z · Σ_{i=1}^{k} 1/log2(i+1) · KL(mix of top i ‖ population mix), Z = Σ_{i=1}^{k} 1/log2(i+1); KL in nats',
    description:
      'How far the group mix of every prefix of the list stays from the population mix, weighting the top more (0 = every prefix has the population mix). One number per attribute. A divergence is biased upward in small samples (noise alone moves a short prefix off the target), so its interval is the basic bootstrap interval, which corrects that bias and can lie below the estimate.',
    favourable: 'lower',
    needs: 'score',
    kind: 'ranking',
    source: 'Geyik, Ambler & Kenthapadi, KDD 2019 (NDKL)',
  }),
  def({
    id: 'ndkl_qualified',
    name: 'NDKL against qualified leads',
    formula: 'NDKL with the mix of converted leads (label = 1) as the target',
    description:
      'NDKL against the mix of leads that really converted; not defined when a group without conversions reaches the top. Basic bootstrap interval, as NDKL.',
    favourable: 'lower',
    needs: 'label+score',
    kind: 'ranking',
    source: 'Geyik et al., KDD 2019 (NDKL)',
  }),
  def({
    id: 'exposure',
    name: 'Exposure',
    formula: 'Σ_{members} v(rank), v(i) = 1/log2(1+i) (log, default) or p^(i−1) (geometric, patience p)',
    description:
      'The attention the group gets from a reader who works the list from the top, under a position-bias model; also per member (with a bootstrap percentile interval) and as a share of all exposure.',
    favourable: 'higher',
    needs: 'score',
    kind: 'ranking',
    source:
      'Singh & Joachims, "Fairness of Exposure in Rankings", KDD 2018; Järvelin & Kekäläinen 2002 (log discount); Moffat & Zobel 2008 (geometric patience)',
  }),
  def({
    id: 'exposure_parity',
    name: 'Exposure parity',
    formula: 'exposure share(group) / population share(group)',
    description:
      'Attention per member relative to the average lead (1 = demographic parity of exposure). Bootstrap percentile interval.',
    favourable: 'higher',
    needs: 'score',
    kind: 'ranking',
    source: 'Singh & Joachims, KDD 2018 (demographic parity of exposure)',
  }),
  def({
    id: 'exposure_ratio',
    name: 'Exposure-to-relevance ratio',
    formula: 'exposure share(group) / relevance share(group), relevance = group size × conversion rate',
    description:
      'Attention relative to merit: 1 = the group gets exposure in proportion to its expected conversions; below 1 it gets less than its conversions warrant. Bootstrap percentile interval (conversions resampled with the positions).',
    favourable: 'higher',
    needs: 'label+score',
    kind: 'ranking',
    source: 'Singh & Joachims, KDD 2018 (disparate treatment: exposure proportional to utility)',
  }),
  def({
    id: 'selection_rate_at_k',
    name: 'Selection rate at depth k',
    formula: 'mass(group ∩ top k) / mass(group)',
    description:
      'Share of the group reached when the first k leads are worked (the rank-based selection-rate curve).',
    favourable: 'higher',
    needs: 'score',
    kind: 'ranking',
  }),
  def({
    id: 'disparate_impact_at_k',
    name: 'Disparate impact at depth k',
    formula: 'selection_rate_at_k(group) / selection_rate_at_k(reference)',
    description:
      'The four-fifths rule along the list: below 0.8 at depth k fails it there (Katz log interval). The curve shows at which depths it fails.',
    favourable: 'higher',
    needs: 'score',
    kind: 'ranking',
    source: '29 CFR 1607.4(D); Katz et al. 1978 (interval)',
  }),
];

/** Every metric, by id (disparity and aggregate ids may share names with group metrics: kinds differ). */
export const METRICS: readonly MetricDefinition[] = [
  ...GROUP_METRICS,
  ...DISPARITY_METRICS,
  ...AGGREGATE_METRICS,
  ...RANKING_METRICS,
];

export function metricDefinition(id: string, kind?: MetricDefinition['kind']): MetricDefinition | undefined {
  return METRICS.find((m) => m.id === id && (kind === undefined || m.kind === kind));
}

export { Favourable, MetricNeeds };
