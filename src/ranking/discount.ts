import type { Discount } from './types.js';

/** A position-bias model as its cumulative attention: `cumulative(x)` = Σ_{i=1..x} v(i). */
export interface DiscountModel {
  /** Attention at position i ≥ 1. */
  readonly at: (i: number) => number;
  /**
   * Σ_{i=1}^{⌊x⌋} v(i) + (x − ⌊x⌋)·v(⌊x⌋ + 1): exact at whole positions, linear between them
   * (a weighted lead of weight w occupies w positions).
   */
  readonly cumulative: (x: number) => number;
  readonly description: { readonly kind: 'log' } | { readonly kind: 'geometric'; readonly patience: number };
}

const TABLE_SIZE = 1 << 20;
let logTable: Float64Array | undefined;

/** Σ_{i=1}^{n} 1/log2(1+i) for n ≤ 2^20, built once. */
function logCumulativeTable(): Float64Array {
  if (logTable) return logTable;
  const t = new Float64Array(TABLE_SIZE + 1);
  for (let i = 1; i <= TABLE_SIZE; i++) t[i] = t[i - 1]! + Math.LN2 / Math.log1p(i);
  logTable = t;
  return t;
}

/** The exponential integral Ei(u) for u > 0, by its power series (all terms positive). */
function ei(u: number): number {
  let term = 1;
  let sum = 0;
  for (let k = 1; k < 400; k++) {
    term *= u / k;
    const add = term / k;
    sum += add;
    if (add < sum * 1e-17) break;
  }
  return 0.5772156649015329 + Math.log(u) + sum;
}

/** Values beyond the table, remembered (every attribute set of a list asks at the same positions). */
const tail = new Map<number, number>();
const TAIL_SIZE = 1 << 16;

function logCumulative(x: number): number {
  if (x <= 0) return 0;
  const t = logCumulativeTable();
  if (x <= TABLE_SIZE) {
    const f = Math.floor(x);
    return t[f]! + (x - f) * (Math.LN2 / Math.log1p(f + 1));
  }
  const known = tail.get(x);
  if (known !== undefined) return known;
  // Beyond 2^20 positions: the midpoint rule Σ_{T<i≤x} v(i) ≈ ∫_{T+½}^{x+½} ln2/ln(1+t) dt
  // = ln2·[Ei(ln(1+x+½)) − Ei(ln(1+T+½))]; the error per term is below v''/24 < 1e-14.
  const v = t[TABLE_SIZE]! + Math.LN2 * (ei(Math.log(1.5 + x)) - ei(Math.log(1.5 + TABLE_SIZE)));
  if (tail.size >= TAIL_SIZE) tail.clear();
  tail.set(x, v);
  return v;
}

/** Grid spacing of {@link replicateDiscount} beyond the table, and its grid (built as far as asked). */
const GRID_STEP = 1024;
const grid: number[] = [];

/** 1 / ln(1.5 + y): the integrand of the log discount's cumulative beyond the table. */
const inverseLog = (y: number) => 1 / Math.log(1.5 + y);

/**
 * The same model, with a cumulative beyond 2^20 positions that is cheaper to evaluate at ever new
 * positions (bootstrap replicates): the exact value at a grid point every 1,024 positions plus
 * Simpson's rule from there (error below 1e-13). Not used for estimates.
 */
export function replicateDiscount(model: DiscountModel): DiscountModel {
  if (model.description.kind !== 'log') return model;
  return {
    ...model,
    cumulative(x) {
      if (x <= TABLE_SIZE) return logCumulative(x);
      const j = Math.floor((x - TABLE_SIZE) / GRID_STEP);
      while (grid.length <= j) grid.push(logCumulative(TABLE_SIZE + grid.length * GRID_STEP));
      const x0 = TABLE_SIZE + j * GRID_STEP;
      if (x === x0) return grid[j]!;
      const simpson = ((x - x0) / 6) * (inverseLog(x0) + 4 * inverseLog((x0 + x) / 2) + inverseLog(x));
      return grid[j]! + Math.LN2 * simpson;
    },
  };
}

/**
 * The position-bias model of a {@link Discount}: logarithmic 1/log2(1 + i) (DCG; Järvelin &
 * Kekäläinen 2002) or geometric p^(i−1) with patience p (Moffat & Zobel 2008).
 * @throws {RangeError} for a patience outside (0, 1).
 * @example
 * discountModel('log').cumulative(3) // => 1 + 1/log2(3) + 1/log2(4) = 2.1309…
 * discountModel({ geometric: 0.5 }).cumulative(2) // => 1.5
 */
export function discountModel(discount: Discount = 'log'): DiscountModel {
  if (discount === 'log') {
    return {
      at: (i) => Math.LN2 / Math.log1p(i),
      cumulative: logCumulative,
      description: { kind: 'log' },
    };
  }
  const p = discount.geometric;
  if (!(p > 0 && p < 1)) {
    throw new RangeError(`a geometric discount needs a patience in (0, 1), got ${p}`);
  }
  const lp = Math.log(p);
  return {
    at: (i) => Math.exp((i - 1) * lp),
    cumulative: (x) => {
      if (x <= 0) return 0;
      const f = Math.floor(x);
      const whole = -Math.expm1(f * lp) / (1 - p);
      return whole + (x - f) * Math.exp(f * lp);
    },
    description: { kind: 'geometric', patience: p },
  };
}
