import { math } from '../metrics/index.js';

const { chiSquareHomogeneity, jensenShannonDistance, ksPValue, ksStatistic, psi } = math;

/** A chi-square test result. */
export interface ChiSquare {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
}

/** Distribution-shift measures between a baseline and a current distribution. */
export interface ShiftMeasures {
  /** Population stability index on the baseline-quantile bins (categories for categorical data). */
  readonly psi: number | null;
  /** Bins PSI and JS were computed on (after merging tied quantiles). */
  readonly bins: number;
  /** Jensen–Shannon distance (base 2, in [0, 1]) on the same bins. */
  readonly js: number | null;
  /** Pearson chi-square homogeneity test on the same bins, counts scaled to effective sizes. */
  readonly chiSquare: ChiSquare | null;
  /** Two-sample KS statistic on the fine grid (numeric only). */
  readonly ks?: number | null;
  readonly ksPValue?: number | null;
  /** Wasserstein-1 distance in the column's units (numeric only). */
  readonly wasserstein?: number | null;
}

/**
 * Where the bins of a baseline-quantile binning start, as indexes into a fine histogram: bin j ends
 * at the first fine cell where the baseline's cumulative share reaches j/bins (right-closed bins, so
 * a cell holding the quantile belongs to the lower bin). Quantiles that fall in the same cell merge,
 * so a value holding more than 1/bins of the baseline is one bin and fewer bins may result; the
 * first bin reaches down to −∞ and the last up to +∞ (current values outside the baseline's range
 * fall in them).
 * @example
 * quantileBinStarts([1, 1, 1, 1], 2) // => [0, 2]
 * quantileBinStarts([5, 0, 1], 4) // => [0, 1]  (the first value holds 5/6 of the baseline)
 */
export function quantileBinStarts(baseline: ArrayLike<number>, bins: number): number[] {
  let total = 0;
  for (let i = 0; i < baseline.length; i++) total += baseline[i]!;
  const starts = [0];
  if (!(total > 0)) return starts;
  let cum = 0;
  let j = 1;
  const tol = total * 1e-12;
  for (let i = 0; i < baseline.length && j < bins; i++) {
    cum += baseline[i]!;
    let cut = false;
    while (j < bins && cum >= (total * j) / bins - tol) {
      j++;
      cut = true;
    }
    // No cut after the last baseline cell: the last bin would hold no baseline weight.
    if (cut && cum < total - tol && i + 1 < baseline.length) starts.push(i + 1);
  }
  return starts;
}

/**
 * A baseline held by one value makes one quantile bin, in which every current value falls too: PSI
 * 0 whatever the current data. Then the current values below and above that value get a bin each
 * (empty in the baseline, so the small-count correction applies), as a new category would.
 * @example
 * splitSingleBin([0], [0, 5, 0], [0, 3, 2]) // => [0, 1, 2]
 */
