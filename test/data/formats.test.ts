import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromArrays } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFormat, memoryTable, openSource, parseGroupSpecs, type Roles } from '../../src/data/index.js';
import { accumulateRaw } from '../../src/stats/index.js';
import {
  expectClose,
  type Loaded,
  load,
  type Row,
  sampleRows,
  sortRaw,
  tempDir,
  writeAllFormats,
} from '../helpers/data.js';

const roles: Roles = {
  score: 'score',
  label: 'y',
  weight: 'weight',
  groups: parseGroupSpecs('gender,age:18,25,35,50,65,region'),
};

describe('detectFormat', () => {
  it.each([
    ['a.csv', 'csv', false],
    ['a.CSV.GZ', 'csv', true],
    ['a.tsv', 'tsv', false],
    ['a.tab.gz', 'tsv', true],
    ['a.parquet', 'parquet', false],
    ['a.pq', 'parquet', false],
    ['a.json', 'json', false],
    ['a.ndjson.gz', 'ndjson', true],
    ['a.jsonl', 'ndjson', false],
    ['adult.data', 'csv', false],
  ])('%s is %s (gzip %s)', (path, format, gzip) => {
    expect(detectFormat(path)).toEqual({ format, gzip });
  });

  it('an explicit format wins over the name, and an unknown one is a usage error', () => {
    expect(detectFormat('export.txt.gz', 'ndjson')).toEqual({ format: 'ndjson', gzip: true });
    expect(() => detectFormat('a.csv', 'xlsx')).toThrow(expect.objectContaining({ code: 'unknown_format' }));
  });
});

