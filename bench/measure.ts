/**
 * One measurement in a fresh process (so peak memory is this run's alone):
 *   tsx bench/measure.ts bare|audit FILE
 * Prints one JSON line: { ms, maxRssMb }.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { auditFromStats, collectStats } from '../src/index.js';

const [mode, file] = process.argv.slice(2) as [string, string];
const reader = file.endsWith('.parquet') ? 'read_parquet' : 'read_csv';
const start = performance.now();
if (mode === 'bare') {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  // The same columns the audit reads, each consumed by an aggregate.
  await c.runAndReadAll(
    `SELECT count(*), sum(score), sum(converted), count(gender), count(age_band), count(region) FROM ${reader}($f)`,
    { f: file },
  );
} else {
  const stats = await collectStats(file, {
    roles: {
      score: 'score',
      label: 'converted',
      groups: [{ column: 'gender' }, { column: 'age_band' }, { column: 'region' }],
    },
    intersections: 'pairs',
  });
  const result = auditFromStats([stats], { replicates: 1000 });
  if (result.attributes.length !== 6) throw new Error('unexpected result');
}
const ms = performance.now() - start;
process.stdout.write(`${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
