/** One distinct benefit value with its (weighted) number of individuals. */
export interface BenefitCount {
  readonly benefit: number;
  readonly count: number;
}

/** One individual's benefit with a weight. */
export interface WeightedBenefit {
  readonly value: number;
  readonly weight: number;
}

export interface GeneralizedEntropyOptions {
  /** Inequality-aversion parameter α (any finite number). Default 2, as AIF360. */
  readonly alpha?: number;
}

/**
 * The generalized entropy index from aggregated benefits: distinct benefit values bᵥ with counts wᵥ,
 * W = Σ wᵥ, μ = Σ wᵥbᵥ / W:
 *
 * - α ∉ {0, 1}: GE(α) = 1/(W α(α − 1)) Σ wᵥ [(bᵥ/μ)^α − 1]
 * - α = 1 (Theil index): GE(1) = 1/W Σ wᵥ (bᵥ/μ) ln(bᵥ/μ), with 0·ln 0 = 0
 * - α = 0 (mean log deviation): GE(0) = −1/W Σ wᵥ ln(bᵥ/μ)
 *
 * This is AIF360's `generalized_entropy_index` (Speicher et al. 2018) with each row counted wᵥ times;
 * its benefit is bᵢ = ŷᵢ − yᵢ + 1 (see {@link confusionBenefitCounts}). Cost depends only on the number of
 * distinct values. Entries with count 0 are ignored.
 *
 * @see https://doi.org/10.1145/3219819.3220046 (Speicher et al., "A unified approach to quantifying algorithmic unfairness")
 * @param pairs - `{ benefit, count }` pairs; benefits ≥ 0, counts ≥ 0.
 * @param options - `alpha` (default 2).
 * @returns GE(α) ≥ 0, or `null` when undefined: no weight, mean benefit 0, or a zero benefit with α ≤ 0.
 * @throws {RangeError} When a benefit or count is negative or not finite, or α is not finite.
 * @example
 * // b = [1, 1, 2, 0]: μ = 1, GE(2) = (0 + 0 + 3 − 1) / (4·2·1)
 * generalizedEntropyIndexFromCounts([{ benefit: 0, count: 1 }, { benefit: 1, count: 2 }, { benefit: 2, count: 1 }]);
 * // => 0.25
 */
export function generalizedEntropyIndexFromCounts(
  pairs: readonly BenefitCount[],
  options: GeneralizedEntropyOptions = {},
): number | null {
  const alpha = options.alpha ?? 2;
  if (!Number.isFinite(alpha))
    throw new RangeError(`generalizedEntropyIndex requires a finite alpha, got ${alpha}`);
  let total = 0;
  let weighted = 0;
  for (const { benefit, count } of pairs) {
    if (!(benefit >= 0 && Number.isFinite(benefit))) {
      throw new RangeError(`generalizedEntropyIndex requires finite benefits ≥ 0, got ${benefit}`);
    }
    if (!(count >= 0 && Number.isFinite(count))) {
      throw new RangeError(`generalizedEntropyIndex requires finite counts ≥ 0, got ${count}`);
    }
    total += count;
    weighted += count * benefit;
  }
  if (total === 0 || weighted === 0) return null;
  const mu = weighted / total;
  let sum = 0;
  for (const { benefit, count } of pairs) {
    if (count === 0) continue;
    const r = benefit / mu;
    if (alpha === 1) {
      if (r > 0) sum += count * r * Math.log(r);
    } else if (alpha === 0) {
      if (r === 0) return null;
      sum -= count * Math.log(r);
    } else {
      if (r === 0 && alpha < 0) return null;
      sum += (count * (r ** alpha - 1)) / (alpha * (alpha - 1));
    }
  }
  return Math.max(0, sum / total);
}

/**
 * The generalized entropy index GE(α) of individual benefits (AIF360's `generalized_entropy_index`),
 * optionally weighted; see {@link generalizedEntropyIndexFromCounts} for the formulas, which this
 * delegates to.
 *
 * @see https://aif360.readthedocs.io/en/stable/modules/generated/aif360.metrics.ClassificationMetric.html
 * @param benefits - Benefit per individual (≥ 0), or `{ value, weight }` per individual.
 * @param options - `alpha` (default 2).
 * @returns GE(α) ≥ 0, or `null` when undefined (see the counts version).
 * @throws {RangeError} When a benefit or weight is negative or not finite, or α is not finite.
 * @example
 * // Theil: 1/4 · (0 + 0 + 2 ln 2 + 0)
 * generalizedEntropyIndex([1, 1, 2, 0], { alpha: 1 });
 * // => 0.34657359027997264
 */
export function generalizedEntropyIndex(
  benefits: readonly number[] | readonly WeightedBenefit[],
  options: GeneralizedEntropyOptions = {},
): number | null {
  const pairs = benefits.map((b: number | WeightedBenefit) =>
    typeof b === 'number' ? { benefit: b, count: 1 } : { benefit: b.value, count: b.weight },
  );
  return generalizedEntropyIndexFromCounts(pairs, options);
}