describe('the same data in every format loads the same table', () => {
  const rows = sampleRows();
  let dir: string;
  let cleanup: () => void;
  let files: Record<string, string>;
  let reference: Loaded;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    files = await writeAllFormats(dir, rows);
    reference = await load({ rows }, roles);
  });
  afterAll(() => cleanup());

  it('the reference is what the rows say (hand-counted)', () => {
    const { stats, normalized } = reference;
    const overall = stats.groups[0]!;
    expect(overall.key.attributes).toEqual([]);
    const n = (pred: (r: Row) => boolean) => rows.filter(pred).length;
    const sel = (r: Row) => (r.score as number) >= 0.5;
    expect(overall.cells.tp.n).toBe(n((r) => r.y === 'yes' && sel(r)));
    expect(overall.cells.fn.n).toBe(n((r) => r.y === 'yes' && !sel(r)));
    expect(overall.cells.fp.n).toBe(n((r) => r.y === 'no' && sel(r)));
    expect(overall.cells.tn.n).toBe(n((r) => r.y === 'no' && !sel(r)));
    const w = rows.reduce((a, r) => a + (r.weight as number), 0);
    const cells = overall.cells;
    expect(cells.tp.w + cells.fn.w + cells.fp.w + cells.tn.w).toBeCloseTo(w, 9);
    expect(normalized.rows.missingGroup).toEqual({ gender: n((r) => r.gender === null) });
    expect(normalized.values.region).toEqual(['east "old"', 'north', 'south, coast', 'wëst']);
    expect(normalized.values.age).toEqual(['<18', '[18, 25)', '[25, 35)', '[35, 50)', '[50, 65)', '>=65']);
    expect(normalized.label).toMatchObject({ positive: ['yes'], negative: ['no'] });
  });

  for (const name of [
    'data.csv',
    'data.csv.gz',
    'data.tsv',
    'data.tsv.gz',
    'data.parquet',
    'data.json',
    'data.json.gz',
    'data.ndjson',
    'data.jsonl.gz',
  ]) {
    it(`${name}: same raw cells, normalised cells and stats as the in-memory rows`, async () => {
      const loaded = await load(files[name]!, roles);
      expect(loaded.columns).toEqual(['id', 'score', 'y', 'gender', 'age', 'region', 'weight']);
      expectClose(sortRaw(loaded.raw), sortRaw(reference.raw));
      expect(loaded.normalized.rows).toEqual(reference.normalized.rows);
      expect(loaded.normalized.label).toEqual(reference.normalized.label);
      expectClose(loaded.stats, reference.stats);
    });
  }

  it('column arrays and Arrow tables (bare or wrapped) load the same table', async () => {
    const cols = {
      id: rows.map((r) => r.id as string),
      score: rows.map((r) => r.score as number),
      y: rows.map((r) => r.y as string),
      gender: rows.map((r) => r.gender as string | null),
      age: rows.map((r) => r.age as number),
      region: rows.map((r) => r.region as string),
      weight: rows.map((r) => r.weight as number),
    };
    const arrow = tableFromArrays({
      id: cols.id,
      score: Float64Array.from(cols.score),
      y: cols.y,
      gender: cols.gender,
      age: Int32Array.from(cols.age),
      region: cols.region,
      weight: Float64Array.from(cols.weight),
    });
    expect(arrow.getChild('gender')!.nullCount).toBe(rows.filter((r) => r.gender === null).length);
    for (const input of [{ columns: cols }, arrow, { arrow }]) {
      const loaded = await load(input, roles);
      expectClose(sortRaw(loaded.raw), sortRaw(reference.raw));
      expectClose(loaded.stats, reference.stats);
    }
  });

  it('64-bit integer columns (Arrow Int64, BigInt values) read as numbers, in the data and the fingerprint', async () => {
    // What Parquet, pandas and Polars give for 0/1 labels and integer codes: BigInt64Array in Arrow.
    const n = 300;
    const score = Float64Array.from({ length: n }, (_, i) => (i % 100) / 100);
    const asNumbers = tableFromArrays({
      score,
      y: Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)),
      band: Float64Array.from({ length: n }, (_, i) => i % 4),
    });
    const asBigInts = tableFromArrays({
      score,
      y: BigInt64Array.from({ length: n }, (_, i) => BigInt(i % 3 === 0 ? 1 : 0)),
      band: BigInt64Array.from({ length: n }, (_, i) => BigInt(i % 4)),
    });
    const r: Roles = { score: 'score', label: 'y', groups: parseGroupSpecs('band') };
    const a = await load(asNumbers, r);
    const b = await load(asBigInts, r);
    expectClose(b.stats, a.stats);
    expect(b.normalized.values.band).toEqual(['0', '1', '2', '3']);
    const source = await openSource(asBigInts);
    try {
      await source.relation(['score', 'y', 'band']);
      expect(await source.fingerprint()).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      source.close();
    }
  });

  it('accumulateRaw (in memory, no SQL) equals the DuckDB scan', async () => {
    const columns = Object.fromEntries(Object.keys(rows[0]!).map((k) => [k, rows.map((r) => r[k])]));
    for (const input of [{ rows }, { columns }]) {
      const { plan, raw } = await load(input, roles);
      const mem = accumulateRaw(memoryTable(input), plan);
      expect(mem.reduce((a, c) => a + c.n, 0)).toBe(rows.length);
      expectClose(sortRaw(mem), sortRaw(raw));
    }
  });

  it('accumulateRaw equals the scan with a prediction column and raw scores', async () => {
    const rows2 = rows.map((r, i) => ({
      ...r,
      score: (r.score as number) * 10 - 3,
      pred: i % 3 === 0 ? 'yes' : 'no',
    }));
    const opts = {
      plan: { decision: { kind: 'prediction', column: 'pred' } as const, scoreScale: 'raw' as const },
    };
    const loaded = await load({ rows: rows2 }, roles, opts);
    expect(loaded.normalized.prediction).toMatchObject({ positive: ['yes'] });
    expectClose(sortRaw(accumulateRaw(memoryTable({ rows: rows2 }), loaded.plan)), sortRaw(loaded.raw));
    const fromCsv = join(dir, 'pred.csv');
    const names = Object.keys(rows2[0]!);
    writeFileSync(
      fromCsv,
      `${names.join(';')}\n${rows2.map((r) => names.map((n) => JSON.stringify((r as Row)[n] ?? '')).join(';')).join('\n')}\n`,
    );
    const csv = await load(fromCsv, roles, opts);
    expectClose(csv.stats, loaded.stats);
  });
});

