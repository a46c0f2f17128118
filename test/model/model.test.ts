/**
 * model/: TF.js file IO (layers and graph models), feature specs, training (logistic, MLP,
 * fairness penalty), batch scoring with a model, a function or an external command.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  commandScorer,
  functionScorer,
  loadModelScorer,
  parseFeatureSpec,
  parseScores,
  readColumns,
  saveModel,
  scoreData,
  trainLogistic,
  trainModel,
  trainOnColumns,
} from '../../src/model/index.js';
import { tempDir } from '../helpers/data.js';
import { proxyData, writeCsv } from './helpers.js';

const tmp = tempDir('fairprobe-model-');
afterAll(() => tmp.cleanup());
const data = proxyData(2000);
const csv = join(tmp.dir, 'leads.csv');
writeCsv(csv, data);

describe('train, save, load, score', () => {
  it('a saved logistic model loads as a layers model and scores like the trained one', async () => {
    const m = await trainModel(csv, {
      label: 'converted',
      features: ['visits', 'noise', 'plan'],
      seed: 1,
      epochs: 80,
    });
    expect(m.info.kind).toBe('logistic');
    const dir = join(tmp.dir, 'logistic');
    await saveModel(m, dir);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const scorer = await loadModelScorer(dir);
    expect(scorer.columns).toEqual(['visits', 'noise', 'plan']);
    const cols = { visits: [0, 4, 9, null], noise: [0.1, -1, 2, 0], plan: ['basic', 'pro', 'unseen', null] };
    const a = await scorer.score(cols, 4);
    const b = m.predict(cols, 4);
    for (let i = 0; i < 4; i++) expect(a[i]).toBeCloseTo(b[i]!, 6);
    expect(a[2]).toBeGreaterThan(a[0]!);
    scorer.close();
  });

  it('training is reproducible: the same seed gives the same weights', async () => {
    const o = { label: 'converted', features: ['visits', 'plan'], seed: 3, epochs: 40 };
    const [a, b] = [await trainModel(csv, o), await trainModel(csv, o)];
    expect(a.weights).toEqual(b.weights);
    const c = await trainModel(csv, { ...o, seed: 4 });
    expect(c.weights).not.toEqual(a.weights);
  });

  it('an MLP (--hidden) saves two dense layers and reloads to the same scores', async () => {
    const m = await trainModel(csv, {
      label: 'converted',
      features: ['visits', 'plan'],
      seed: 1,
      epochs: 60,
      hidden: 8,
    });
    expect(m.info.kind).toBe('mlp');
    expect(m.weights.map((w) => w.shape)).toEqual([[4, 8], [8], [8, 1], [1]]);
    const dir = join(tmp.dir, 'mlp');
    await saveModel(m, dir);
    const scorer = await loadModelScorer(dir);
    const cols = { visits: [1, 5, 10], plan: ['basic', 'team', 'pro'] };
    const a = await scorer.score(cols, 3);
    const b = m.predict(cols, 3);
    for (let i = 0; i < 3; i++) expect(a[i]).toBeCloseTo(b[i]!, 5);
  });

  it('loads a graph model (tensorflowjs_converter layout) through the file handler', async () => {
    const dir = join(tmp.dir, 'graph');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    const f = (n: string, op: string, input: string[] = [], attr: Record<string, unknown> = {}) => ({
      name: n,
      op,
      input,
      attr,
    });
    const dt = { dtype: { type: 'DT_FLOAT' } };
    writeFileSync(
      join(dir, 'model.json'),
      JSON.stringify({
        format: 'graph-model',
        modelTopology: {
          node: [
            f('x', 'Placeholder', [], { ...dt, shape: { shape: { dim: [{ size: '-1' }, { size: '1' }] } } }),
            f('w', 'Const', [], {
              ...dt,
              value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '1' }, { size: '1' }] } } },
            }),
            f('mm', 'MatMul', ['x', 'w'], { ...dt, transpose_a: { b: false }, transpose_b: { b: false } }),
            f('out', 'Sigmoid', ['mm'], dt),
          ],
          versions: { producer: 1 },
        },
        weightsManifest: [
          { paths: ['group1-shard1of1.bin'], weights: [{ name: 'w', shape: [1, 1], dtype: 'float32' }] },
        ],
      }),
    );
    writeFileSync(join(dir, 'group1-shard1of1.bin'), new Uint8Array(new Float32Array([2]).buffer));
    writeFileSync(
      join(dir, 'features.json'),
      JSON.stringify({
        schema: 'fairprobe.features/1',
        encoder: { numeric: [{ name: 'x', mean: 1, sd: 2 }], categorical: [] },
      }),
    );
    const scorer = await loadModelScorer(dir);
    expect(scorer.format).toBe('graph-model');
    const p = await scorer.score({ x: [1, 3] }, 2);
    expect(p[0]).toBeCloseTo(0.5, 6);
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
  });

  it('a feature spec with a wrong dim, or a model.json that is missing, is an input error', async () => {
    expect(() =>
      parseFeatureSpec({
        schema: 'fairprobe.features/1',
        encoder: { numeric: [{ name: 'x' }], categorical: [], dim: 3 },
      }),
    ).toThrow(/dim 3/);
    await expect(loadModelScorer(join(tmp.dir, 'nope'))).rejects.toThrow(/Cannot find the feature spec/);
  });
});

describe('fairness penalty (in-processing)', () => {
  it('λ = 0 reproduces the plain reference model; a large λ shrinks the covariance', async () => {
    const d = await readColumns(csv, {
      columns: ['visits', 'hobby_hours', 'plan', 'gender'],
      label: 'converted',
    });
    const spec = { numeric: ['visits', 'hobby_hours'], categorical: ['plan'] };
    const plain = await trainLogistic(d.columns, d.n, d.labels!, spec, { seed: 5, epochs: 80 });
    const base = {
      label: 'converted',
      seed: 5,
      epochs: 80,
      group: { column: 'gender' },
      groupValues: d.columns.gender,
    };
    const zero = await trainOnColumns({ columns: d.columns, n: d.n, labels: d.labels! }, spec, {
      ...base,
      fairnessPenalty: 0,
    });
    expect(zero.weights[0]!.values).toEqual(plain.coefficients);
    expect(zero.weights[1]!.values[0]).toBe(plain.intercept);
    const strong = await trainOnColumns({ columns: d.columns, n: d.n, labels: d.labels! }, spec, {
      ...base,
      fairnessPenalty: 10,
    });
    expect(strong.covariance!).toBeLessThan(zero.covariance! / 3);
  });
});

describe('scoreData', () => {
  it('streams batches and writes every input row with the score column', async () => {
    const out = join(tmp.dir, 'scored.csv');
    const scorer = functionScorer(
      (c, n) => Float64Array.from({ length: n }, (_, i) => Number(c.visits![i]) / 100),
      ['visits'],
    );
    const progress: number[] = [];
    const s = await scoreData(csv, { scorer, out, batchSize: 500, onProgress: (d) => progress.push(d) });
    expect(s.rows).toBe(2000);
    expect(s.batches).toBeGreaterThanOrEqual(4);
    expect(progress.at(-1)).toBe(2000);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('gender,hobby_hours,visits,noise,plan,converted,model_score');
    expect(lines).toHaveLength(2001);
    const row = lines[1]!.split(',');
    expect(Number(row[6])).toBeCloseTo(Number(row[2]) / 100, 12);
  });

  it('an external command scores CSV on stdin, once per batch', async () => {
    const script = join(tmp.dir, 'scorer.mjs');
    writeFileSync(
      script,
      `let t='';process.stdin.on('data',d=>t+=d).on('end',()=>{const [h,...r]=t.trim().split('\\n');const i=h.split(',').indexOf('visits');
process.stdout.write('score\\n'+r.map(l=>String(Number(l.split(',')[i])/20)).join('\\n')+'\\n')});`,
    );
    const out = join(tmp.dir, 'ext.csv');
    const s = await scoreData(csv, {
      scorer: commandScorer(`"${process.execPath}" "${script}"`, { columns: ['visits', 'plan'] }),
      out,
      batchSize: 700,
    });
    expect(s.rows).toBe(2000);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const row = lines[5]!.split(',');
    expect(Number(row[6])).toBeCloseTo(Number(row[2]) / 20, 12);
  });

  it('a scorer that writes the wrong number of scores, or fails, is an input error', async () => {
    expect(() => parseScores('0.1\n0.2\n', 3, 'x')).toThrow(/wrote 2 scores for 3 rows/);
    const bad = commandScorer(`"${process.execPath}" -e "process.exit(3)"`);
    await expect(bad.score({ a: [1] }, 1)).rejects.toThrow(/exited with code 3/);
  });
});
