import type { FeatureGrid } from './types.js';

/** The bucket of value `x` on `grid` (the scan computes the same in SQL). */
export function gridKey(grid: FeatureGrid, x: number): number {
  if (Math.abs(x) <= grid.zero) return 0;
  const k = Math.ceil(Math.log(Math.abs(x)) / Math.log(grid.gamma)) + grid.offset;
  return x > 0 ? k : -k;
}

/**
 * The value that stands for values of bucket `key` of `grid`: 0 for bucket 0; for whole numbers,
 * the mean of the whole numbers the bucket holds (exact when it holds one, as every bucket of
 * FEATURE_GRID below about 1,000 does); for other values the point within (γ − 1)/(γ + 1) of all
 * the bucket's values (`2γʲ/(γ + 1)`, as in DDSketch; 0.05% on FEATURE_GRID).
 */
export function gridPoint(grid: FeatureGrid, key: number, whole: boolean): number {
  if (key === 0) return 0;
  const sign = key > 0 ? 1 : -1;
  const j = Math.abs(key) - grid.offset;
  const hi = grid.gamma ** j;
  if (whole) {
    // The first and last integer i with gridKey(i) = |key|, found with gridKey's own rounding
    // (gridKey is non-decreasing, and γʲ is within a step of the bucket's edge).
    const k = Math.abs(key);
    let first = Math.max(1, Math.floor(hi / grid.gamma));
    for (let s = 0; s < 4 && gridKey(grid, first) < k; s++) first++;
    for (let s = 0; s < 4 && first > 1 && gridKey(grid, first - 1) >= k; s++) first--;
    let last = Math.max(1, Math.ceil(hi));
    for (let s = 0; s < 4 && gridKey(grid, last) > k; s++) last--;
    for (let s = 0; s < 4 && gridKey(grid, last + 1) <= k; s++) last++;
    if (first <= last && gridKey(grid, first) === k && gridKey(grid, last) === k) {
      return (sign * (first + last)) / 2;
    }
  }
  return (sign * 2 * hi) / (grid.gamma + 1);
}