describe('CSV and TSV dialects', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());
  const r = { score: 'score', label: 'y', groups: parseGroupSpecs('g') };

  it('detects a semicolon delimiter and keeps quoted fields with delimiters, quotes and newlines whole', async () => {
    const p = join(dir, 'semi.csv');
    writeFileSync(p, 'score;y;g\n0.9;1;"a;b"\n0.2;0;"say ""hi"""\n0.7;1;"two\nlines"\n0.1;0;plain\n');
    const { normalized } = await load(p, r);
    expect(normalized.values.g).toEqual(['a;b', 'plain', 'say "hi"', 'two\nlines']);
    expect(normalized.rows.read).toBe(4);
  });

  it('detects a pipe delimiter and CRLF line ends', async () => {
    const p = join(dir, 'pipe.csv');
    writeFileSync(p, 'score|y|g\r\n0.9|1|a\r\n0.2|0|b\r\n0.6|0|b\r\n');
    const { stats } = await load(p, r);
    expect(stats.values.g).toEqual(['a', 'b']);
    expect(stats.groups[0]!.cells.fp.n).toBe(1);
  });

  it('reads a headerless CSV with header: false and column names', async () => {
    const p = join(dir, 'nohead.csv');
    writeFileSync(p, '0.9,1,a\n0.2,0,b\n0.3,1,b\n');
    const { normalized, columns } = await load(p, r, {
      read: { header: false, columnNames: ['score', 'y', 'g'] },
    });
    expect(columns).toEqual(['score', 'y', 'g']);
    expect(normalized.rows.read).toBe(3);
    expect(normalized.values.g).toEqual(['a', 'b']);
  });

  it('an explicit delimiter overrides detection (a .txt file with tabs read as TSV)', async () => {
    const p = join(dir, 'tabs.txt');
    writeFileSync(p, 'score\ty\tg\n0.9\t1\ta,b\n0.2\t0\tc\n');
    const { normalized } = await load(p, r, { read: { delimiter: '\t' } });
    expect(normalized.values.g).toEqual(['a,b', 'c']);
  });

  it('naValues turn texts such as "unknown" into missing values', async () => {
    const p = join(dir, 'na.csv');
    writeFileSync(p, 'score,y,g\n0.9,yes,a\n0.2,no,unknown\n0.3,unknown,b\n');
    const { normalized } = await load(p, r, { read: { naValues: ['unknown'] } });
    expect(normalized.rows.missingGroup).toEqual({ g: 1 });
    expect(normalized.rows.unlabeled).toBe(1);
    expect(normalized.values.g).toEqual(['a', 'b', '(missing)']);
  });

  it('the fingerprint is the SHA-256 of the bytes, whether hashing starts at open or when asked', async () => {
    const p = join(dir, 'sha.csv');
    const text = 'score,y,g\n0.9,1,a\n0.2,0,b\n';
    writeFileSync(p, text);
    const expected = createHash('sha256').update(text).digest('hex');
    for (const prefetchFingerprint of [false, true]) {
      const source = await openSource(p, { prefetchFingerprint });
      try {
        expect(await source.fingerprint()).toBe(expected);
      } finally {
        source.close();
      }
    }
    // An open that fails after hashing started reports its own error (no unhandled rejection).
    const empty = join(dir, 'header-only.csv');
    writeFileSync(empty, 'score,y,g\n');
    await expect(openSource(empty, { prefetchFingerprint: true })).rejects.toMatchObject({ code: 'no_rows' });
  });

  it('yes/no and t/f columns stay text (DuckDB would read them as booleans)', async () => {
    const p = join(dir, 'bool.csv');
    writeFileSync(p, 'score,y,g\n0.9,yes,t\n0.2,no,f\n0.7,no,t\n');
    const source = await openSource(p);
    try {
      expect(source.columns.map((c) => c.type)).toEqual(['DOUBLE', 'VARCHAR', 'VARCHAR']);
    } finally {
      source.close();
    }
    const { normalized } = await load(p, r, { normalize: { label: { positive: ['yes'] } } });
    expect(normalized.label).toEqual({ column: 'y', positive: ['yes'], negative: ['no'], rule: 'explicit' });
    expect(normalized.values.g).toEqual(['f', 't']);
    expect(normalized.cells.filter((c) => c.y === 1).reduce((a, c) => a + c.n, 0)).toBe(1);
  });
});
