/**
 * `npm run bench`: the audit against a bare DuckDB scan of the same file and columns.
 *
 * Generates seeded prospect data (1M and 10M rows; cached in bench/data/, not committed), then
 * for CSV and Parquet measures, each in a fresh process, alternately, the fastest of `REPEATS`
 * (BENCH_REPEATS, default 3) rounds:
 *   bare  — SELECT count(*), sum(score), … over the columns the audit reads
 *   audit — the whole audit: 3 attributes + pairwise intersections, AUC, Wilson intervals,
 *           1,000 bootstrap replicates, significance tests
 * and prints the ratio audit / bare and the audit's peak memory.
 * Set BENCH_ROWS=1000000 to run one size only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeProspectsCsv } from '../src/index.js';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const sizes = (process.env.BENCH_ROWS ?? '1000000,10000000').split(',').map(Number);
mkdirSync('bench/data', { recursive: true });

async function ensureData(rows: number): Promise<{ csv: string; parquet: string }> {
  const csv = `bench/data/prospects-${rows}.csv`;
  const parquet = `bench/data/prospects-${rows}.parquet`;
  if (!existsSync(csv)) {
    process.stderr.write(`generating ${csv} …\n`);
    await writeProspectsCsv(csv, { rows });
  }
  if (!existsSync(parquet)) {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    await c.run(`COPY (SELECT * FROM read_csv($csv)) TO '${parquet}' (FORMAT parquet)`, { csv });
    c.closeSync();
    instance.closeSync();
  }
  return { csv, parquet };
}

function once(mode: 'bare' | 'audit', file: string): { ms: number; maxRssMb: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/measure.ts', mode, file], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!) as { ms: number; maxRssMb: number };
}

/**
 * Bare scan and audit alternately, `REPEATS` rounds, the fastest of each: a machine that slows down
 * for a while (shared cores) then slows both alike instead of whichever ran at that moment.
 */
function measure(file: string): { bare: { ms: number }; audit: { ms: number; maxRssMb: number } } {
  let bare = { ms: Number.POSITIVE_INFINITY };
  let audit = { ms: Number.POSITIVE_INFINITY, maxRssMb: 0 };
  for (let i = 0; i < REPEATS; i++) {
    const b = once('bare', file);
    const a = once('audit', file);
    if (b.ms < bare.ms) bare = b;
    if (a.ms < audit.ms) audit = a;
  }
  return { bare, audit };
}

const rows: string[][] = [];
for (const n of sizes) {
  const files = await ensureData(n);
  for (const [format, file] of Object.entries(files)) {
    const { bare, audit } = measure(file);
    rows.push([
      n.toLocaleString('en-US'),
      format,
      `${(bare.ms / 1000).toFixed(2)} s`,
      `${(audit.ms / 1000).toFixed(2)} s`,
      `${(audit.ms / bare.ms).toFixed(2)}×`,
      `${format === 'csv' ? '≤ 2×' : '≤ 4×'}`,
      `${Math.round(audit.maxRssMb)} MB`,
    ]);
    process.stderr.write(`${n} ${format}: bare ${bare.ms.toFixed(0)} ms, audit ${audit.ms.toFixed(0)} ms\n`);
  }
}
const header = ['rows', 'format', 'bare DuckDB scan', 'fairprobe audit', 'ratio', 'target', 'audit peak RSS'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
process.stdout.write(
  `${[line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')}\n`,
);
