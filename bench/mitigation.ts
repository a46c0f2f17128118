/**
 * Mitigation benchmark: `npx tsx bench/mitigation.ts [--rounds N] [--ratios-only] [--memory-rows 250000,1000000]`.
 *
 * 1. reweigh and resample on 1M rows against a DuckDB copy of the same file, CSV to CSV (budget:
 *    2×). The copy is `COPY (SELECT * FROM read_csv(file)) TO out.csv`, timed like the methods from
 *    opening DuckDB to the file written;
 * 2. synthesize 100k rows from a 1M-row input (budget: 60 s), with the neighbour search's cost;
 * 3. peak memory of the copy, reweigh and resample by input size (default 250k and 1M rows; pass
 *    e.g. `--memory-rows 1000000,10000000,30000000` to see it stay flat). No method holds rows in
 *    JavaScript; DuckDB's order-preserving COPY buffers batches that finish out of order (the copy
 *    too; the methods cap it at 1 GiB), and resample keeps each row's raw keys and hash in a narrow
 *    table (~50 bytes a row) only for inputs of up to 2M rows, reading larger ones once more.
 *
 * Each case runs in its own process, so peak memory is that case's alone. The cases are
 * interleaved for N rounds (default 5), and each method is compared with the copy of the same round
 * (median over the rounds), so load from other processes affects the copy and the methods alike;
 * CPU time (user + system, all threads) is reported too, as it moves much less with the load of a
 * shared machine than wall time. Inputs come from
 * writeProspectsCsv and are cached under bench/data/ (gitignored).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { resample, reweigh, synthesize } from '../src/mitigation/index.js';
import { writeProspectsCsv } from '../src/synth/index.js';

const DATA = join(fileURLToPath(new URL('.', import.meta.url)), 'data');
const OUT = join(tmpdir(), 'fairprobe-bench-mitigation');

const label = (rows: number) => (rows >= 1e6 ? `${rows / 1e6}m` : `${rows / 1e3}k`);

async function input(rows: number): Promise<string> {
  const path = join(DATA, `prospects-${label(rows)}.csv`);
  if (!existsSync(path)) {
    mkdirSync(DATA, { recursive: true });
    await writeProspectsCsv(path, { rows });
  }
  return path;
}

interface CaseResult {
  readonly ms: number;
  /** CPU time of the process over the case (user + system, every thread), ms. */
  readonly cpuMs: number;
  readonly rssMb: number;
  readonly heapMb: number;
  readonly extra?: Record<string, unknown>;
}

/** Runs one case in this process, sampling peak RSS and JS heap every 20 ms. */
async function runCase(name: string, rows: number): Promise<CaseResult> {
  const file = await input(rows);
  mkdirSync(OUT, { recursive: true });
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 20);
  const common = { groups: [{ column: 'gender' }, { column: 'age_band' }], label: 'converted', seed: 1 };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let extra: Record<string, unknown> | undefined;
  if (name === 'copy') {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    await c.run(`COPY (SELECT * FROM read_csv($p)) TO $o (FORMAT csv, HEADER true)`, {
      p: file,
      o: join(OUT, 'copy.csv'),
    });
    c.closeSync();
    instance.closeSync();
  } else if (name === 'reweigh') {
    await reweigh(file, { ...common, out: join(OUT, 'reweigh.csv') });
  } else if (name === 'resample') {
    const r = await resample(file, { ...common, id: 'lead_id', out: join(OUT, 'resample.csv') });
    extra = { output: r.rows.output };
  } else if (name === 'resample-preferential' || name === 'resample-preferential-id') {
    await resample(file, {
      ...common,
      mode: 'preferential',
      rankBy: 'score',
      id: name.endsWith('-id') ? 'lead_id' : undefined,
      out: join(OUT, 'resample-p.csv'),
    });
  } else if (name === 'synthesize') {
    const r = await synthesize(file, {
      groups: [{ column: 'gender' }],
      label: 'converted',
      id: 'lead_id',
      seed: 1,
      features: ['email_opens', 'web_visits', 'industry', 'company_size'],
      target: 'equal-group-shares',
      rows: 100_000,
      out: join(OUT, 'synthesize.csv'),
    });
    extra = { generated: r.rows.added, search: r.details.search, privacy: r.details.privacy };
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  sample();
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, rssMb: rss / 2 ** 20, heapMb: heap / 2 ** 20, extra };
}

