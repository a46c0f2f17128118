import type { AuditResult, GroupResult } from '../audit/index.js';
import type { Comparison, Estimate } from '../metrics/index.js';

/** Number formats used by every report: fixed digits, no locale, so output is byte-stable. */

/** A share as a percentage with one decimal, or an em dash when missing. */
export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(100 * x).toFixed(digits)}%`;
}

/** A number with fixed decimals, or an em dash when missing. */
export function fixed(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);
}

/** A signed number (+0.012, −0.109) with fixed decimals. */
export function signed(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const s = Math.abs(x).toFixed(digits);
  return x > 0 ? `+${s}` : x < 0 && Number(s) !== 0 ? `−${s}` : s;
}

/** A p-value: "<0.001" or three decimals. */
export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

/** An integer with thin-space thousands separators (locale-free). */
export function count(n: number): string {
  const s = String(Math.round(n));
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A rate with its interval: "19.7% [18.9%, 20.5%]", or the reason it is undefined. */
export function rateWithInterval(e: Estimate | undefined): string {
  if (!e) return 'not computed';
  if (e.value === null) return e.reason ?? 'not defined';
  const i = e.interval;
  return i ? `${pct(e.value)} [${pct(i.low)}, ${pct(i.high)}]` : pct(e.value);
}

/** A ratio or difference with its interval: "0.69 [0.66, 0.72]". */
export function comparisonText(c: Comparison | Estimate | undefined, digits = 2, sign = false): string {
  if (!c) return 'not computed';
  if (c.value === null) return c.reason ?? 'not defined';
  const f = (x: number) => (sign ? signed(x, digits) : fixed(x, digits));
  const i = c.interval;
  return i ? `${f(c.value)} [${f(i.low)}, ${f(i.high)}]` : f(c.value);
}

/** The display name of a group: its values joined with " & ". */
export function groupName(g: Pick<GroupResult, 'values'>): string {
  return g.values.join(' & ');
}

/** The display name of an attribute or intersection: "gender × age_band". */
export function attributeName(a: { readonly attributes: readonly string[] }): string {
  return a.attributes.join(' × ');
}

/** Rounds chart data to 4 decimals so specs stay small and stable. */
export function r4(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 1e4) / 1e4;
}

/** A setting from `result.options`, tolerant of results written by other versions. */
export function setting<T>(result: AuditResult, key: string, fallback: T): T {
  const v = (result.options as Record<string, unknown>)[key];
  return v === undefined || v === null ? fallback : (v as T);
}

/** The decision rule in words. */
export function decisionText(result: AuditResult): string {
  const d = result.decision;
  if (d.kind === 'threshold') {
    return d.selectTop
      ? `the top ${d.selectTop} of leads by score (score ≥ ${fixed(d.threshold, 4)}; leads tied at the cut-off are all selected)`
      : `score ≥ ${d.threshold}`;
  }
  if (d.kind === 'prediction') return `the 0/1 prediction column "${d.column}"`;
  if (d.kind === 'group-thresholds')
    return `group-specific thresholds on the score by "${d.attribute}" (a decision rule)`;
  return 'none (label-only audit: base rates only)';
}

/** Significance in words, with the group size: factual, never a judgement. */
export function significanceText(c: Comparison | undefined, n: number, alpha = 0.05): string {
  const p = c?.pAdjusted ?? c?.pValue;
  if (p === null || p === undefined) return `no test (n = ${count(n)})`;
  return p < alpha
    ? `statistically significant (p adj. ${p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`}, n = ${count(n)})`
    : `not statistically significant at n = ${count(n)} (p adj. = ${p.toFixed(3)})`;
}
