import type { Estimate } from '../metrics/index.js';

/**
 * How ranks are known: `histogram` — from the audit's 1,000-bin score histograms (no extra scan;
 * leads in one bin are tied, and each cut-off states the mass of the bin it falls in as the error
 * bound); `exact` — from exact ranks (one DuckDB window query; only leads with equal scores tie).
 */
export const RankingMode = { histogram: 'histogram', exact: 'exact' } as const;
export type RankingMode = (typeof RankingMode)[keyof typeof RankingMode];

/**
 * The position-bias model: how much attention position i gets.
 * `log`: 1 / log2(1 + i) (as in DCG); `{ geometric: p }`: p^(i−1), a reader who goes on to the next
 * lead with probability p (the patience; rank-biased precision).
 */
export type Discount = 'log' | { readonly geometric: number };

/** Ranking options of an audit (`ranking: true` takes every default). */
export interface RankingOptions {
  /** Cut-offs: counts (100) or shares of the list ('10%'). Default {@link DEFAULT_CUTOFFS}. */
  readonly at?: readonly (number | string)[] | undefined;
  /** Default `log`. */
  readonly discount?: Discount | undefined;
  /** Default `histogram`. */
  readonly mode?: RankingMode | undefined;
  /**
   * Bootstrap replicates for the intervals of exposure, skew@k and NDKL (default: the audit's
   * `replicates`, at most {@link RANKING_REPLICATES}; 0 turns the bootstrap off).
   */
  readonly replicates?: number | undefined;
}

/**
 * The most bootstrap replicates a ranking takes from the audit's setting by default: each replicate
 * ranks every attribute set's list again, so this keeps the cost near that of the audit's own
 * bootstrap (set `replicates` in the ranking options for more).
 */
export const RANKING_REPLICATES = 250;

/** The cut-offs used when none are given. */
export const DEFAULT_CUTOFFS: readonly string[] = ['10', '50', '100', '1%', '5%', '10%', '20%'];

/** The four-fifths rule of thumb applied along the list. */
export const FOUR_FIFTHS_RATIO = 0.8;

/** A cut-off of the list: the top k leads. */
export interface RankingCutoff {
  /** As asked: `100` or `10%`. */
  readonly label: string;
  /** Positions in the top (rows; Σ weight when rows are weighted). */
  readonly k: number;
  /** k / all ranked leads. */
  readonly share: number;
  /**
   * Mass of the tied block the boundary falls in (0 when it falls between two blocks): every
   * group's count in the top k is exact up to this mass. In histogram mode, the block is a bin.
   */
  readonly boundaryMass: number;
  /** Score range of the k-th lead (one value in exact mode; its bin in histogram mode). */
  readonly score: { readonly low: number; readonly high: number } | null;
}

/** One group's place in the top k. */
export interface RankingGroupAt {
  /** The cut-off's label. */
  readonly at: string;
  /** Mass of the group in the top k (fractional when the boundary splits a tied block). */
  readonly count: number;
  /** The count under every order of the tied boundary block: the error bound of `count`. */
  readonly countRange: { readonly low: number; readonly high: number };
  /** count / k, with a Wilson interval. */
  readonly share: Estimate;
  /** ln(share of top k / share of population) (Geyik et al. 2019). */
  readonly skew: Estimate;
  /** ln(share of top k / share of qualified leads, label = 1). */
  readonly skewQualified: Estimate;
  /** count / group size, with a Wilson interval. */
  readonly selectionRate: Estimate;
  /** Selection rate / the reference group's, with a Katz log interval. */
  readonly disparateImpact: Estimate;
}

/**
 * Exposure of a group under the position-bias model (Singh & Joachims 2018). Intervals (per member,
 * parity, ratio) are bootstrap percentile intervals (see `RankingResult.intervals`).
 */
export interface RankingExposure {
  /** Σ over members of the attention their positions get. */
  readonly total: number;
  /** total / Σ total over all groups. */
  readonly share: number;
  /** total / group size: the attention the average member gets. */
  readonly perMember: Estimate;
  /** The group's share of expected conversions (size × conversion rate); null without labels. */
  readonly relevanceShare: number | null;
  /** Exposure share / population share (1 = each member gets the average attention). */
  readonly parity: Estimate;
  /** Exposure share / relevance share (1 = attention in proportion to conversions). */
  readonly ratio: Estimate;
}

export interface RankingGroup {
  readonly values: readonly string[];
  /** Rows in the group. */
  readonly n: number;
  /** Σ weight (= n when unweighted). */
  readonly mass: number;
  readonly isReference: boolean;
  readonly populationShare: Estimate;
  readonly qualifiedShare: Estimate;
  readonly at: RankingGroupAt[];
  readonly exposure: RankingExposure;
  /** Along {@link RankingResult.depths}: selection rate and disparate impact at each depth. */
  readonly curve: { readonly selectionRate: number[]; readonly disparateImpact: (number | null)[] };
  /** The first and last depth (of the curve's grid) at which disparate impact is below 0.8. */
  readonly fourFifths: { readonly from: number | null; readonly to: number | null };
}

/** The ranking view of one attribute or intersection. */
export interface RankingSet {
  readonly attributes: readonly string[];
  /** The reference group for disparate impact (the audit's, or the largest). */
  readonly reference: readonly string[] | null;
  /** NDKL per cut-off, against the population mix and the qualified mix. */
  readonly ndkl: { readonly at: string; readonly population: Estimate; readonly qualified: Estimate }[];
  /** Groups shown (suppressed groups are left out, but count in every mix). */
  readonly groups: RankingGroup[];
  /** How many groups are suppressed (fewer rows than the suppression size). */
  readonly suppressed: number;
}

/** The ranking section of an AuditResult. */
export interface RankingResult {
  readonly mode: RankingMode;
  readonly discount: { readonly kind: 'log' } | { readonly kind: 'geometric'; readonly patience: number };
  /** Leads ranked (Σ weight of rows with a score). */
  readonly total: number;
  /** How ties are broken, in words. */
  readonly ties: string;
  /** How the intervals are computed (bootstrap replicates and seed), in words. */
  readonly intervals: string;
  readonly at: RankingCutoff[];
  /** The list depths (k) of the selection-rate curve. */
  readonly depths: number[];
  readonly sets: RankingSet[];
}
