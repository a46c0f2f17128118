/**
 * The aggregation query run by a real engine (DuckDB, as a separate database that only sees a
 * table), its result saved as CSV, Parquet, NDJSON and a JSON array, read back, and audited: the
 * AuditResult equals the direct audit of the same data (to 1e-9), also when the table is split
 * into partitions whose results are merged. Identifiers that need escaping are used for real.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditResult, audit, auditFromStats } from '../../src/audit/index.js';
import type { Roles } from '../../src/data/index.js';
import {
  type AggregationSpec,
  aggregationSpec,
  aggregationSql,
  parseQuerySpec,
  statsFromQueryResult,
} from '../../src/sql/index.js';
import { quoteLiteral } from '../../src/util/strings.js';
import { expectClose, type Row, sampleRows, tempDir, toDelimited } from '../helpers/data.js';

const CREATED = '2026-01-01T00:00:00Z';
const { dir, cleanup } = tempDir('fairprobe-sql-duckdb-');
let instance: DuckDBInstance;
afterAll(() => {
  instance?.closeSync();
  cleanup();
});

async function exec(sql: string) {
  const c = await instance.connect();
  try {
    await c.run(sql);
  } finally {
    c.closeSync();
  }
}

/** Runs the emitted query and saves its result in `format`; returns the file. */
async function runQuery(spec: AggregationSpec, table: string, format: string, name: string): Promise<string> {
  const sql = aggregationSql(spec, { dialect: 'duckdb', table });
  expect(parseQuerySpec(sql)).toEqual(JSON.parse(JSON.stringify(spec)));
  const ext = { csv: 'csv', parquet: 'parquet', ndjson: 'ndjson', jsonarray: 'json' }[format]!;
  const file = join(dir, `${name}.${ext}`);
  const options = {
    csv: 'FORMAT csv, HEADER true',
    parquet: 'FORMAT parquet',
    ndjson: 'FORMAT json',
    jsonarray: 'FORMAT json, ARRAY true',
  }[format]!;
  await exec(`COPY (${sql}) TO ${quoteLiteral(file)} (${options})`);
  return file;
}

/** The AuditResult without what names the input (which differs by design). */
function numbers(r: AuditResult): unknown {
  const { input: _input, ...rest } = r;
  return JSON.parse(JSON.stringify(rest));
}

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
});

describe('prospects: engine result → audit equals the direct audit', () => {
  const roles: Roles = {
    score: 'score',
    label: 'converted',
    groups: [{ column: 'gender' }, { column: 'age_band' }, { column: 'company_size' }],
  };
  const spec = aggregationSpec({ roles });
  let direct: AuditResult;
  beforeAll(async () => {
    await exec(`CREATE TABLE prospects AS SELECT * FROM read_csv('datasets/prospects.csv')`);
    direct = await audit('datasets/prospects.csv', { roles, replicates: 200, createdAt: CREATED });
  });

  for (const format of ['csv', 'parquet', 'ndjson', 'jsonarray']) {
    it(`from a ${format} result`, async () => {
      const file = await runQuery(spec, 'prospects', format, `prospects-${format}`);
      const stats = await statsFromQueryResult(file, spec);
      const r = auditFromStats([stats], { replicates: 200, createdAt: CREATED });
      expectClose(numbers(r), numbers(direct));
      expect(r.input.source.name).toBe(file);
      expect(r.input.sha256).toMatch(/^[0-9a-f]{64}$/);
    });
  }

  it('from partitions (one result per region), merged', async () => {
    const regions = ['east', 'north', 'south', 'west'];
    const files: string[] = [];
    for (const region of regions) {
      await exec(`CREATE VIEW "part ${region}" AS SELECT * FROM prospects WHERE region = '${region}'`);
      files.push(await runQuery(spec, `part ${region}`, 'csv', `part-${region}`));
    }
    const parts = await Promise.all(files.map((f) => statsFromQueryResult(f, spec)));
    const r = auditFromStats(parts, { replicates: 200, createdAt: CREATED });
    expectClose(numbers(r), numbers(direct));
    expect(r.input.parts?.map((p) => p.name)).toEqual(files);
    expect(r.input.parts?.reduce((a, p) => a + p.rows, 0)).toBe(20_000);
  });
});

describe('weights, binned ages, missing groups, yes/no labels, names that need quoting', () => {
  it('equals the direct audit', async () => {
    const rows: Row[] = sampleRows(600, 11).map((r) => ({
      id: r.id ?? null,
      score: r.score ?? null,
      'y "outcome"': r.y ?? null,
      'gen`der': r.gender ?? null,
      age: r.age ?? null,
      region: r.region ?? null,
      'sample weight': r.weight ?? null,
    }));
    const csv = join(dir, 'sample.csv');
    writeFileSync(csv, toDelimited(rows));
    // As fairprobe reads it: yes/no stay texts (a BOOLEAN column would give true/false labels).
    await exec(
      `CREATE TABLE sample AS SELECT * FROM read_csv(${quoteLiteral(csv)}, auto_type_candidates = ['BIGINT', 'DOUBLE', 'VARCHAR'])`,
    );
    const roles: Roles = {
      score: 'score',
      label: 'y "outcome"',
      weight: 'sample weight',
      groups: [{ column: 'gen`der' }, { column: 'age', edges: [25, 35, 45, 55] }, { column: 'region' }],
    };
    const settings = { replicates: 100, suppressBelow: 0, minGroupSize: 1, createdAt: CREATED };
    const direct = await audit(csv, { roles, threshold: 0.4, intersections: 'all', ...settings });
    const spec = aggregationSpec({ roles, threshold: 0.4 });
    const file = await runQuery(spec, 'sample', 'parquet', 'sample');
    const stats = await statsFromQueryResult(file, spec, { intersections: 'all' });
    expectClose(numbers(auditFromStats([stats], settings)), numbers(direct));
    expect(stats.values.region).toContain('south, coast');
    expect(stats.values['gen`der']).toContain('(missing)');
  });
});
