/**
 * The dialects no engine here runs (Spark, Trino, BigQuery) are parsed by node-sql-parser's
 * grammar for that engine (Spark SQL with its Hive grammar, which shares the backtick quoting and
 * the functions used). PostgreSQL and DuckDB run for real in other tests; they are parsed here too.
 *
 * node-sql-parser's grammars do not accept escaped quotes inside identifiers (`""`, ``` `` ```,
 * `` \` ``), so this spec uses names with spaces and non-ASCII letters; the escaping itself is
 * checked by the golden files and, for double quotes, by real DuckDB and PostgreSQL runs.
 */
import NodeSqlParser from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { aggregationSpec, aggregationSql, type SqlDialect } from '../../src/sql/index.js';

const { Parser } = NodeSqlParser;

const GRAMMAR: Record<SqlDialect, string> = {
  spark: 'hive',
  trino: 'trino',
  bigquery: 'bigquery',
  postgres: 'postgresql',
  duckdb: 'postgresql',
};

const specs = {
  threshold: aggregationSpec({
    roles: {
      score: 'score',
      label: 'converted',
      weight: 'sample weight',
      groups: [{ column: 'gender' }, { column: 'âge', edges: [25, 35, 45, 55] }, { column: 'company size' }],
    },
  }),
  prediction: aggregationSpec({
    roles: { score: 'score', prediction: 'contacted', label: 'won', groups: [{ column: 'region' }] },
  }),
  labelOnly: aggregationSpec({ roles: { label: 'won', groups: [{ column: 'region' }] } }),
  raw: aggregationSpec({
    roles: { score: 'logit', label: 'won', groups: [{ column: 'region' }] },
    scoreScale: 'raw',
    scoreRange: [-8.5, 12.25],
    threshold: 1.5,
  }),
};

describe("the aggregation query parses in each engine's grammar", () => {
  const parser = new Parser();
  for (const [dialect, grammar] of Object.entries(GRAMMAR) as [SqlDialect, string][]) {
    for (const [name, spec] of Object.entries(specs)) {
      it(`${dialect} (${grammar} grammar), ${name}`, () => {
        const sql = aggregationSql(spec, { dialect, table: 'crm.leads' });
        const ast = parser.astify(sql, { database: grammar });
        const select = (Array.isArray(ast) ? ast[0] : ast) as { type: string; groupby?: unknown };
        expect(select.type).toBe('select');
        expect(select.groupby).toBeTruthy();
      });
    }
  }
});
