/**
 * The three uncertainty modes on values whose point estimate and interval disagree, for min and max
 * bounds, with and without warning levels and abs.
 */
import { describe, expect, it } from 'vitest';
import { type JudgeInput, judgeValue } from '../../src/policy/index.js';

const base: JudgeInput = {
  value: 0,
  interval: null,
  bound: {},
  warn: null,
  abs: false,
  uncertainty: 'confident',
  confidence: 0.95,
  label: 'disparate_impact',
};
const judge = (o: Partial<JudgeInput>) => judgeValue({ ...base, ...o });
const modes = ['point', 'confident', 'cautious'] as const;

describe('judgeValue: min bound 0.8 (four-fifths rule)', () => {
  const cases: [string, number, [number, number], Record<(typeof modes)[number], string>][] = [
    // point beyond, interval straddles: only cautious and point fail; confident warns (inconclusive)
    [
      'point below, interval straddles',
      0.75,
      [0.6, 0.9],
      { point: 'fail', confident: 'warn', cautious: 'fail' },
    ],
    // point within, interval straddles: only cautious fails
    [
      'point above, interval straddles',
      0.85,
      [0.7, 1.0],
      { point: 'pass', confident: 'pass', cautious: 'fail' },
    ],
    // everything below: all fail
    ['interval wholly below', 0.6, [0.5, 0.7], { point: 'fail', confident: 'fail', cautious: 'fail' }],
    // everything above: all pass
    ['interval wholly above', 0.95, [0.9, 1.0], { point: 'pass', confident: 'pass', cautious: 'pass' }],
  ];
  for (const [name, value, [low, high], expected] of cases) {
    for (const mode of modes) {
      it(`${name}: ${mode} → ${expected[mode]}`, () => {
        const j = judge({ value, interval: { low, high }, bound: { min: 0.8 }, uncertainty: mode });
        expect(j.status).toBe(expected[mode]);
        expect(j.uncertainty).toBe(mode);
      });
    }
  }

  it('says why, in one sentence per mode', () => {
    const i = { low: 0.6, high: 0.9 };
    expect(judge({ value: 0.75, interval: i, bound: { min: 0.8 }, uncertainty: 'point' }).reason).toBe(
      'disparate_impact 0.750 [0.600, 0.900] is below the minimum 0.8',
    );
    expect(judge({ value: 0.75, interval: i, bound: { min: 0.8 }, uncertainty: 'confident' }).reason).toBe(
      'disparate_impact 0.750 [0.600, 0.900] is below the minimum 0.8, but its 95% interval reaches back across it, so it does not fail',
    );
    expect(judge({ value: 0.75, interval: i, bound: { min: 0.8 }, uncertainty: 'cautious' }).reason).toBe(
      'disparate_impact 0.750 [0.600, 0.900] has a 95% interval reaching below the minimum 0.8',
    );
    expect(
      judge({ value: 0.6, interval: { low: 0.5, high: 0.7 }, bound: { min: 0.8 }, uncertainty: 'confident' })
        .reason,
    ).toBe('disparate_impact 0.600 [0.500, 0.700] is below the minimum 0.8 with its whole 95% interval');
    expect(judge({ value: 0.95, interval: { low: 0.9, high: 1 }, bound: { min: 0.8 } }).reason).toBe(
      'disparate_impact 0.950 [0.900, 1.000] is at or above the minimum 0.8',
    );
  });
});

describe('judgeValue: warning levels', () => {
  const rule = { bound: { min: 0.8 }, warn: { min: 0.9 } };
  it('warns between the warning level and the bound, by mode', () => {
    // 0.85 [0.82, 0.88]: wholly between 0.8 and 0.9
    const i = { low: 0.82, high: 0.88 };
    for (const mode of modes)
      expect(judge({ ...rule, value: 0.85, interval: i, uncertainty: mode }).status).toBe('warn');
    // 0.92 [0.86, 0.98]: point above the warning level, interval reaches below it
    const j = { low: 0.86, high: 0.98 };
    expect(judge({ ...rule, value: 0.92, interval: j, uncertainty: 'point' }).status).toBe('pass');
    expect(judge({ ...rule, value: 0.92, interval: j, uncertainty: 'confident' }).status).toBe('pass');
    expect(judge({ ...rule, value: 0.92, interval: j, uncertainty: 'cautious' }).status).toBe('warn');
    expect(judge({ ...rule, value: 0.92, interval: j, uncertainty: 'cautious' }).reason).toBe(
      'disparate_impact 0.920 [0.860, 0.980] has a 95% interval reaching below the warning level 0.9 (the minimum is 0.8)',
    );
    expect(judge({ ...rule, value: 0.85, interval: null, uncertainty: 'point' }).reason).toBe(
      'disparate_impact 0.850 is below the warning level 0.9 (the minimum is 0.8)',
    );
  });
});

describe('judgeValue: max bound with abs (|equal opportunity difference| <= 0.1)', () => {
  const rule = { bound: { max: 0.1 }, warn: { max: 0.05 }, abs: true, label: 'equal_opportunity_difference' };
  it('judges |x| and its interval', () => {
    const j = judge({ ...rule, value: -0.12, interval: { low: -0.2, high: -0.04 }, uncertainty: 'point' });
    expect(j.status).toBe('fail');
    expect(j.value).toBeCloseTo(0.12);
    expect(j.interval).toEqual({ low: 0.04, high: 0.2 });
    expect(j.reason).toBe('|equal_opportunity_difference| 0.120 [0.040, 0.200] is above the maximum 0.1');
    expect(judge({ ...rule, value: -0.12, interval: { low: -0.2, high: -0.04 } }).status).toBe('warn');
    expect(judge({ ...rule, value: -0.15, interval: { low: -0.2, high: -0.11 } }).status).toBe('fail');
  });
  it('an interval across zero becomes [0, max |end|]', () => {
    const j = judge({ ...rule, value: 0.02, interval: { low: -0.13, high: 0.08 }, uncertainty: 'cautious' });
    expect(j.interval).toEqual({ low: 0, high: 0.13 });
    expect(j.status).toBe('fail');
    expect(judge({ ...rule, value: 0.02, interval: { low: -0.13, high: 0.08 } }).status).toBe('pass');
  });
});

describe('judgeValue: two-sided rules and missing intervals', () => {
  it('checks both sides', () => {
    const r = { bound: { min: 0.8, max: 1.25 }, uncertainty: 'point' as const };
    expect(judge({ ...r, value: 1.3 }).status).toBe('fail');
    expect(judge({ ...r, value: 0.7 }).status).toBe('fail');
    expect(judge({ ...r, value: 1 }).reason).toBe(
      'disparate_impact 1.000 is at or above the minimum 0.8 and at or below the maximum 1.25',
    );
  });
  it('without an interval the point estimate decides, and the reason says so', () => {
    for (const mode of ['confident', 'cautious'] as const) {
      const j = judge({ value: 0.06, bound: { max: 0.05 }, uncertainty: mode, label: 'calibration_gap' });
      expect(j.status).toBe('fail');
      expect(j.uncertainty).toBe('point');
      expect(j.reason).toBe(
        'calibration_gap 0.060 is above the maximum 0.05; there is no interval, so the point estimate decides',
      );
    }
  });
});
