import type { DecisionSpec, LabelMapping, RowAccount, SourceInfo } from '../data/index.js';
import type {
  AggregateValue,
  CalibrationBin,
  Comparison,
  Estimate,
  ScoreDistribution,
  ThresholdSweep,
} from '../metrics/index.js';
import type { PolicyRecord, Verdict } from '../policy/verdict.js';
import type { RankingResult } from '../ranking/types.js';

export const AUDIT_SCHEMA = 'fairprobe.audit/1';

/** A group's status: ok, small (warned: below the minimum size), or suppressed (not shown). */
export type GroupStatus = 'ok' | 'small';

export interface GroupResult {
  readonly attributes: readonly string[];
  readonly values: readonly string[];
  readonly n: number;
  readonly status: GroupStatus;
  readonly isReference: boolean;
  readonly metrics: Record<string, Estimate>;
  /** Difference and ratio of each rate vs the reference group. */
  readonly rates?: Record<string, { difference: Comparison; ratio: Comparison }> | undefined;
  /** Named disparity metrics vs the reference group (and score gaps vs the rest). */
  readonly disparities?: Record<string, Comparison> | undefined;
  readonly curves?:
    | { sweep: ThresholdSweep; calibration: CalibrationBin[]; distribution: ScoreDistribution }
    | undefined;
}

/**
 * A group left out of every table (privacy): too small (`suppressed`), hidden so that a small
 * group cannot be recovered by subtraction (`complementary`), or a combination with no rows
 * (`empty`). Row counts of hidden groups are not disclosed one by one (`rows` is null; the
 * attribute's `suppressedRows` gives their total).
 */
export interface SuppressedGroup {
  readonly values: readonly string[];
  readonly rows: number | null;
  readonly reason: 'suppressed' | 'complementary' | 'empty';
}

/** The groups of one attribute or intersection, with their reference and aggregates. */
export interface AttributeResult {
  readonly attributes: readonly string[];
  /** How the reference was chosen and which group it is. */
  readonly reference: { readonly rule: string; readonly values: readonly string[] | null };
  readonly groups: GroupResult[];
  readonly aggregates: Record<string, AggregateValue>;
  readonly suppressed: SuppressedGroup[];
  /** Rows held by the suppressed and complementary groups together. */
  readonly suppressedRows: number;
}

export interface AuditWarning {
  readonly code: string;
  readonly message: string;
}

/** The versioned result of an audit: everything a report needs, aggregates only. */
export interface AuditResult {
  readonly schema: typeof AUDIT_SCHEMA;
  readonly tool: { readonly name: 'fairprobe'; readonly version: string };
  /** When the audit ran (ISO 8601); reports take their date from here, never from the clock. */
  readonly createdAt: string;
  readonly input: {
    readonly source: SourceInfo;
    /** SHA-256 of the input file; for several merged parts, of their hashes joined by newlines. */
    readonly sha256: string;
    /** The parts merged (audits from stats files). */
    readonly parts?:
      | readonly { readonly name: string; readonly sha256: string; readonly rows: number }[]
      | undefined;
    /** The stats files (or query results) an audit from stats read, with the SHA-256 of each. */
    readonly statsFiles?: readonly { readonly path: string; readonly sha256: string }[] | undefined;
    /** The columns read, by role (nothing else was read). */
    readonly columnsRead: readonly string[];
    readonly roles: Readonly<Record<string, string | readonly string[] | undefined>>;
  };
  readonly options: Record<string, unknown>;
  readonly decision: DecisionSpec & { readonly selectTop?: string | undefined; readonly selected: number };
  readonly rows: RowAccount;
  readonly labels?: LabelMapping | undefined;
  readonly prediction?: LabelMapping | undefined;
  readonly overall: GroupResult;
  readonly overallIndices: Record<string, Estimate>;
  readonly attributes: AttributeResult[];
  readonly warnings: AuditWarning[];
  /** The policy the audit was judged by (effective criteria, SHA-256, outcome), when one was given. */
  readonly policy?: PolicyRecord | undefined;
  /** The policy's verdicts per rule and group, when a policy was given. */
  readonly verdicts?: Verdict[] | undefined;
  /** Ranking and exposure fairness of the list ordered by score, when asked (`--ranking`). */
  readonly ranking?: RankingResult | undefined;
}
