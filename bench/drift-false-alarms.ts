/**
 * False-alarm rate of `drift` at the default bands: seeded random splits of the same period of
 * datasets/prospects.csv (no real drift between the halves) should raise no alarm.
 * Run: npx tsx bench/drift-false-alarms.ts [splits=50]
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { drift } from '../src/drift/index.js';
import { math } from '../src/metrics/index.js';

const SPLITS = Number(process.argv[2] ?? 50);
const GROUPS = ['gender', 'age_band', 'region', 'company_size'];
const FEATURES = ['email_opens', 'web_visits', 'industry'];

/** The rows of the period as column arrays. */
async function period(where: string): Promise<Record<string, unknown[]>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const cols = ['score', 'converted', ...GROUPS, ...FEATURES];
  const reader = await connection.runAndReadAll(
    `SELECT ${cols.join(', ')} FROM read_csv('datasets/prospects.csv') WHERE ${where} ORDER BY lead_id`,
  );
  const data = reader.getColumnsJS();
  connection.closeSync();
  instance.closeSync();
  return Object.fromEntries(
    cols.map((c, i) => [c, data[i]!.map((v) => (typeof v === 'bigint' ? Number(v) : v))]),
  );
}

/** Splits the rows in two halves at random (seeded) and runs drift between them. */
export async function falseAlarms(columns: Record<string, unknown[]>, splits: number) {
  const n = columns.score!.length;
  const outcomes: { seed: number; status: string; alarms: number; warnings: number }[] = [];
  for (let seed = 1; seed <= splits; seed++) {
    const rng = math.createRng(seed);
    const side = Array.from({ length: n }, () => rng.next() < 0.5);
    const pick = (keep: boolean) =>
      Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, v.filter((_, i) => side[i] === keep)]));
    const r = await drift({
      baseline: { columns: pick(true) },
      current: { columns: pick(false) },
      roles: { score: 'score', label: 'converted', groups: GROUPS.map((column) => ({ column })) },
      features: FEATURES,
      replicates: 200,
      createdAt: '2026-01-01T00:00:00Z',
    });
    outcomes.push({ seed, status: r.status, alarms: r.summary.alarms, warnings: r.summary.warnings });
  }
  return outcomes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, where] of [
    ['last three months (2025-10-01 …)', "signup_date >= DATE '2025-10-01'"],
    ['whole year', 'true'],
  ] as const) {
    const t0 = performance.now();
    const out = await falseAlarms(await period(where), SPLITS);
    const alarms = out.filter((o) => o.status === 'alarm').length;
    const warns = out.filter((o) => o.status === 'warn').length;
    console.log(
      `${name}: ${alarms}/${out.length} splits alarmed, ${warns}/${out.length} warned (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    for (const o of out.filter((x) => x.status !== 'ok'))
      console.log(`  seed ${o.seed}: ${o.status} (${o.alarms} alarms, ${o.warnings} warnings)`);
  }
}
