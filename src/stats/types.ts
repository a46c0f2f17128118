import type {
  DecisionSpec,
  HistogramSpec,
  LabelMapping,
  RowAccount,
  ScoreScale,
  SourceInfo,
} from '../data/index.js';

/** The schema tag of a serialised {@link StatsSet}. */
export const STATS_SCHEMA = 'fairprobe.stats/1';

/** Weighted sums over a set of rows; all fields add under merge. */
export interface Moments {
  /** Rows. */
  n: number;
  /** Σ weight. */
  w: number;
  /** Σ weight² (for the effective sample size (Σw)²/Σw²). */
  w2: number;
  /** Σ weight·score. */
  s: number;
  /** Σ weight·score². */
  s2: number;
}

/**
 * The confusion cells of a group: labeled rows by (label, decision) and unlabeled rows by decision.
 * tp: y=1,ŷ=1 · fp: y=0,ŷ=1 · tn: y=0,ŷ=0 · fn: y=1,ŷ=0 · up: unlabeled,ŷ=1 · un: unlabeled,ŷ=0
 */
export interface ConfusionCells {
  tp: Moments;
  fp: Moments;
  tn: Moments;
  fn: Moments;
  up: Moments;
  un: Moments;
}

/** Weighted score histograms by label, on the StatsSet's bins. */
export interface ScoreHistograms {
  pos: number[];
  neg: number[];
  unl: number[];
}

/** A group: the attributes that define it and their values (both empty for the overall group). */
export interface GroupKey {
  readonly attributes: readonly string[];
  readonly values: readonly string[];
}

/** Sufficient statistics of one group. */
export interface GroupStats {
  readonly key: GroupKey;
  readonly cells: ConfusionCells;
  readonly hist: ScoreHistograms;
  /** Distributions of the feature columns (present when the StatsSet has `features`), by column. */
  readonly features?: Readonly<Record<string, FeatureDist>> | undefined;
}

/**
 * A numeric feature's distribution on the fixed logarithmic grid of {@link FeatureGrid}: mergeable
 * by adding buckets, and comparable across files without agreeing on bin edges first.
 */
export interface NumericFeatureDist {
  readonly kind: 'numeric';
  /** Rows with a usable value. */
  readonly n: number;
  /** Σ weight and Σ weight² of rows with a usable value. */
  readonly w: number;
  readonly w2: number;
  /** Σ weight of rows with no usable value (missing, NaN, infinite). */
  readonly missing: number;
  /**
   * Non-empty buckets in ascending order: `[bucket index, Σ weight, Σ weight × point]`, the point
   * standing for the bucket's values (`gridPoint`: exact for whole numbers below about 1,000).
   */
  readonly buckets: readonly (readonly [number, number, number])[];
}

/** A categorical feature's weighted frequencies by category text. */
export interface CategoricalFeatureDist {
  readonly kind: 'categorical';
  readonly n: number;
  readonly w: number;
  readonly w2: number;
  /** Σ weight of rows with no value. */
  readonly missing: number;
  /** Σ weight per category, categories sorted. */
  readonly counts: Readonly<Record<string, number>>;
}

export type FeatureDist = NumericFeatureDist | CategoricalFeatureDist;

/** A feature column and how its distribution is kept. */
export interface FeatureSpec {
  readonly column: string;
  readonly kind: 'numeric' | 'categorical';
}

/**
 * The bucket grid of numeric features (DDSketch-style): 0 for |x| ≤ `zero`; for x > `zero`,
 * `offset + ⌈log_γ x⌉`; for x < −`zero`, `−(offset + ⌈log_γ |x|⌉)`. Bucket index order is value order,
 * and each bucket spans a relative width of γ − 1 (FEATURE_GRID: γ = 1.0010005…, 0.05% relative accuracy).
 */
export interface FeatureGrid {
  readonly gamma: number;
  readonly zero: number;
  readonly offset: number;
}

/** The feature columns a StatsSet summarises and the numeric grid they use. */
export interface FeatureSet {
  readonly grid: FeatureGrid;
  readonly columns: readonly FeatureSpec[];
}

