/**
 * Proven on a real second engine: PostgreSQL loads datasets/prospects.csv, runs the query
 * `fairprobe sql --dialect postgres` wrote (with psql's `\copy (query) TO ... CSV HEADER`), and
 * auditing that result equals auditing the CSV directly (to 1e-9), through the built CLI and the
 * library; also with weights, binned ages, quoted identifiers and per-partition results merged.
 *
 * Needs a server psql can reach: `.ci/run` starts one (scripts/pg-start.sh) and sets
 * FAIRPROBE_PG=1 with PGHOST/PGPORT/PGUSER. Without FAIRPROBE_PG=1 these tests are skipped.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditResult, audit, auditFromStats } from '../../src/audit/index.js';
import type { Roles } from '../../src/data/index.js';
import { aggregationSpec, aggregationSql, statsFromQueryResult } from '../../src/sql/index.js';
import { ensureBuilt, repoRoot, runCli } from '../helpers/cli.js';
import { expectClose, type Row, sampleRows, tempDir, toDelimited } from '../helpers/data.js';

const enabled = process.env.FAIRPROBE_PG === '1';
const title = enabled
  ? 'PostgreSQL round trip'
  : 'PostgreSQL round trip — SKIPPED: no server (set FAIRPROBE_PG=1 with a server psql reaches; `source scripts/pg-start.sh` starts one)';
if (!enabled) console.warn(title);
const schema = `fairprobe_test_${process.pid}`;
const CREATED = '2026-01-01T00:00:00Z';

function psql(...args: string[]): string {
  return execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args], {
    encoding: 'utf8',
    env: { ...process.env, PGOPTIONS: `-c search_path=${schema}` },
  });
}

/** Runs a query file with psql's \copy and saves the result as CSV with a header. */
function copyOut(queryFile: string, out: string): void {
  const body = readFileSync(queryFile, 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('--'))
    .join('\n')
    .trim();
  psql('-c', `\\copy (${body}) TO '${out}' CSV HEADER`);
}

function numbers(r: AuditResult): unknown {
  const { input: _input, ...rest } = r;
  return JSON.parse(JSON.stringify(rest));
}

describe.skipIf(!enabled)(title, () => {
  const { dir, cleanup } = tempDir('fairprobe-pg-');
  beforeAll(() => {
    try {
      psql('-c', 'SELECT 1');
    } catch (e) {
      throw new Error(
        `FAIRPROBE_PG=1 but psql cannot reach a server (PGHOST=${process.env.PGHOST}, PGPORT=${process.env.PGPORT}): ${(e as Error).message}`,
      );
    }
    psql('-c', `DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema};`);
    psql(
      '-c',
      `CREATE TABLE prospects (lead_id text, signup_date date, score double precision, converted integer,
        gender text, age_band text, region text, company_size text, industry text, email_opens integer, web_visits integer)`,
    );
    psql('-c', `\\copy prospects FROM '${join(repoRoot, 'datasets/prospects.csv')}' CSV HEADER`);
    ensureBuilt();
  });
  afterAll(() => {
    try {
      psql('-c', `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      cleanup();
    }
  });

  const flags = ['--score', 'score', '--label', 'converted', '--group', 'gender,age_band,company_size'];
  const auditFlags = ['--format', 'json', '--created-at', CREATED, '--bootstrap', '200'];

  it('the CLI flow: fairprobe sql → psql \\copy → fairprobe audit --stats equals the direct audit', () => {
    const query = join(dir, 'audit.sql');
    const result = join(dir, 'result.csv');
    const w = runCli([
      'sql',
      '--dialect',
      'postgres',
      '--table',
      `${schema}.prospects`,
      ...flags,
      '--out',
      query,
    ]);
    expect(w.status, w.stderr).toBe(0);
    copyOut(query, result);
    const fromPgJson = join(dir, 'from-pg.json');
    const directJson = join(dir, 'direct.json');
    const fromPg = runCli(['audit', '--stats', result, '--query', query, ...auditFlags, '--out', fromPgJson]);
    expect(fromPg.status, fromPg.stderr).toBe(0);
    const direct = runCli(['audit', 'datasets/prospects.csv', ...flags, ...auditFlags, '--out', directJson]);
    expect(direct.status, direct.stderr).toBe(0);
    const a = JSON.parse(readFileSync(fromPgJson, 'utf8')) as AuditResult;
    const b = JSON.parse(readFileSync(directJson, 'utf8')) as AuditResult;
    expectClose(numbers(a), numbers(b));
    expect(a.input.source.name).toBe(result);
    expect(a.overall.n).toBe(20_000);
  });

  it('partitions (one result per region), merged, equal the direct audit', async () => {
    const roles: Roles = {
      score: 'score',
      label: 'converted',
      groups: [{ column: 'gender' }, { column: 'age_band' }],
    };
    const spec = aggregationSpec({ roles, threshold: 0.45 });
    const files: string[] = [];
    for (const region of ['east', 'north', 'south', 'west']) {
      psql('-c', `CREATE VIEW prospects_${region} AS SELECT * FROM prospects WHERE region = '${region}'`);
      const query = join(dir, `${region}.sql`);
      writeFileSync(
        query,
        aggregationSql(spec, { dialect: 'postgres', table: `${schema}.prospects_${region}` }),
      );
      files.push(join(dir, `${region}.csv`));
      copyOut(query, files[files.length - 1]!);
    }
    const parts = await Promise.all(files.map((f) => statsFromQueryResult(f, spec)));
    const merged = auditFromStats(parts, { replicates: 200, createdAt: CREATED });
    const direct = await audit('datasets/prospects.csv', {
      roles,
      threshold: 0.45,
      replicates: 200,
      createdAt: CREATED,
    });
    expectClose(numbers(merged), numbers(direct));
    expect(merged.input.parts?.length).toBe(4);
  });

  it('weights, binned ages, missing values, yes/no labels and identifiers that need quoting', async () => {
    const rows: Row[] = sampleRows(800, 5).map((r) => ({
      score: r.score ?? null,
      'y "outcome"': r.y ?? null,
      'gen`der': r.gender ?? null,
      age: r.age ?? null,
      region: r.region ?? null,
      'sample weight': r.weight ?? null,
    }));
    const csv = join(dir, 'sample.csv');
    writeFileSync(csv, toDelimited(rows));
    psql(
      '-c',
      `CREATE TABLE "odd ""table""" (score double precision, "y ""outcome""" text, "gen\`der" text, age integer, region text, "sample weight" double precision)`,
    );
    psql('-c', `\\copy "odd ""table""" FROM '${csv}' CSV HEADER`);
    const roles: Roles = {
      score: 'score',
      label: 'y "outcome"',
      weight: 'sample weight',
      groups: [{ column: 'gen`der' }, { column: 'age', edges: [25, 35, 45, 55] }, { column: 'region' }],
    };
    const spec = aggregationSpec({ roles, threshold: 0.4 });
    const query = join(dir, 'sample.sql');
    writeFileSync(query, aggregationSql(spec, { dialect: 'postgres', table: `${schema}.odd "table"` }));
    const result = join(dir, 'sample-result.csv');
    copyOut(query, result);
    const settings = { replicates: 100, suppressBelow: 0, minGroupSize: 1, createdAt: CREATED };
    const stats = await statsFromQueryResult(result, spec, { intersections: 'all' });
    const direct = await audit(csv, { roles, threshold: 0.4, intersections: 'all', ...settings });
    expectClose(numbers(auditFromStats([stats], settings)), numbers(direct));
  });
});
