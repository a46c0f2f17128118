/**
 * Scoring throughput: 1M rows, a 20-feature logistic model (TF.js layers model on disk), pure tfjs
 * (`cpu` backend) and tfjs-node when it is installed (`auto`). Streams batches from DuckDB and writes
 * the scored CSV; reports rows/second and peak memory (max RSS of this process).
 *   npx tsx bench/model.ts [rows=1000000] [batch=10000]
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadModelScorer, loadTf, saveModel, scoreData, type TrainedModel } from '../src/model/index.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const batchSize = Number(process.argv[3] ?? 10_000);
const FEATURES = 20;
const dir = join(tmpdir(), `fairprobe-bench-model-${rows}`);
mkdirSync(dir, { recursive: true });
const data = join(dir, 'data.parquet');

if (!existsSync(data)) {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run('SELECT setseed(0.42)');
  const cols = Array.from({ length: FEATURES }, (_, j) => `round(random() * ${j + 1}, 4) AS f${j}`).join(
    ', ',
  );
  await c.run(
    `COPY (SELECT 'L' || i AS lead_id, CASE WHEN random() < 0.5 THEN 'female' ELSE 'male' END AS gender, ${cols} FROM range(${rows}) t(i)) TO '${data}' (FORMAT parquet)`,
  );
}

// A fixed logistic model (the bench measures scoring, not training).
const names = Array.from({ length: FEATURES }, (_, j) => `f${j}`);
const model: TrainedModel = {
  encoder: {
    numeric: names.map((name, j) => ({ name, mean: (j + 1) / 2, sd: (j + 1) / Math.sqrt(12) })),
    categorical: [],
    dim: FEATURES,
  },
  weights: [
    { shape: [FEATURES, 1], values: names.map((_, j) => ((j % 5) - 2) / 4) },
    { shape: [1], values: [-1] },
  ],
  info: { kind: 'logistic' },
  label: 'converted',
  covariance: null,
  predict: () => new Float64Array(0),
};
const modelDir = join(dir, 'model');
await saveModel(model, modelDir);

async function measure(backend: 'cpu' | 'auto') {
  const scorer = await loadModelScorer(modelDir, { backend });
  const out = join(dir, `scored-${backend}.csv`);
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const s = await scoreData(data, { scorer, out, batchSize });
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  scorer.close();
  const mb = statSync(out).size / 1e6;
  rmSync(out);
  return {
    backend: scorer.backend,
    rows: s.rows,
    seconds: s.seconds,
    rowsPerSecond: Math.round(s.rowsPerSecond),
    peakRssMb: Math.round(peak / 1e6),
    outputMb: Math.round(mb),
  };
}

console.log(`scoring ${rows.toLocaleString('en')} rows × ${FEATURES} features, batches of ${batchSize}`);
console.log(JSON.stringify(await measure('cpu')));
const auto = await loadTf('auto');
if (auto.backend === 'tensorflow') console.log(JSON.stringify(await measure('auto')));
else console.log('tfjs-node: not installed (optional peer dependency); only the pure tfjs path was measured');
console.log(`max RSS of the process: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
