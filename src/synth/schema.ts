/**
 * The shape of the synthetic prospect-scoring data set: column names in file order, the levels of
 * every categorical column, the column-array type returned by `generateProspects`, and the options.
 */

/** Column names, in the order they are written to CSV and Parquet. */
export const PROSPECT_COLUMNS = [
  'lead_id',
  'signup_date',
  'score',
  'converted',
  'gender',
  'age_band',
  'region',
  'company_size',
  'industry',
  'email_opens',
  'web_visits',
] as const;
export type ProspectColumn = (typeof PROSPECT_COLUMNS)[number];

/** Levels of the categorical columns, in their natural order. */
export const GENDERS = ['female', 'male', 'non-binary'] as const;
export const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55+'] as const;
export const REGIONS = ['north', 'south', 'east', 'west'] as const;
export const COMPANY_SIZES = ['1-10', '11-50', '51-200', '201-1000', '1000+'] as const;
export const INDUSTRIES = [
  'software',
  'finance',
  'healthcare',
  'manufacturing',
  'retail',
  'education',
] as const;

export type Gender = (typeof GENDERS)[number];
export type AgeBand = (typeof AGE_BANDS)[number];
export type Region = (typeof REGIONS)[number];
export type CompanySize = (typeof COMPANY_SIZES)[number];
export type Industry = (typeof INDUSTRIES)[number];

/** DuckDB types of the columns, used to read the CSV with explicit types (no auto-detection). */
export const PROSPECT_DUCKDB_TYPES: Readonly<Record<ProspectColumn, string>> = {
  lead_id: 'VARCHAR',
  signup_date: 'DATE',
  score: 'DOUBLE',
  converted: 'TINYINT',
  gender: 'VARCHAR',
  age_band: 'VARCHAR',
  region: 'VARCHAR',
  company_size: 'VARCHAR',
  industry: 'VARCHAR',
  email_opens: 'INTEGER',
  web_visits: 'INTEGER',
};

/** The generated data set as column arrays, one entry per row in each. */
export interface ProspectColumns {
  /** `L000001`, `L000002`, … (zero-padded to at least 6 digits). */
  readonly lead_id: string[];
  /** `YYYY-MM-DD`, non-decreasing with `lead_id`, spread over 12 months from `startDate`. */
  readonly signup_date: string[];
  /** Model score in [0, 1], rounded to 4 decimals. */
  readonly score: Float64Array;
  /** Real outcome: 1 converted, 0 not. */
  readonly converted: Uint8Array;
  readonly gender: Gender[];
  readonly age_band: AgeBand[];
  readonly region: Region[];
  readonly company_size: CompanySize[];
  readonly industry: Industry[];
  /** Marketing emails opened before scoring. */
  readonly email_opens: Uint16Array;
  /** Website visits before scoring. */
  readonly web_visits: Uint16Array;
}

/** Options of the generator. Every output is a pure function of these. */
export interface ProspectOptions {
  /** Number of rows (default 20,000). */
  rows?: number;
  /** PRNG seed, any 32-bit integer (default {@link DEFAULT_SEED}). */
  seed?: number;
  /** First signup date, `YYYY-MM-DD`; signups span the 12 months from it (default `2025-01-01`). */
  startDate?: string;
}

export const DEFAULT_ROWS = 20_000;
export const DEFAULT_SEED = 20261129;
export const DEFAULT_START_DATE = '2025-01-01';
