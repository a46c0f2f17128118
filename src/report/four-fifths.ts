import type { Comparison, Estimate } from '../metrics/index.js';
import { comparisonText } from './format.js';

/**
 * The four-fifths band: a ratio of rates between 0.8 and 1.25 (= 1/0.8) is inside it. The US EEOC
 * rule of thumb (29 CFR 1607.4(D)) reads selection-rate ratios below 0.8 as evidence of adverse impact.
 */
export const FOUR_FIFTHS = { low: 0.8, high: 1.25 } as const;

export const BandStatus = { within: 'within', outside: 'outside', undefined: 'undefined' } as const;
export type BandStatus = (typeof BandStatus)[keyof typeof BandStatus];

/** Where a ratio lies relative to the four-fifths band. */
export function bandStatus(ratio: number | null | undefined): BandStatus {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return 'undefined';
  return ratio < FOUR_FIFTHS.low || ratio > FOUR_FIFTHS.high ? 'outside' : 'within';
}

/** The status in words with a symbol, so it never rests on colour alone. */
export function bandStatusText(status: BandStatus): string {
  switch (status) {
    case 'within':
      return '✓ within the four-fifths band';
    case 'outside':
      return '▲ outside the four-fifths band (0.8–1.25)';
    default:
      return '? not defined';
  }
}

/**
 * A ratio with its interval, to two decimals — or more when a value outside the band would print as
 * the band's edge (1.2541 prints 1.254 beside "outside the four-fifths band (0.8–1.25)", not 1.25).
 * @example
 * bandRatioText({ value: 1.2541, interval: { low: 1.1, high: 1.4 } }) // => '1.254 [1.100, 1.400]'
 */
export function bandRatioText(c: Comparison | Estimate | undefined): string {
  const v = c?.value;
  let digits = 2;
  if (v !== null && v !== undefined && bandStatus(v) === 'outside') {
    const edge = (d: number) => {
      const shown = Number(v.toFixed(d));
      return shown === FOUR_FIFTHS.low || shown === FOUR_FIFTHS.high;
    };
    while (digits < 6 && edge(digits)) digits++;
  }
  return comparisonText(c, digits);
}
