import type { BenefitCount } from './generalized-entropy-index.js';

/** Weighted confusion-matrix cells of one group. */
export interface ConfusionCells {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

/**
 * AIF360's individual benefit bᵢ = ŷᵢ − yᵢ + 1 aggregated from confusion cells: false negatives get 0,
 * true positives and true negatives 1, false positives 2. Feed the result to
 * {@link generalizedEntropyIndexFromCounts}.
 *
 * @see https://aif360.readthedocs.io/en/stable/modules/generated/aif360.metrics.ClassificationMetric.html
 * @throws {RangeError} When a cell is negative or not finite.
 * @example
 * confusionBenefitCounts({ tp: 3, fp: 1, tn: 4, fn: 2 });
 * // => [{ benefit: 0, count: 2 }, { benefit: 1, count: 7 }, { benefit: 2, count: 1 }]
 */
export function confusionBenefitCounts(cells: ConfusionCells): BenefitCount[] {
  for (const [name, v] of Object.entries(cells)) {
    if (!(v >= 0 && Number.isFinite(v))) {
      throw new RangeError(`confusionBenefitCounts requires finite cells ≥ 0, got ${name} = ${v}`);
    }
  }
  return [
    { benefit: 0, count: cells.fn },
    { benefit: 1, count: cells.tp + cells.tn },
    { benefit: 2, count: cells.fp },
  ];
}
