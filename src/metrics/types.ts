import type { Interval } from './math/index.js';

/** A metric's value for a group: the point estimate (null when undefined, with the reason). */
export interface Estimate {
  readonly value: number | null;
  /** Why the value is null, e.g. "not defined (no positives in group)". */
  readonly reason?: string | undefined;
  /** Confidence interval (Wilson for rates, bootstrap for differences and ratios). */
  readonly interval?: Interval | null | undefined;
  /** Numerator and denominator (weighted), for rates. */
  readonly numerator?: number | undefined;
  readonly denominator?: number | undefined;
}

export function undefinedEstimate(reason: string): Estimate {
  return { value: null, reason };
}

/** What a metric needs from the data. */
export const MetricNeeds = {
  none: 'none',
  decision: 'decision',
  label: 'label',
  labelAndDecision: 'label+decision',
  score: 'score',
  labelAndScore: 'label+score',
} as const;
export type MetricNeeds = (typeof MetricNeeds)[keyof typeof MetricNeeds];

/** Which direction of a metric favours the group (being selected is the favourable outcome). */
export const Favourable = { higher: 'higher', lower: 'lower', neither: 'neither' } as const;
export type Favourable = (typeof Favourable)[keyof typeof Favourable];
