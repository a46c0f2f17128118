/**
 * Statistical building blocks for the metrics layer: a seeded generator, intervals, significance tests,
 * multiple-testing corrections, distribution distances, inequality indices and a count-level bootstrap.
 * Pure functions over counts and histograms; no rows, no I/O.
 */

export { benjaminiHochberg } from './benjamini-hochberg.js';
export type { BootstrapCounts, BootstrapCountsOptions } from './bootstrap-counts.js';
export { bootstrapCounts } from './bootstrap-counts.js';
export { chiSquareCdf, chiSquareSurvival } from './chi-square-distribution.js';
export { chiSquareHomogeneity } from './chi-square-homogeneity.js';
export type { ChiSquareResult, ChiSquareTestOptions } from './chi-square-test.js';
export { chiSquareTest } from './chi-square-test.js';
export type { ConfusionCells } from './confusion-benefit-counts.js';
export { confusionBenefitCounts } from './confusion-benefit-counts.js';
export type { Rng } from './create-rng.js';
export { createRng } from './create-rng.js';
export type { ExactTestResult } from './fisher-exact-test.js';
export { fisherExactTest } from './fisher-exact-test.js';
export type {
  BenefitCount,
  GeneralizedEntropyOptions,
  WeightedBenefit,
} from './generalized-entropy-index.js';
export { generalizedEntropyIndex, generalizedEntropyIndexFromCounts } from './generalized-entropy-index.js';
export { holm } from './holm.js';
export type { JensenShannonOptions } from './jensen-shannon-distance.js';
export { jensenShannonDistance } from './jensen-shannon-distance.js';
export { ksPValue } from './ks-p-value.js';
export { ksStatistic } from './ks-statistic.js';
export { logFactorial } from './log-factorial.js';
export { normalCdf } from './normal-cdf.js';
export { normalQuantile } from './normal-quantile.js';
export type { PercentileIntervalOptions } from './percentile-interval.js';
export { percentileInterval } from './percentile-interval.js';
export type { ProportionTestResult } from './proportion-test.js';
export { ProportionTestMethod, proportionTest } from './proportion-test.js';
export type { PsiOptions } from './psi.js';
export { psi } from './psi.js';
export { regularizedGammaP, regularizedGammaQ } from './regularized-gamma.js';
export type { TestResult } from './two-proportion-z-test.js';
export { twoProportionZTest } from './two-proportion-z-test.js';
export { wassersteinDistance } from './wasserstein-distance.js';
export type { Interval, WilsonIntervalOptions } from './wilson-interval.js';
export { wilsonInterval } from './wilson-interval.js';
