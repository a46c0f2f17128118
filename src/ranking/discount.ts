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

function logCumulative(x: number): number {
  if (x <= 0) return 0;
  const t = logCumulativeTable();
  if (x <= TABLE_SIZE) {
    const f = Math.floor(x);
    return t[f]! + (x - f) * (Math.LN2 / Math.log1p(f + 1));
  }
  // Beyond 2^20 positions: the midpoint rule Σ_{T<i≤x} v(i) ≈ ∫_{T+½}^{x+½} ln2/ln(1+t) dt
  // = ln2·[Ei(ln(1+x+½)) − Ei(ln(1+T+½))]; the error per term is below v''/24 < 1e-14.
  return t[TABLE_SIZE]! + Math.LN2 * (ei(Math.log(1.5 + x)) - ei(Math.log(1.5 + TABLE_SIZE)));
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
