import type { GroupSpec, LabelRule, ReadOptions } from '../data/index.js';

/** Where in the modelling pipeline a mitigation acts (fairlearn's grouping). */
export const MitigationStage = { pre: 'pre', in: 'in', post: 'post' } as const;
export type MitigationStage = (typeof MitigationStage)[keyof typeof MitigationStage];

/** The mitigation methods fairprobe implements. */
export const MitigationMethod = {
  reweigh: 'reweigh',
  resample: 'resample',
  synthesize: 'synthesize',
  repair: 'repair',
  flip: 'flip',
} as const;
export type MitigationMethod = (typeof MitigationMethod)[keyof typeof MitigationMethod];

/** Output file formats of mitigated data. */
export const OutputFormat = { csv: 'csv', parquet: 'parquet' } as const;
export type OutputFormat = (typeof OutputFormat)[keyof typeof OutputFormat];

/**
 * Options every method takes (the shared interface). Only the columns named here and the
 * method's own columns are interpreted; every other column passes through unchanged.
 */
export interface MitigationOptions {
  /** Sensitive attributes; strata are their intersection (one attribute: its values). */
  readonly groups: readonly GroupSpec[];
  /** The real outcome column (0/1, true/false, yes/no, or mapped with `labelRule`). */
  readonly label?: string | undefined;
  readonly labelRule?: LabelRule | undefined;
  /** Input row weights: respected by every method and carried to the output. */
  readonly weight?: string | undefined;
  /** Identifier column: pseudonymised with `pseudonymize`; synthetic rows get fresh ids. */
  readonly id?: string | undefined;
  /** Key of the keyed HMAC-SHA-256 that replaces every id (needs `id`). */
  readonly pseudonymize?: string | Uint8Array | undefined;
  /** Seed of every random choice; the same seed and input give the same output, byte for byte. */
  readonly seed: number;
  /** How to read the input (format, delimiter, missing-value texts, engine limits). */
  readonly read?: ReadOptions | undefined;
  /** Output file (written atomically). Without it the result holds the data in memory (`data`). */
  readonly out?: string | undefined;
  /** Output format; by default from the extension of `out` (.csv, .csv.gz, .parquet). */
  readonly outFormat?: OutputFormat | undefined;
}

/** Mitigated data held in memory: column arrays (numbers, strings, null). */
export interface MitigatedColumns {
  readonly columns: Record<string, (number | string | null)[]>;
}

/** How the rows changed. */
export interface RowCounts {
  readonly input: number;
  readonly output: number;
  /** Rows the method added (duplicates, synthetic rows, counterfactual copies). */
  readonly added: number;
  /** Input rows the method left out (undersampling only). */
  readonly removed: number;
}

/** One (group, label) stratum before and after a method. */
export interface StratumSummary {
  /** Group values in the order of the `groups` option (`(missing)` for a missing value). */
  readonly group: readonly string[];
  /** 1, 0, or null for unlabeled rows. */
  readonly label: 0 | 1 | null;
  readonly rows: number;
  /** Σ input weight (rows when there is no weight column). */
  readonly weight: number;
  /** Rows in the output. */
  readonly rowsAfter: number;
  /** Σ weight in the output. */
  readonly weightAfter: number;
  /** Reweighing factor P(g)·P(y) / P(g, y) (reweigh, resample). */
  readonly factor?: number | undefined;
}

/** What a method did: counts, columns, and method-specific details. Never rows of data. */
export interface MitigationResult<D = unknown> {
  readonly method: MitigationMethod;
  readonly stage: MitigationStage;
  readonly seed: number;
  readonly rows: RowCounts;
  readonly columns: {
    readonly input: readonly string[];
    readonly output: readonly string[];
    /** Documented marker columns the method added (weight, synthetic, counterfactual). */
    readonly added: readonly string[];
  };
  /** The file written, when `out` was given. */
  readonly output?: { readonly path: string; readonly format: OutputFormat } | undefined;
  /** The data, when no `out` was given. */
  readonly data?: MitigatedColumns | undefined;
  readonly strata: readonly StratumSummary[];
  readonly details: D;
  /** Things the user should know about this run (e.g. unlabeled rows kept unchanged). */
  readonly notes: readonly string[];
}

/** What a method's documentation says: when to use it and what it cannot fix. */
export interface MethodInfo {
  readonly id: MitigationMethod;
  readonly stage: MitigationStage;
  readonly title: string;
  readonly reference: string;
  readonly whenToUse: string;
  readonly cannotFix: string;
  /** What the output holds: rows and marker columns. */
  readonly output: string;
}
