/**
 * The aggregation query per dialect, against golden files (regenerate with UPDATE_GOLDEN=1 after a
 * deliberate change, and read the diff). The spec exercises every part: a binned attribute, a
 * weight, and identifiers that need each dialect's escaping (a double quote, a backtick, a space).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  aggregationSpec,
  aggregationSql,
  DIALECTS,
  parseQuerySpec,
  type SqlDialect,
} from '../../src/sql/index.js';

const dir = join(import.meta.dirname, 'golden');

const goldenSpec = aggregationSpec({
  roles: {
    score: 'score',
    label: 'converted',
    weight: 'sample weight',
    groups: [{ column: 'gender' }, { column: 'age', edges: [25, 35, 45, 55] }, { column: 'we"ird`name' }],
  },
  threshold: 0.35,
});

describe('aggregationSql golden files', () => {
  for (const dialect of Object.keys(DIALECTS) as SqlDialect[]) {
    it(`${dialect}: matches test/sql/golden/${dialect}.sql`, () => {
      const sql = aggregationSql(goldenSpec, { dialect, table: 'crm.scored-leads' });
      const file = join(dir, `${dialect}.sql`);
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, sql);
      expect(sql).toBe(readFileSync(file, 'utf8'));
    });
  }

  it("quotes identifiers with each dialect's escaping", () => {
    const sql = (dialect: SqlDialect) => aggregationSql(goldenSpec, { dialect, table: 'crm.scored-leads' });
    for (const d of ['duckdb', 'postgres', 'trino'] as const) {
      expect(sql(d)).toContain('"we""ird`name"');
      expect(sql(d)).toContain('FROM "crm"."scored-leads"');
    }
    expect(sql('spark')).toContain('`we"ird``name`');
    expect(sql('spark')).toContain('FROM `crm`.`scored-leads`');
    expect(sql('bigquery')).toContain('`we"ird\\`name`');
    expect(sql('bigquery')).toContain('FROM `crm`.`scored-leads`');
  });

  it("uses each dialect's types and NaN/infinity tests", () => {
    const sql = (dialect: SqlDialect) => aggregationSql(goldenSpec, { dialect, table: 't' });
    expect(sql('postgres')).toContain("CAST('NaN' AS DOUBLE PRECISION)");
    expect(sql('trino')).toContain('is_nan(');
    expect(sql('trino')).toContain('is_infinite(');
    expect(sql('bigquery')).toContain('IS_INF(');
    expect(sql('bigquery')).toContain('AS FLOAT64');
    expect(sql('spark')).toContain('AS STRING');
    expect(sql('duckdb')).toContain('fsum(w)');
  });

  it('carries its settings in the header, read back by parseQuerySpec', () => {
    for (const dialect of Object.keys(DIALECTS) as SqlDialect[]) {
      const sql = aggregationSql(goldenSpec, { dialect, table: 'crm.scored-leads' });
      expect(sql.startsWith('-- fairprobe aggregation query')).toBe(true);
      expect(parseQuerySpec(sql)).toEqual(JSON.parse(JSON.stringify(goldenSpec)));
    }
  });

  it('writes only the columns the audit needs (data minimisation)', () => {
    const sql = aggregationSql(goldenSpec, { dialect: 'postgres', table: 't' })
      .split('\n')
      .filter((line) => !line.startsWith('--'))
      .join('\n');
    const quoted = new Set([...sql.matchAll(/"((?:[^"]|"")+)"/g)].map((m) => m[1]!.replaceAll('""', '"')));
    expect([...quoted].filter((q) => !['NaN', 'Infinity', 't'].includes(q)).sort()).toEqual(
      ['age', 'converted', 'gender', 'sample weight', 'score', 'we"ird`name'].sort(),
    );
  });
});
