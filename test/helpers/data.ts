/**
 * Test helpers for the data layer: a small deterministic table written in every format fairprobe
 * reads, the load pipeline (open → plan → scan → normalize → stats) in one call, and a
 * float-tolerant comparison of stats.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect } from 'vitest';
import {
  type DataInput,
  type Normalized,
  type NormalizeOptions,
  normalizeCells,
  openSource,
  type PlanOptions,
  planScan,
  type RawCell,
  type ReadOptions,
  type Roles,
  type ScanPlan,
} from '../../src/data/index.js';
import { buildStats, type StatsSet, scanSql } from '../../src/stats/index.js';
import { quoteLiteral } from '../../src/util/strings.js';

export type Row = Record<string, string | number | null>;

/** A fresh temporary folder; call the returned `cleanup` in afterAll. */
export function tempDir(prefix = 'fairprobe-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A tiny seeded PRNG (mulberry32) so fixtures are the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` prospect-like rows: id, score (4 decimals), label yes/no, gender (some missing), age,
 * a region whose values hold the delimiter, quotes and unicode, and a weight.
 */
export function sampleRows(n = 240, seed = 7): Row[] {
  const r = rng(seed);
  const regions = ['north', 'south, coast', 'east "old"', 'wëst'];
  const genders = ['female', 'male', 'non-binary'];
  return Array.from({ length: n }, (_, i) => {
    const score = Math.round(r() * 10000) / 10000;
    return {
      id: `L${String(i + 1).padStart(4, '0')}`,
      score,
      y: r() < 0.3 + 0.4 * score ? 'yes' : 'no',
      gender: i % 17 === 5 ? null : genders[Math.floor(r() * 3)]!,
      age: 16 + Math.floor(r() * 60),
      region: regions[Math.floor(r() * regions.length)]!,
      weight: 1 + Math.floor(r() * 3) / 2,
    };
  });
}

function csvField(v: string | number | null, delim: string): string {
  if (v === null) return '';
  const s = String(v);
  return s.includes(delim) || s.includes('"') || s.includes('\n') || s.trim() !== s
    ? `"${s.replaceAll('"', '""')}"`
    : s;
}

/** Rows as delimited text with a header line; fields holding the delimiter or quotes are quoted. */
export function toDelimited(rows: readonly Row[], delim = ',', header = true): string {
  const names = Object.keys(rows[0]!);
  const lines = rows.map((row) => names.map((n) => csvField(row[n] ?? null, delim)).join(delim));
  if (header) lines.unshift(names.map((n) => csvField(n, delim)).join(delim));
  return `${lines.join('\n')}\n`;
}

/** Rows as column arrays. */
export function toColumns(rows: readonly Row[]): Record<string, (string | number | null)[]> {
  const names = Object.keys(rows[0]!);
  return Object.fromEntries(names.map((n) => [n, rows.map((r) => r[n] ?? null)]));
}

/** Runs one DuckDB statement in a throwaway database (to write Parquet fixtures). */
export async function duckdbExec(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Writes Parquet from an NDJSON file (types: VARCHAR, DOUBLE, BIGINT as in the JSON). */
export async function writeParquet(ndjsonPath: string, parquetPath: string): Promise<void> {
  await duckdbExec(
    `COPY (SELECT * FROM read_json(${quoteLiteral(ndjsonPath)}, format = 'newline_delimited')) ` +
      `TO ${quoteLiteral(parquetPath)} (FORMAT parquet)`,
  );
}

/** Writes `rows` in every file format (and gzip variant); returns the paths by name. */
export async function writeAllFormats(
  dir: string,
  rows: readonly Row[],
  base = 'data',
): Promise<Record<string, string>> {
  const csv = toDelimited(rows, ',');
  const tsv = toDelimited(rows, '\t');
  const json = JSON.stringify(rows);
  const ndjson = `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
  const files: Record<string, string | Buffer> = {
    [`${base}.csv`]: csv,
    [`${base}.csv.gz`]: gzipSync(csv),
    [`${base}.tsv`]: tsv,
    [`${base}.tsv.gz`]: gzipSync(tsv),
    [`${base}.json`]: json,
    [`${base}.json.gz`]: gzipSync(json),
    [`${base}.ndjson`]: ndjson,
    [`${base}.jsonl.gz`]: gzipSync(ndjson),
  };
  const out: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    const p = join(dir, name);
    writeFileSync(p, content);
    out[name] = p;
  }
  const parquet = join(dir, `${base}.parquet`);
  await writeParquet(out[`${base}.ndjson`]!, parquet);
  out[`${base}.parquet`] = parquet;
  return out;
}

export interface Loaded {
  readonly columns: readonly string[];
  readonly plan: ScanPlan;
  readonly raw: RawCell[];
  readonly normalized: Normalized;
  readonly stats: StatsSet;
}

export interface LoadOptions {
  readonly read?: ReadOptions;
  readonly plan?: Partial<PlanOptions>;
  readonly normalize?: NormalizeOptions;
}

/** The whole load: open → planScan → scanSql → normalizeCells → buildStats (pairs). Closes the source. */
export async function load(input: DataInput, roles: Roles, options: LoadOptions = {}): Promise<Loaded> {
  const source = await openSource(input, options.read);
  try {
    const plan = await planScan(source, roles, {
      decision: { kind: 'threshold', threshold: 0.5 },
      ...options.plan,
    });
    const raw = await scanSql(source, plan);
    const normalized = await normalizeCells(source, plan, raw, options.normalize);
    const stats = buildStats(normalized, plan, { intersections: 'pairs' });
    return { columns: source.columns.map((c) => c.name), plan, raw, normalized, stats };
  } finally {
    source.close();
  }
}

/** Calls `fn` and returns what it threw (fails the test when it does not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await fn();
  } catch (e) {
    return e as Record<string, unknown> & Error;
  }
  throw new Error('expected an error, but none was thrown');
}

/** Raw cells in a canonical order, for comparing two scans. */
export function sortRaw(raw: readonly RawCell[]): RawCell[] {
  const key = (c: RawCell) => JSON.stringify([c.g, c.y, c.p, c.bin, c.chk]);
  return [...raw].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * Deep equality where numbers may differ by a relative 1e-9 (float sums in another order).
 * Reports the path of the first difference.
 */
export function expectClose(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const tol = 1e-9 * Math.max(1, Math.abs(expected));
    if (!(Math.abs(actual - expected) <= tol)) expect.fail(`${path}: ${actual} differs from ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) expect.fail(`${path}: not an array`);
    if (actual.length !== expected.length)
      expect.fail(`${path}: length ${actual.length} vs ${expected.length}`);
    for (let i = 0; i < expected.length; i++) expectClose(actual[i], expected[i], `${path}[${i}]`);
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') expect.fail(`${path}: not an object`);
    const ak = Object.keys(actual as object).sort();
    const ek = Object.keys(expected).sort();
    if (JSON.stringify(ak) !== JSON.stringify(ek)) expect.fail(`${path}: keys ${ak} vs ${ek}`);
    for (const k of ek) {
      expectClose(
        (actual as Record<string, unknown>)[k],
        (expected as Record<string, unknown>)[k],
        `${path}.${k}`,
      );
    }
    return;
  }
  if (actual !== expected) expect.fail(`${path}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`);
}
