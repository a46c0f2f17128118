import type { Uncertainty } from './schema.js';
import type { Bounds, VerdictStatus } from './verdict.js';

type Side = 'min' | 'max';
type Interval = { readonly low: number; readonly high: number };

/** What to judge: an observed value with its interval, against fail bounds and warning levels. */
export interface JudgeInput {
  readonly value: number;
  readonly interval: Interval | null;
  readonly bound: Bounds;
  readonly warn: Bounds | null;
  readonly abs: boolean;
  readonly uncertainty: Uncertainty;
  /** The confidence level, for the reason text (0.95 → "95%"). */
  readonly confidence: number;
  /** The metric's name as the reason shows it. */
  readonly label: string;
}

export interface Judgement {
  readonly status: Exclude<VerdictStatus, 'insufficient-data'>;
  readonly value: number;
  readonly interval: Interval | null;
  /** The mode used: the asked one, or `point` when there is no interval. */
  readonly uncertainty: Uncertainty;
  /** One sentence (without the subject), e.g. "disparate_impact 0.689 [0.656, 0.723] is below …". */
  readonly reason: string;
}

/**
 * Judges a value against a rule's bands under an uncertainty mode. With a bound B on side `min`:
 * - `point`: beyond when value < B;
 * - `confident`: beyond when the whole interval is below B (high < B);
 * - `cautious`: beyond when any of the interval is below B (low < B).
 * Fail when beyond the fail bound; warn when beyond the warning level, or (confident mode) when the
 * point estimate is beyond the fail bound but the interval reaches back; pass otherwise. Without an
 * interval the point estimate decides.
 * @example
 * judgeValue({ value: 0.75, interval: { low: 0.6, high: 0.9 }, bound: { min: 0.8 }, warn: null,
 *   abs: false, uncertainty: 'confident', confidence: 0.95, label: 'disparate_impact' }).status // => 'warn'
 */
export function judgeValue(input: JudgeInput): Judgement {
  const value = input.abs ? Math.abs(input.value) : input.value;
  const interval = input.interval && input.abs ? absInterval(input.interval) : input.interval;
  const mode: Uncertainty = interval ? input.uncertainty : 'point';
  const lo = interval?.low ?? value;
  const hi = interval?.high ?? value;
  const beyond = (side: Side, t: number, m: Uncertainty): boolean => {
    if (side === 'min') return m === 'point' ? value < t : m === 'confident' ? hi < t : lo < t;
    return m === 'point' ? value > t : m === 'confident' ? lo > t : hi > t;
  };
  const sides = (['min', 'max'] as const).filter((s) => input.bound[s] !== undefined);
  const warnSides = (['min', 'max'] as const).filter((s) => input.warn?.[s] !== undefined);
  const pct = `${round(input.confidence * 100)}%`;
  const shown = `${input.abs ? `|${input.label}|` : input.label} ${fmt(value)}${interval ? ` [${fmt(interval.low)}, ${fmt(interval.high)}]` : ''}`;
  const word = (s: Side) => (s === 'min' ? 'below' : 'above');
  const limit = (s: Side) => (s === 'min' ? 'minimum' : 'maximum');
  const noInterval =
    input.uncertainty !== 'point' && !interval ? '; there is no interval, so the point estimate decides' : '';
  const done = (status: Judgement['status'], reason: string): Judgement => ({
    status,
    value,
    interval,
    uncertainty: mode,
    reason: `${shown} ${reason}${noInterval}`,
  });

  const failed = sides.find((s) => beyond(s, input.bound[s]!, mode));
  if (failed) {
    const b = input.bound[failed]!;
    if (mode === 'point') return done('fail', `is ${word(failed)} the ${limit(failed)} ${b}`);
    if (mode === 'confident') {
      return done('fail', `is ${word(failed)} the ${limit(failed)} ${b} with its whole ${pct} interval`);
    }
    return done('fail', `has a ${pct} interval reaching ${word(failed)} the ${limit(failed)} ${b}`);
  }
  const pointBeyond = sides.find((s) => beyond(s, input.bound[s]!, 'point'));
  if (pointBeyond) {
    const b = input.bound[pointBeyond]!;
    return done(
      'warn',
      `is ${word(pointBeyond)} the ${limit(pointBeyond)} ${b}, but its ${pct} interval reaches back across it, so it does not fail`,
    );
  }
  const warned = warnSides.find((s) => beyond(s, input.warn![s]!, mode));
  if (warned) {
    const w = input.warn![warned]!;
    const b = input.bound[warned];
    const fails = b === undefined ? '' : ` (the ${limit(warned)} is ${b})`;
    if (mode === 'point') return done('warn', `is ${word(warned)} the warning level ${w}${fails}`);
    if (mode === 'confident') {
      return done('warn', `is ${word(warned)} the warning level ${w}${fails} with its whole ${pct} interval`);
    }
    return done('warn', `has a ${pct} interval reaching ${word(warned)} the warning level ${w}${fails}`);
  }
  const within = sides
    .map((s) => `${s === 'min' ? 'at or above' : 'at or below'} the ${limit(s)} ${input.bound[s]}`)
    .join(' and ');
  if (mode === 'cautious') return done('pass', `has its whole ${pct} interval ${within}`);
  return done('pass', `is ${within}`);
}

/** The interval of |x| when x lies in [low, high]. */
export function absInterval(i: Interval): Interval {
  if (i.low >= 0) return i;
  if (i.high <= 0) return { low: -i.high, high: -i.low };
  return { low: 0, high: Math.max(-i.low, i.high) };
}

function fmt(x: number): string {
  return Math.abs(x) >= 1000 ? x.toFixed(0) : x.toFixed(3);
}

function round(x: number): string {
  return Number(x.toFixed(2)).toString();
}
