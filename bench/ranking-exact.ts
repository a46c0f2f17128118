/**
 * The cost of exact ranks: times `audit` of one file (3 attributes + pairs) without ranking, with
 * histogram ranking and with `--ranking exact`, alternating, and prints the best of N runs each.
 *   npx tsx bench/ranking-exact.ts [FILE] [N]
 * (default bench/data/prospects-10000000.parquet, 3 runs; ONLY=plain,exact picks variants).
 */
import { performance } from 'node:perf_hooks';
import { audit } from '../src/index.js';

const file = process.argv[2] ?? 'bench/data/prospects-10000000.parquet';
const runs = Number(process.argv[3] ?? 3);
const roles = {
  score: 'score',
  label: 'converted',
  groups: [{ column: 'gender' }, { column: 'age_band' }, { column: 'region' }],
};
const variants = {
  plain: undefined,
  histogram: { mode: 'histogram' },
  exact: { mode: 'exact' },
  // The same without the ranking bootstrap (older versions ignore `replicates`).
  'histogram (no ranking bootstrap)': { mode: 'histogram', replicates: 0 },
  'exact (no ranking bootstrap)': { mode: 'exact', replicates: 0 },
} as const;
const only = process.env.ONLY?.split(',');
const best: Record<string, number> = {};
for (let i = 0; i < runs; i++) {
  for (const [name, ranking] of Object.entries(variants)) {
    if (only && !only.includes(name)) continue;
    const t = performance.now();
    await audit(file, { roles, intersections: 'pairs', ranking, createdAt: '2026-01-01T00:00:00Z' });
    const ms = performance.now() - t;
    best[name] = Math.min(best[name] ?? Number.POSITIVE_INFINITY, ms);
    process.stderr.write(`${name} run ${i + 1}: ${(ms / 1000).toFixed(2)} s\n`);
  }
}
for (const [name, ms] of Object.entries(best))
  console.log(`${name.padEnd(32)} best of ${runs}: ${(ms / 1000).toFixed(2)} s`);