function child(name: string, rows: number): CaseResult {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [...process.execArgv, self, '--case', name, String(rows)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`case ${name} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as CaseResult;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const i = process.argv.indexOf('--case');
  if (i >= 0) {
    const result = await runCase(process.argv[i + 1]!, Number(process.argv[i + 2]));
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  await input(1_000_000);
  await input(250_000);
  const r = process.argv.indexOf('--rounds');
  const rounds = r >= 0 ? Math.max(1, Number(process.argv[r + 1])) : 5;
  console.log('fairprobe mitigation benchmark (each case in a fresh process; groups gender × age_band)\n');
  // Warm the page cache once, then interleave the cases (medians over the rounds) so that load from
  // other processes affects the copy and the methods alike.
  child('copy', 1_000_000);
  const names = ['copy', 'reweigh', 'resample', 'resample-preferential-id', 'resample-preferential'];
  const runs = new Map<string, CaseResult[]>(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) for (const n of names) runs.get(n)!.push(child(n, 1_000_000));
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  const stat = (name: string, key: 'ms' | 'cpuMs') => {
    const xs = runs.get(name)!.map((x) => x[key]);
    return { median: median(xs), best: Math.min(...xs), all: xs };
  };
  const copy = stat('copy', 'ms');
  const copyCpu = stat('copy', 'cpuMs');
  const list = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(' ');
  console.log(
    `DuckDB copy, 1M rows CSV → CSV:       ${s(copy.median)}  (median of ${rounds}; best ${s(copy.best)}; CPU ${s(copyCpu.median)}; runs ${list(copy.all)})`,
  );
  for (const name of names.slice(1)) {
    const wall = stat(name, 'ms');
    const cpu = stat(name, 'cpuMs');
    // Each round's method against the same round's copy: load that comes and goes hits both.
    const paired = median(runs.get(name)!.map((x, i) => x.ms / runs.get('copy')![i]!.ms));
    console.log(
      `${`${name}, 1M rows → CSV:`.padEnd(42)}${s(wall.median)}  (${paired.toFixed(2)}× the copy, median per round; budget 2×) ${paired <= 2 ? 'ok' : 'OVER'}; ` +
        `medians ${(wall.median / copy.median).toFixed(2)}×, best ${(wall.best / copy.best).toFixed(2)}×, CPU ${s(cpu.median)} = ${(cpu.median / copyCpu.median).toFixed(2)}×; runs ${list(wall.all)}`,
    );
  }
  if (process.argv.includes('--ratios-only')) {
    rmSync(OUT, { recursive: true, force: true });
    return;
  }
  const syn = child('synthesize', 1_000_000);
  const search = syn.extra?.search as {
    queries: number;
    distances: number;
    buildMs: number;
    searchMs: number;
  };
  console.log(
    `synthesize 100k rows from 1M rows:     ${s(syn.ms)}  (budget 60 s) ${syn.ms <= 60_000 ? 'ok' : 'OVER'}\n` +
      `  neighbour search: ${search.queries.toLocaleString('en-US')} queries, ${search.distances.toLocaleString('en-US')} point distances, ` +
      `index build ${s(search.buildMs)}, search ${s(search.searchMs)}; peak RSS ${syn.rssMb.toFixed(0)} MB`,
  );
  const m = process.argv.indexOf('--memory-rows');
  const sizes = (m >= 0 ? process.argv[m + 1]! : '250000,1000000').split(',').map(Number);
  console.log('\npeak memory (RSS / JS heap) by input size, against the copy:');
  for (const name of ['copy', 'reweigh', 'resample']) {
    const cells: string[] = [];
    for (const rows of sizes) {
      const r = child(name, rows);
      cells.push(`${label(rows)}: ${r.rssMb.toFixed(0)} MB / ${r.heapMb.toFixed(0)} MB`);
    }
    console.log(`  ${name.padEnd(9)} ${cells.join('   ')}`);
  }
  rmSync(OUT, { recursive: true, force: true });
}

await main();