/** Which attribute combinations are grouped on beyond single attributes. */
export const Intersections = { none: 'none', pairs: 'pairs', all: 'all' } as const;
export type Intersections = (typeof Intersections)[keyof typeof Intersections];

/**
 * Sufficient statistics of a dataset for every group key: JSON-serialisable and mergeable
 * (the stats of two partitions merged equal the stats of the whole).
 */
export interface StatsSet {
  /** Settings that must match for two StatsSets to merge live in histogram, decision, attributes, groupSets. */
  readonly schema: typeof STATS_SCHEMA;
  /** The sensitive attributes, in order. */
  readonly attributes: readonly string[];
  /** Attribute combinations present as groups (each single attribute, then intersections). */
  readonly groupSets: readonly (readonly string[])[];
  readonly histogram: HistogramSpec;
  readonly decision: DecisionSpec;
  readonly rows: RowAccount;
  /** Each attribute's values in display order (bins numerically, categories sorted, missing last). */
  readonly values: Readonly<Record<string, readonly string[]>>;
  /** The overall group first, then groups of each set in order. */
  readonly groups: readonly GroupStats[];
  /** Where the statistics came from and how the data was read: enough to audit without the data. */
  readonly provenance: Provenance;
  /** Feature columns summarised per group (for drift); absent when none were asked for. */
  readonly features?: FeatureSet | undefined;
  /**
   * Groups left out of `groups` for privacy (`collectStats` with `suppressBelow`, `fairprobe stats
   * --suppress-below`); absent when none were left out. The overall group is never left out, so the
   * groups of a set then add up to less than it.
   */
  readonly suppressed?: SuppressedStats | undefined;
}

/**
 * Which groups a StatsSet left out, so that merges and audits know they are missing rather than
 * empty. After a merge: every group left out of at least one part (a group another part kept is
 * then in `groups` too, holding that part's rows only).
 */
export interface SuppressedStats {
  /** Groups with fewer rows than this were left out (the largest such size among merged parts). */
  readonly below: number;
  /**
   * The groups left out, in group order: `suppressed` (fewer than `below` rows) or `complementary`
   * (left out too, so that a suppressed group cannot be worked out by subtraction from the totals
   * kept). No row count is kept for them.
   */
  readonly groups: readonly SuppressedKey[];
}

/** A group left out of a StatsSet, and why. */
export interface SuppressedKey extends GroupKey {
  readonly reason: 'suppressed' | 'complementary';
}

/** What a StatsSet was computed from (aggregates only: no row, no identifier). */
export interface Provenance {
  /** Each input (several after a merge), with its SHA-256. */
  readonly sources: readonly (SourceInfo & { readonly sha256: string; readonly rows: number })[];
  /** The columns read, and the role each played. */
  readonly columnsRead: readonly string[];
  readonly roles: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly scoreScale: ScoreScale;
  /** Whether any row had a label. */
  readonly hasLabel: boolean;
  readonly label?: LabelMapping | undefined;
  readonly prediction?: LabelMapping | undefined;
  /** `--select-top` text when the threshold was derived from the top of the list. */
  readonly selectTop?: string | undefined;
}

export function emptyMoments(): Moments {
  return { n: 0, w: 0, w2: 0, s: 0, s2: 0 };
}

export function emptyCells(): ConfusionCells {
  return {
    tp: emptyMoments(),
    fp: emptyMoments(),
    tn: emptyMoments(),
    fn: emptyMoments(),
    up: emptyMoments(),
    un: emptyMoments(),
  };
}

export function addMoments(into: Moments, m: Moments): void {
  into.n += m.n;
  into.w += m.w;
  into.w2 += m.w2;
  into.s += m.s;
  into.s2 += m.s2;
}

/** A stable text id of a group key, e.g. `gender=female&age_band=55+` (`(overall)` for none). */
export function keyId(key: GroupKey): string {
  if (key.attributes.length === 0) return '(overall)';
  return key.attributes.map((a, i) => `${a}=${key.values[i]}`).join(' & ');
}
