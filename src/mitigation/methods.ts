import type { MethodInfo, MitigationMethod } from './types.js';

/**
 * Each method's documentation, in one place: the CLI prints it (`fairprobe mitigate --help`), the
 * README quotes it, and results carry the method id so a report can show the same text.
 */
export const METHODS: Readonly<Record<MitigationMethod, MethodInfo>> = {
  reweigh: {
    id: 'reweigh',
    stage: 'pre',
    title: 'Reweighing',
    reference:
      'F. Kamiran, T. Calders, "Data preprocessing techniques for classification without discrimination", KAIS 33, 2012',
    whenToUse:
      'Before training a model that accepts sample weights, when the label rate differs between groups in the training data. ' +
      'Each row gets weight(g, y) = P(g)·P(y) / P(g, y) (times its input weight), so that group and label are independent in the weighted data. No row or feature changes.',
    cannotFix:
      'It does not change the scores of a model that is already trained (re-train with the weights), does not fix features that encode group membership (proxies), ' +
      'and cannot create information for strata with very few rows (their weights grow large: check the factors).',
    output: 'Every input row, in input order; one weight column (input weight × factor).',
  },
  resample: {
    id: 'resample',
    stage: 'pre',
    title: 'Resampling (uniform or preferential)',
    reference: 'F. Kamiran, T. Calders, KAIS 33, 2012 (uniform and preferential sampling)',
    whenToUse:
      'Before training a model that cannot take sample weights. Each (group, label) stratum is duplicated or thinned to its expected count ' +
      'n(g)·n(y)/n (weighted: the same reweighing factor times the stratum count). Preferential sampling removes or duplicates the rows closest to the decision border first (by a ranking score).',
    cannotFix:
      'Duplicated rows add no information (the model can overfit them); thinning discards data. It does not change a fixed model, and it needs a ranking score for the preferential variant.',
    output:
      'A documented count of rows: Σ round(n(g, y) × factor(g, y)) per stratum; unlabeled rows kept once; input order, duplicates adjacent.',
  },
  synthesize: {
    id: 'synthesize',
    stage: 'pre',
    title: 'Synthetic oversampling (SMOTE-NC)',
    reference:
      'N. V. Chawla et al., "SMOTE: Synthetic Minority Over-sampling Technique", JAIR 16, 2002 (SMOTE-NC for mixed features)',
    whenToUse:
      'Before training, when some (group, label) strata are small: new rows are interpolated between a row and one of its k nearest neighbours in the same stratum ' +
      "(numeric features on the segment between them, categorical features by the neighbours' majority), up to a target such as equal base rates or equal group shares.",
    cannotFix:
      'Synthetic rows are only as good as the features: they cannot add information that the stratum lacks, they blur rare sub-populations, and the columns that are not features are left empty ' +
      'in synthetic rows. Never report outcomes measured on synthetic rows as real.',
    output:
      'Every input row plus the synthetic rows (a `synthetic` column: 0 real, 1 synthetic); synthetic rows get fresh pseudonymous ids and empty non-feature columns.',
  },
  repair: {
    id: 'repair',
    stage: 'pre',
    title: 'Disparate-impact remover (repair)',
    reference: 'M. Feldman et al., "Certifying and removing disparate impact", KDD 2015',
    whenToUse:
      'Before training (and on the data the model will score): each numeric feature is moved, per group and by quantile, toward the median distribution of the groups, ' +
      "with repair level λ in [0, 1] (0 changes nothing, 1 makes the groups' feature distributions equal). Ranks within a group are kept.",
    cannotFix:
      'It changes features, so a model must be trained on repaired data and fed repaired data; it does not change the labels or the scores of a fixed model, repairs each feature separately ' +
      '(their joint distribution can still reveal the group), and leaves categorical features unchanged.',
    output: 'Every input row, in input order; the repaired numeric features (as DOUBLE).',
  },
  flip: {
    id: 'flip',
    stage: 'pre',
    title: 'Counterfactual flip',
    reference: 'M. J. Kusner et al., "Counterfactual fairness", NeurIPS 2017 (flip tests)',
    whenToUse:
      "To test a model in the loop: score the original and the flipped data and compare each row's score. With two values every row gets the other one; with `all`, each row is repeated once per value.",
    cannotFix:
      'It changes nothing about a model or the data it learns from; it only reveals direct use of the attribute. Proxies (features correlated with the attribute) are not flipped, so an unchanged score is not proof of fairness.',
    output:
      'swap: every input row with the attribute swapped. all: each row once per value (a `counterfactual` column: 0 the original value, 1 a flipped one).',
  },
};