export function splitSingleBin(
  starts: readonly number[],
  baseline: ArrayLike<number>,
  current: ArrayLike<number>,
): number[] {
  if (starts.length !== 1) return [...starts];
  let first = -1;
  let last = -1;
  for (let i = 0; i < baseline.length; i++) {
    if (baseline[i]! > 0) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return [...starts];
  let below = 0;
  let above = 0;
  for (let i = 0; i < current.length; i++) {
    if (i < first) below += current[i]!;
    else if (i > last) above += current[i]!;
  }
  const out = [0];
  if (below > 0) out.push(first);
  if (above > 0) out.push(last + 1);
  return out;
}

/** Sums a fine histogram into the bins that start at `starts` (the last bin runs to the end). */
export function rebin(h: ArrayLike<number>, starts: readonly number[]): number[] {
  const out = new Array<number>(starts.length).fill(0);
  let b = 0;
  for (let i = 0; i < h.length; i++) {
    while (b + 1 < starts.length && i >= starts[b + 1]!) b++;
    out[b]! += h[i]!;
  }
  return out;
}

/** Wasserstein-1 distance between two weightings of the same ascending support points. */
export function pointWasserstein(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  points: ArrayLike<number>,
): number | null {
  let ta = 0;
  let tb = 0;
  for (let i = 0; i < a.length; i++) {
    ta += a[i]!;
    tb += b[i]!;
  }
  if (!(ta > 0 && tb > 0)) return null;
  let ca = 0;
  let cb = 0;
  let w = 0;
  for (let i = 0; i + 1 < a.length; i++) {
    ca += a[i]!;
    cb += b[i]!;
    w += Math.abs(ca / ta - cb / tb) * (points[i + 1]! - points[i]!);
  }
  return w;
}

function scaled(h: readonly number[], nEff: number): readonly number[] {
  const t = h.reduce((x, y) => x + y, 0);
  return t > 0 ? h.map((v) => (v * nEff) / t) : h;
}

function chi(a: readonly number[], b: readonly number[], nA: number, nB: number): ChiSquare | null {
  const r = chiSquareHomogeneity(scaled(a, nA), scaled(b, nB));
  return r ? { statistic: r.statistic, df: r.df, pValue: r.pValue } : null;
}

/** Options of {@link numericShift}. */
export interface NumericShiftOptions {
  /** Quantile bins for PSI and JS (default 10). */
  readonly bins?: number | undefined;
  /** Effective sample sizes (Kish) of baseline and current, for the KS and chi-square tests. */
  readonly nBaseline: number;
  readonly nCurrent: number;
  /** Ascending value of each fine cell (for Wasserstein), e.g. bin midpoints or bucket means. */
  readonly points: ArrayLike<number>;
  /** Weights of rows with no value in baseline and current: an extra PSI bin when either is > 0. */
  readonly missing?: readonly [number, number] | undefined;
  /** Pseudo-count for empty bins in PSI (default 0.5). */
  readonly epsilon?: number | undefined;
}

/**
 * Shift of a numeric column between two fine histograms over the same cells (score bins or feature
 * buckets): PSI and Jensen–Shannon on baseline-quantile bins (with the psi primitive's small-count
 * correction: 0.5 added to a bin empty on one side), a chi-square test on those bins, the KS
 * statistic with its asymptotic p-value on the fine cells, and the Wasserstein-1 distance with each
 * cell's weight at its point.
 * @example
 * numericShift([1, 1, 1, 1], [0, 1, 1, 2], { bins: 2, nBaseline: 4, nCurrent: 4, points: [0, 1, 2, 3] }).ks // => 0.25
 */
export function numericShift(
  baseline: readonly number[],
  current: readonly number[],
  options: NumericShiftOptions,
): ShiftMeasures {
  const starts = splitSingleBin(quantileBinStarts(baseline, options.bins ?? 10), baseline, current);
  const a = rebin(baseline, starts);
  const b = rebin(current, starts);
  const [ma, mb] = options.missing ?? [0, 0];
  if (ma > 0 || mb > 0) {
    a.push(ma);
    b.push(mb);
  }
  const ks = ksStatistic(baseline, current);
  return {
    psi: psi(a, b, { epsilon: options.epsilon ?? 0.5 }),
    bins: a.length,
    js: jensenShannonDistance(a, b),
    chiSquare: chi(a, b, options.nBaseline, options.nCurrent),
    ks,
    ksPValue: ks === null ? null : ksPValue(ks, options.nBaseline, options.nCurrent),
    wasserstein: pointWasserstein(baseline, current, options.points),
  };
}

/**
 * Shift of a categorical column: PSI, Jensen–Shannon and a chi-square homogeneity test over the
 * union of the categories (a category new in the current data gets the 0.5 small-count correction).
 * @example
 * categoricalShift({ a: 50, b: 50 }, { a: 40, b: 60 }, { nBaseline: 100, nCurrent: 100 }).psi // => 0.0405…
 */
export function categoricalShift(
  baseline: Readonly<Record<string, number>>,
  current: Readonly<Record<string, number>>,
  options: { readonly nBaseline: number; readonly nCurrent: number; readonly epsilon?: number | undefined },
): ShiftMeasures & { readonly categories: readonly string[] } {
  const categories = [...new Set([...Object.keys(baseline), ...Object.keys(current)])].sort();
  const a = categories.map((c) => baseline[c] ?? 0);
  const b = categories.map((c) => current[c] ?? 0);
  if (categories.length === 0) return { psi: null, bins: 0, js: null, chiSquare: null, categories };
  return {
    psi: psi(a, b, { epsilon: options.epsilon ?? 0.5 }),
    bins: categories.length,
    js: jensenShannonDistance(a, b),
    chiSquare: chi(a, b, options.nBaseline, options.nCurrent),
    categories,
  };
}
