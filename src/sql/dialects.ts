/**
 * SQL dialects fairprobe can write its aggregation query in: how each quotes identifiers, names
 * its types, and tests a double for NaN and infinity. The rest of the query is portable SQL
 * (CASE, CAST, FLOOR, LEAST/GREATEST, SUM, COUNT, GROUP BY), which all five engines speak.
 */

/** The engines `fairprobe sql` writes for. */
export const SqlDialect = {
  duckdb: 'duckdb',
  postgres: 'postgres',
  spark: 'spark',
  trino: 'trino',
  bigquery: 'bigquery',
} as const;
export type SqlDialect = (typeof SqlDialect)[keyof typeof SqlDialect];

/** What differs between dialects in the query fairprobe writes. */
export interface DialectSyntax {
  readonly id: SqlDialect;
  /** A quoted identifier (a column or one part of a table name), with the dialect's escaping. */
  ident(name: string): string;
  /** Type names for CAST. */
  readonly text: string;
  readonly double: string;
  readonly integer: string;
  readonly bigint: string;
  /** A condition true when the double expression `e` is NaN. */
  isNaN(e: string): string;
  /** A condition true when the double expression `e` is +∞ or −∞. */
  isInf(e: string): string;
  /** A condition true when `e` is a finite number (NULL when `e` is NULL). */
  isFinite(e: string): string;
  /** The sum aggregate (DuckDB's `fsum` is compensated, so sums do not depend on row order). */
  readonly sum: string;
}

const doubleQuoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

const duckdb: DialectSyntax = {
  id: 'duckdb',
  ident: doubleQuoted,
  text: 'VARCHAR',
  double: 'DOUBLE',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  isNaN: (e) => `isnan(${e})`,
  isInf: (e) => `isinf(${e})`,
  isFinite: (e) => `isfinite(${e})`,
  sum: 'fsum',
};

/** PostgreSQL: NaN equals NaN (and sorts above every number); infinities are literals. */
const postgres: DialectSyntax = {
  id: 'postgres',
  ident: doubleQuoted,
  text: 'VARCHAR',
  double: 'DOUBLE PRECISION',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  isNaN: (e) => `${e} = CAST('NaN' AS DOUBLE PRECISION)`,
  isInf: (e) => `abs(${e}) = CAST('Infinity' AS DOUBLE PRECISION)`,
  isFinite: (e) =>
    `NOT (${e} = CAST('NaN' AS DOUBLE PRECISION) OR abs(${e}) = CAST('Infinity' AS DOUBLE PRECISION))`,
  sum: 'sum',
};

/** Spark SQL (and Databricks): backticks, doubled inside; STRING; no isinf. */
const spark: DialectSyntax = {
  id: 'spark',
  ident: (name) => `\`${name.replaceAll('`', '``')}\``,
  text: 'STRING',
  double: 'DOUBLE',
  integer: 'INT',
  bigint: 'BIGINT',
  isNaN: (e) => `isnan(${e})`,
  isInf: (e) => `abs(${e}) = CAST('Infinity' AS DOUBLE)`,
  isFinite: (e) => `NOT (isnan(${e}) OR abs(${e}) = CAST('Infinity' AS DOUBLE))`,
  sum: 'sum',
};

/** Trino (and Presto, Athena engine 3). */
const trino: DialectSyntax = {
  id: 'trino',
  ident: doubleQuoted,
  text: 'VARCHAR',
  double: 'DOUBLE',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  isNaN: (e) => `is_nan(${e})`,
  isInf: (e) => `is_infinite(${e})`,
  isFinite: (e) => `NOT (is_nan(${e}) OR is_infinite(${e}))`,
  sum: 'sum',
};

/** BigQuery GoogleSQL: backticks with backslash escapes, FLOAT64/INT64/STRING. */
const bigquery: DialectSyntax = {
  id: 'bigquery',
  ident: (name) =>
    `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`').replaceAll('\n', '\\n').replaceAll('\r', '\\r')}\``,
  text: 'STRING',
  double: 'FLOAT64',
  integer: 'INT64',
  bigint: 'INT64',
  isNaN: (e) => `IS_NAN(${e})`,
  isInf: (e) => `IS_INF(${e})`,
  isFinite: (e) => `NOT (IS_NAN(${e}) OR IS_INF(${e}))`,
  sum: 'SUM',
};

export const DIALECTS: Readonly<Record<SqlDialect, DialectSyntax>> = {
  duckdb,
  postgres,
  spark,
  trino,
  bigquery,
};

/** The dialect's syntax by name. */
export function dialectSyntax(dialect: SqlDialect): DialectSyntax {
  return DIALECTS[dialect];
}

/**
 * A table name quoted part by part: `sales.leads` → `"sales"."leads"` (postgres) or
 * `` `my-project`.`crm`.`leads` `` (bigquery).
 * @example
 * quoteTable(dialectSyntax('spark'), 'crm.leads') // => '`crm`.`leads`'
 */
export function quoteTable(syntax: DialectSyntax, table: string): string {
  return table
    .split('.')
    .map((part) => syntax.ident(part))
    .join('.');
}
