/**
 * `npm run bench`: the audit against a bare DuckDB scan of the same file and columns.
 *
 * Generates seeded prospect data (1M and 10M rows; cached in bench/data/, not committed), then
 * for CSV and Parquet measures, each in a fresh process and best of `REPEATS`:
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

const REPEATS = Number(process.env.BENCH_REPEATS ?? 2);
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

function measure(mode: 'bare' | 'audit', file: string): { ms: number; maxRssMb: number } {
  let best = { ms: Number.POSITIVE_INFINITY, maxRssMb: 0 };
  for (let i = 0; i < REPEATS; i++) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/measure.ts', mode, file], {
      encoding: 'utf8',
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { ms: number; maxRssMb: number };
    if (r.ms < best.ms) best = r;
  }
  return best;
}

const rows: string[][] = [];
for (const n of sizes) {
  const files = await ensureData(n);
  for (const [format, file] of Object.entries(files)) {
    const bare = measure('bare', file);
    const audit = measure('audit', file);
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
