/**
 * A group's score levels as cumulative counts, and the randomised rule that reaches a given rate
 * on them exactly: rows above a level are selected, rows at the level with probability q.
 */
import type { Cut } from './rule.js';

/** Which rows a rate counts: all (selection rate), positives (TPR) or negatives (FPR). */
export type RateOf = 'all' | 'pos' | 'neg';

export interface GroupCurve {
  readonly value: string;
  /** Distinct scores, highest first. */
  readonly scores: Float64Array;
  /** Cumulative rows, positives, negatives at or above level k−1 (index 0: none). */
  readonly cum: { readonly all: Float64Array; readonly pos: Float64Array; readonly neg: Float64Array };
  readonly n: number;
  readonly pos: number;
  readonly neg: number;
}

/** The curve of one group from its rows' scores and 0/1 labels. */
export function groupCurve(value: string, scores: readonly number[], labels: readonly number[]): GroupCurve {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const levels: number[] = [];
  const all: number[] = [0];
  const pos: number[] = [0];
  const neg: number[] = [0];
  for (let s = 0; s < order.length; ) {
    let e = s;
    let p = 0;
    while (e < order.length && scores[order[e]!] === scores[order[s]!]) {
      p += labels[order[e]!] === 1 ? 1 : 0;
      e++;
    }
    levels.push(scores[order[s]!]!);
    all.push(all.at(-1)! + (e - s));
    pos.push(pos.at(-1)! + p);
    neg.push(neg.at(-1)! + (e - s - p));
    s = e;
  }
  return {
    value,
    scores: Float64Array.from(levels),
    cum: { all: Float64Array.from(all), pos: Float64Array.from(pos), neg: Float64Array.from(neg) },
    n: all.at(-1)!,
    pos: pos.at(-1)!,
    neg: neg.at(-1)!,
  };
}

/** A point reached by a rule: expected selected rows and true positives, and the rule's level mix. */
export interface CurvePoint {
  readonly selected: number;
  readonly tp: number;
  /** Levels 1…k−1 fully selected, level k with probability q (k = 0: nothing selected). */
  readonly k: number;
  readonly q: number;
}

const EPS = 1e-9;

/**
 * The rule reaching `rate` of `of` rows. `min` selects as few rows as possible for it (the first
 * level that reaches it), `max` as many (every level that adds none of `of`): at a given FPR, `max`
 * is the upper ROC curve.
 */
export function pointAt(c: GroupCurve, of: RateOf, rate: number, mode: 'min' | 'max' = 'min'): CurvePoint {
  const cum = c.cum[of];
  const denom = of === 'all' ? c.n : of === 'pos' ? c.pos : c.neg;
  const target = Math.min(1, Math.max(0, rate)) * denom;
  const L = c.scores.length;
  let k: number;
  let q: number;
  if (mode === 'min') {
    // smallest k with cum[k] ≥ target
    let lo = 0;
    let hi = L;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (cum[m]! >= target - EPS) hi = m;
      else lo = m + 1;
    }
    k = lo;
    if (k === 0) return { selected: 0, tp: 0, k: 0, q: 0 };
    const gap = cum[k]! - cum[k - 1]!;
    q = Math.abs(cum[k]! - target) <= EPS || gap <= 0 ? 1 : (target - cum[k - 1]!) / gap;
  } else {
    // largest k with cum[k] ≤ target, then part of the next level
    let lo = 0;
    let hi = L;
    while (lo < hi) {
      const m = (lo + hi + 1) >>> 1;
      if (cum[m]! <= target + EPS) lo = m;
      else hi = m - 1;
    }
    if (lo === L || Math.abs(cum[lo]! - target) <= EPS) {
      k = lo;
      q = 1;
      if (k === 0) return { selected: 0, tp: 0, k: 0, q: 0 };
    } else {
      k = lo + 1;
      q = (target - cum[lo]!) / (cum[k]! - cum[lo]!);
    }
  }
  return point(c, k, q);
}

/** The expected point of "levels 1…k−1 selected, level k with probability q". */
export function point(c: GroupCurve, k: number, q: number): CurvePoint {
  if (k === 0) return { selected: 0, tp: 0, k: 0, q: 0 };
  const mix = (cum: Float64Array) => cum[k - 1]! + q * (cum[k]! - cum[k - 1]!);
  return { selected: mix(c.cum.all), tp: mix(c.cum.pos), k, q };
}

/** The cuts of a point, each probability scaled by `scale` (a chord towards "select nobody"). */
export function cutsOf(c: GroupCurve, p: CurvePoint, scale = 1): Cut[] {
  if (p.k === 0 || scale <= 0) return [];
  const at = (level: number) => c.scores[level - 1]!;
  if (p.q >= 1 - 1e-7) return [{ atLeast: at(p.k), probability: clamp01(scale) }];
  const cuts: Cut[] = p.k > 1 ? [{ atLeast: at(p.k - 1), probability: clamp01(scale) }] : [];
  if (p.q > 1e-7) cuts.push({ atLeast: at(p.k), probability: clamp01(scale * p.q) });
  return cuts;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** TPR and FPR of a point. */
export function rates(c: GroupCurve, p: CurvePoint): { tpr: number; fpr: number; sr: number } {
  return {
    tpr: c.pos > 0 ? p.tp / c.pos : 0,
    fpr: c.neg > 0 ? (p.selected - p.tp) / c.neg : 0,
    sr: c.n > 0 ? p.selected / c.n : 0,
  };
}

/**
 * The point where the ray from (0, 0) through (fpr, tpr) meets the group's ROC curve, and the
 * scale (≤ 1) that brings it back to (fpr, tpr): a point under the curve is reached by selecting
 * the curve point's rows with that probability. Null when the ray misses (a point below chance).
 */
export function chordTo(
  c: GroupCurve,
  fpr: number,
  tpr: number,
): { point: CurvePoint; scale: number } | null {
  const L = c.scores.length;
  const F = (k: number) => (c.neg > 0 ? c.cum.neg[k]! / c.neg : 0);
  const T = (k: number) => (c.pos > 0 ? c.cum.pos[k]! / c.pos : 0);
  if (tpr <= EPS) return { point: { selected: 0, tp: 0, k: 0, q: 0 }, scale: 0 };
  if (fpr <= EPS) {
    // The highest point of the curve at FPR 0.
    let k = 0;
    while (k < L && c.cum.neg[k + 1]! === 0) k++;
    const top = T(k);
    return top >= tpr - EPS && k > 0 ? { point: point(c, k, 1), scale: tpr / top } : null;
  }
  const m = tpr / fpr;
  const h = (k: number) => T(k) - m * F(k);
  for (let k = 1; k <= L; k++) {
    if (F(k) < fpr - EPS) continue;
    const h0 = h(k - 1);
    const h1 = h(k);
    if (h0 > 0 && h1 <= 0) {
      const q = h0 / (h0 - h1);
      const p = point(c, k, q);
      const fq = F(k - 1) + q * (F(k) - F(k - 1));
      return { point: p, scale: fq > 0 ? fpr / fq : 0 };
    }
  }
  return null;
}
