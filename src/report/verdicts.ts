import type { AuditResult } from '../audit/index.js';
import { outcomeReason } from '../policy/index.js';

/**
 * The fields of a policy verdict a report shows (the policy layer adds `verdicts` and `policy` to
 * an AuditResult; reports read them structurally so they render results with or without them).
 */
export interface ReportVerdict {
  readonly metric: string;
  readonly ruleText: string;
  readonly attributes: readonly string[];
  readonly group: readonly string[] | null;
  readonly reference: readonly string[] | null;
  readonly n: number | null;
  readonly status: string;
  readonly value: number | null;
  readonly interval: { readonly low: number; readonly high: number } | null;
  readonly reason: string;
}

export interface ReportPolicy {
  readonly name?: string | undefined;
  readonly sha256?: string | undefined;
  readonly outcome?: { readonly status: string; readonly counts?: Record<string, number> } | undefined;
}

const str = (x: unknown): string =>
  typeof x === 'string' ? x : x === undefined || x === null ? '' : String(x);
const strs = (x: unknown): string[] | null => (Array.isArray(x) ? x.map(str) : null);
const numOrNull = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** The verdicts of the result, or null when no policy was applied. Unknown fields are ignored. */
export function readVerdicts(result: AuditResult): ReportVerdict[] | null {
  const raw = (result as { verdicts?: unknown }).verdicts;
  if (!Array.isArray(raw)) return null;
  return raw
    .filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null)
    .map((v) => {
      const i = v.interval as { low?: unknown; high?: unknown } | null | undefined;
      const low = numOrNull(i?.low);
      const high = numOrNull(i?.high);
      return {
        metric: str(v.metric),
        ruleText: str(v.ruleText ?? v.metric),
        attributes: strs(v.attributes) ?? [],
        group: strs(v.group),
        reference: strs(v.reference),
        n: numOrNull(v.n),
        status: str(v.status),
        value: numOrNull(v.value),
        interval: low !== null && high !== null ? { low, high } : null,
        reason: str(v.reason),
      };
    });
}

/** The policy record of the result, when a policy was applied. */
export function readPolicy(result: AuditResult): ReportPolicy | null {
  const p = (result as { policy?: unknown }).policy;
  if (typeof p !== 'object' || p === null) return null;
  const r = p as Record<string, unknown>;
  const o = r.outcome as { status?: unknown; counts?: unknown } | undefined;
  return {
    name: typeof r.name === 'string' ? r.name : undefined,
    sha256: typeof r.sha256 === 'string' ? r.sha256 : undefined,
    outcome:
      o && typeof o.status === 'string'
        ? {
            status: o.status,
            counts:
              typeof o.counts === 'object' && o.counts ? (o.counts as Record<string, number>) : undefined,
          }
        : undefined,
  };
}

/** ` (why)` after a policy outcome that no verdict of its status explains (see outcomeReason). */
export function outcomeNote(status: string, counts: Readonly<Record<string, number>> | undefined): string {
  const why = outcomeReason(status, counts);
  return why ? ` (${why})` : '';
}

/** A verdict status with a symbol and words, so it never rests on colour alone. */
export function verdictStatusText(status: string): string {
  switch (status) {
    case 'pass':
      return "✓ pass — within the policy's tolerance";
    case 'warn':
      return "! warn — within the policy's tolerance, beyond its warning level";
    case 'fail':
      return "✗ fail — outside the policy's tolerance";
    case 'insufficient-data':
      return '? insufficient data for a verdict';
    default:
      return status;
  }
}

/** Short status with symbol for tables: "✗ fail". */
export function verdictStatusShort(status: string): string {
  const sym: Record<string, string> = { pass: '✓', warn: '!', fail: '✗', 'insufficient-data': '?' };
  return `${sym[status] ?? '·'} ${status}`;
}

/** Order of severity, worst first. */
export const STATUS_ORDER = ['fail', 'warn', 'insufficient-data', 'pass'] as const;

/** The worst status among verdicts (fail > warn > insufficient-data > pass). */
export function worstStatus(verdicts: readonly ReportVerdict[]): string {
  for (const s of STATUS_ORDER) if (verdicts.some((v) => v.status === s)) return s;
  return 'pass';
}
