import { describe, expect, it } from 'vitest';
import { bandRatioText, bandStatus, bandStatusText } from '../../src/report/four-fifths.js';

describe('four-fifths band text', () => {
  it('a ratio outside the band never prints as the band edge beside "outside"', () => {
    // 1.2517 > 1.25 and 0.7951 < 0.8: two decimals would print the edges themselves.
    expect(bandStatus(1.2517)).toBe('outside');
    expect(bandRatioText({ value: 1.2517, interval: { low: 0.9649, high: 1.5443 } })).toBe(
      '1.252 [0.965, 1.544]',
    );
    expect(bandRatioText({ value: 0.7951 })).toBe('0.795');
    // Exactly on an edge is inside; inside values and values far outside keep two decimals.
    expect(bandStatus(1.25)).toBe('within');
    expect(bandRatioText({ value: 1.25 })).toBe('1.25');
    expect(bandRatioText({ value: 0.35, interval: { low: 0.14, high: 0.63 } })).toBe('0.35 [0.14, 0.63]');
    expect(bandRatioText({ value: 1.2500004 })).toBe('1.250000');
    expect(bandStatusText(bandStatus(null))).toBe('? not defined');
  });
});
