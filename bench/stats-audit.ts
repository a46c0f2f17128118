/**
 * Auditing from saved statistics costs milliseconds whatever the number of rows they summarise.
 * For each size, generates the synthetic prospects CSV (cached in the OS temp folder), computes
 * its stats once (the one scan), then times `auditFromStats` (group metrics, bootstrap intervals,
 * tests, curves) and the stats file round trip. Run: npx tsx bench/stats-audit.ts [--rows 1e5,1e6,1e7]
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { auditFromStats, collectStats } from '../src/audit/index.js';
import { parseStats, serializeStats } from '../src/stats/index.js';
import { writeProspectsCsv } from '../src/synth/index.js';

const arg = process.argv.indexOf('--rows');
const sizes = (arg > 0 ? process.argv[arg + 1]! : '1e5,1e6,1e7').split(',').map((s) => Math.round(Number(s)));
const REPEATS = 7;
const dir = join(tmpdir(), 'fairprobe-bench');
mkdirSync(dir, { recursive: true });
const roles = {
  score: 'score',
  label: 'converted',
  groups: [{ column: 'gender' }, { column: 'age_band' }, { column: 'company_size' }],
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const rows: string[][] = [];
for (const n of sizes) {
  const csv = join(dir, `prospects-${n}.csv`);
  if (!existsSync(csv)) {
    process.stderr.write(`generating ${n} rows → ${csv}\n`);
    await writeProspectsCsv(csv, { rows: n });
  }
  let t = performance.now();
  const stats = await collectStats(csv, { roles });
  const scan = performance.now() - t;
  const text = serializeStats(stats);
  const audits: number[] = [];
  const loads: number[] = [];
  const quick: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    t = performance.now();
    const parsed = parseStats(text);
    loads.push(performance.now() - t);
    t = performance.now();
    const r = auditFromStats([parsed], { createdAt: '2026-01-01T00:00:00Z' });
    audits.push(performance.now() - t);
    if (r.overall.n !== n) throw new Error(`expected ${n} rows, audited ${r.overall.n}`);
    t = performance.now();
    auditFromStats([parsed], { createdAt: '2026-01-01T00:00:00Z', replicates: 0 });
    quick.push(performance.now() - t);
  }
  rows.push([
    n.toLocaleString('en'),
    (statSync(csv).size / 1e6).toFixed(0),
    (scan / 1000).toFixed(1),
    String(stats.groups.length),
    (text.length / 1e3).toFixed(0),
    median(loads).toFixed(1),
    median(audits).toFixed(1),
    median(quick).toFixed(1),
  ]);
}

const head = [
  'rows',
  'CSV MB',
  'scan → stats s',
  'groups',
  'stats file kB',
  'load stats ms',
  'audit from stats ms',
  'without bootstrap ms',
];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
console.log(line(head));
console.log(widths.map((w) => '─'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
console.log(
  `\naudit from stats: median of ${REPEATS} runs, 3 attributes with pairwise intersections, 1000 bootstrap ` +
    'replicates (or none); the cost depends on the groups and histogram bins, not on the rows summarised.',
);
