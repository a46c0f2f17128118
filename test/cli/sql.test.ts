/**
 * `fairprobe sql` and `fairprobe audit --stats RESULT --query QUERY.sql`, spawned as users run them:
 * the query for every dialect, its errors, and the DuckDB round trip (the query run by a separate
 * DuckDB database, its result audited) equal to the direct audit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/index.js';
import { aggregationSpec, aggregationSql, DIALECTS } from '../../src/sql/index.js';
import { quoteLiteral } from '../../src/util/strings.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { expectClose, tempDir } from '../helpers/data.js';

const ROLES = ['--score', 'score', '--label', 'converted', '--group', 'gender,age_band,company_size'];
const JSON_OUT = ['--format', 'json', '--created-at', '2026-01-01T00:00:00Z', '--bootstrap', '100'];
const { dir, cleanup } = tempDir('fairprobe-cli-sql-');
beforeAll(ensureBuilt);
afterAll(cleanup);

function expectUsageError(r: ReturnType<typeof runCli>, pattern: RegExp) {
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

/** Runs `fairprobe audit ... --out FILE` and parses the JSON result. */
function auditJson(name: string, ...args: string[]): AuditResult {
  const out = join(dir, `${name}.json`);
  const r = runCli(['audit', ...args, ...JSON_OUT, '--out', out]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as AuditResult;
}

function numbers(r: AuditResult): unknown {
  const { input: _input, ...rest } = r;
  return JSON.parse(JSON.stringify(rest));
}

describe('fairprobe sql', () => {
  for (const dialect of Object.keys(DIALECTS)) {
    it(`--dialect ${dialect} prints the library's query`, () => {
      const r = runCli(['sql', '--dialect', dialect, '--table', 'crm.leads', ...ROLES, '--threshold', '0.6']);
      expect(r.status, r.stderr).toBe(0);
      const spec = aggregationSpec({
        roles: {
          score: 'score',
          label: 'converted',
          groups: [{ column: 'gender' }, { column: 'age_band' }, { column: 'company_size' }],
        },
        threshold: 0.6,
      });
      expect(r.stdout).toBe(aggregationSql(spec, { dialect: dialect as 'duckdb', table: 'crm.leads' }));
    });
  }

  it('explains what is wrong: dialect, table, groups, --select-top, raw scores without a range', () => {
    expectUsageError(
      runCli(['sql', '--table', 't', ...ROLES]),
      /--dialect[\s\S]*duckdb, postgres, spark, trino, bigquery/,
    );
    expectUsageError(
      runCli(['sql', '--dialect', 'oracle', '--table', 't', ...ROLES]),
      /Unknown --dialect "oracle"/,
    );
    expectUsageError(runCli(['sql', '--dialect', 'trino', ...ROLES]), /--table/);
    expectUsageError(runCli(['sql', '--dialect', 'trino', '--table', 't', '--score', 's']), /--group/);
    expectUsageError(
      runCli(['sql', '--dialect', 'trino', '--table', 't', ...ROLES, '--select-top', '20%']),
      /--select-top[\s\S]*--threshold/,
    );
    expectUsageError(
      runCli(['sql', '--dialect', 'trino', '--table', 't', ...ROLES, '--raw-scores']),
      /--score-range/,
    );
  });
});

describe('fairprobe audit --stats with query results (DuckDB as the engine)', () => {
  const query = join(dir, 'audit.sql');
  const result = join(dir, 'result.csv');
  let direct: AuditResult;
  beforeAll(async () => {
    const w = runCli(['sql', '--dialect', 'duckdb', '--table', 'prospects', ...ROLES, '--out', query]);
    expect(w.status, w.stderr).toBe(0);
    expect(w.stderr).toContain(`--query ${query}`);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`CREATE TABLE prospects AS SELECT * FROM read_csv('datasets/prospects.csv')`);
    await c.run(`COPY (${readFileSync(query, 'utf8')}) TO ${quoteLiteral(result)} (FORMAT csv, HEADER true)`);
    c.closeSync();
    db.closeSync();
    direct = auditJson('direct', 'datasets/prospects.csv', ...ROLES);
  });

  it('--query QUERY.sql: equals the direct audit; the fingerprint names the result file', () => {
    const r = auditJson('from-query', '--stats', result, '--query', query);
    expectClose(numbers(r), numbers(direct));
    expect(r.input.source.name).toBe(result);
  });

  it('the same flags instead of --query: equals the direct audit, and warns that g0…gk are read in --group order', () => {
    const r = auditJson('from-flags', '--stats', result, ...ROLES);
    const unchecked = r.warnings.filter((w) => w.code === 'unchecked_group_names');
    expect(unchecked.map((w) => w.message)).toEqual([
      "The query result's columns g0, g1, g2 carry no attribute names: they were read as g0 = gender, g1 = age_band, g2 = company_size, in the order of --group. Pass --query with the query that made the result to have them checked.",
    ]);
    const rest = { ...r, warnings: r.warnings.filter((w) => w.code !== 'unchecked_group_names') };
    expectClose(numbers(rest), numbers(direct));
    // With --query the header names the columns: no such warning.
    const q = auditJson('from-query-2', '--stats', result, '--query', query);
    expect(q.warnings.some((w) => w.code === 'unchecked_group_names')).toBe(false);
  });

  it('several results are merged; the same result twice is refused (its rows would count double)', () => {
    const copy = join(dir, 'result-copy.csv');
    writeFileSync(copy, readFileSync(result));
    expectUsageError(runCli(['audit', '--stats', result, copy, '--query', query]), /in the merge twice/);
  });

  it('fairprobe stats RESULT --query converts it to a stats file that audits the same', () => {
    const part = join(dir, 'part.stats.json');
    const s = runCli(['stats', result, '--query', query, '--out', part]);
    expect(s.status, s.stderr).toBe(0);
    expectClose(numbers(auditJson('via-stats', '--stats', part)), numbers(direct));
  });

  it('refuses a result without its settings, with other settings, or that is not a result', () => {
    expectUsageError(runCli(['audit', '--stats', result]), /--query/);
    expectUsageError(
      runCli(['audit', '--stats', result, '--query', query, '--score', 'score']),
      /--score cannot be used with --query/,
    );
    expectUsageError(
      runCli(['audit', '--stats', result, ...ROLES, '--threshold', '0.7']),
      /do not match the threshold 0.7/,
    );
    expectUsageError(
      runCli([
        'audit',
        '--stats',
        result,
        '--score',
        'score',
        '--label',
        'converted',
        '--group',
        'gender,age_band',
      ]),
      /g2: it was computed for more than the 2 group/,
    );
    expectUsageError(
      runCli(['audit', '--stats', 'datasets/prospects.csv', '--query', query]),
      /lacks the columns g0/,
    );
    const edited = join(dir, 'edited.sql');
    writeFileSync(edited, readFileSync(query, 'utf8').replace(/^-- fairprobe-spec: .*$/m, ''));
    expectUsageError(runCli(['audit', '--stats', result, '--query', edited]), /no "fairprobe-spec" header/);
  });
});
