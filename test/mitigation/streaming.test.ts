/**
 * The streaming paths of reweigh and resample: input order and adjacent duplicates on a file large
 * enough for DuckDB to read in parallel; strata looked up by raw key values (untrimmed texts, numbers,
 * several labels for one class) agree with the text keys of the audit; exact counts whatever the
 * scores (missing, NaN, infinite, tied).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryLimitBytes } from '../../src/data/engine.js';
import { resample, resampleTargets, reweigh, reweighFactors } from '../../src/mitigation/index.js';
import { copyQuery, STREAMING_COPY_MEMORY } from '../../src/mitigation/output.js';
import { tempDir } from '../helpers/data.js';
import { readBack } from './helpers.js';

const tmp = tempDir('fairprobe-mitigate-stream-');
afterAll(tmp.cleanup);

// 150,000 rows: dozens of DuckDB chunks, read by several threads. Ids are zero-padded, so input
// order is id order; the text column has formula triggers to escape.
const N = 150_000;
const big = join(tmp.dir, 'big.csv');
const lines = ['id,g,a,y,score,note'];
for (let i = 0; i < N; i++) {
  const g = ['f', 'm', 'x'][(i * 7) % 3]!;
  const a = ['young', 'old'][(i * 13) % 2]!;
  const y = (i * 2654435761) % 97 < (g === 'f' ? 30 : 45) ? 1 : 0;
  const note = i % 5000 === 0 ? '=cmd()' : `n${i % 17}`;
  lines.push(`R${String(i).padStart(7, '0')},${g},${a},${y},${((i * 7919) % 1000) / 1000},${note}`);
}
writeFileSync(big, `${lines.join('\n')}\n`);

/** Ids out of order, and ids repeated but not next to each other. */
function orderProblems(ids: readonly string[]) {
  let inversions = 0;
  let apart = 0;
  const seen = new Set<string>();
  for (let i = 1; i < ids.length; i++) {
    if (ids[i]! < ids[i - 1]!) inversions++;
    if (ids[i] !== ids[i - 1] && seen.has(ids[i]!)) apart++;
    seen.add(ids[i - 1]!);
  }
  return { inversions, apart };
}

describe('order at scale (CSV out)', () => {
  const groups = [{ column: 'g' }, { column: 'a' }];

  it('reweigh keeps every row in input order, text cells formula-safe', async () => {
    const out = join(tmp.dir, 'rw.csv');
    await reweigh(big, { groups, label: 'y', seed: 1, out });
    const rows = await readBack(out);
    expect(rows).toHaveLength(N);
    expect(orderProblems(rows.map((r) => String(r.id)))).toEqual({ inversions: 0, apart: 0 });
    expect(rows[0]!.note).toBe("'=cmd()");
  });

  it('resample (uniform and preferential) keeps input order with duplicates adjacent and exact counts', async () => {
    for (const mode of ['uniform', 'preferential'] as const) {
      const out = join(tmp.dir, `rs-${mode}.csv`);
      const r = await resample(big, { groups, label: 'y', seed: 3, mode, rankBy: 'score', id: 'id', out });
      const rows = await readBack(out);
      expect(rows).toHaveLength(r.rows.output);
      expect(orderProblems(rows.map((x) => String(x.id)))).toEqual({ inversions: 0, apart: 0 });
      const got = new Map<string, number>();
      for (const x of rows) got.set(`${x.g}|${x.a}|${x.y}`, (got.get(`${x.g}|${x.a}|${x.y}`) ?? 0) + 1);
      for (const s of r.strata) expect(got.get(`${s.group[0]}|${s.group[1]}|${s.label}`)).toBe(s.rowsAfter);
      expect(r.rows.added).toBeGreaterThan(0);
      expect(r.rows.removed).toBeGreaterThan(0);
    }
  });
});

describe('strata by raw key values', () => {
  // " f" and "f" are one group (values are trimmed), "1" and "yes"… are not mixed here: the label
  // column is numeric with 1.0 and 1 alike; a missing group and a missing label are strata of their own.
  const csv = join(tmp.dir, 'messy.csv');
  writeFileSync(
    csv,
    'id,g,y,s\n' +
      [
        ['1', 'f', '1', '0.9'],
        ['2', ' f', '1.0', '0.8'],
        ['3', 'f ', '0', '0.7'],
        ['4', 'm', '0', 'nan'],
        ['5', 'm', '1', ''],
        ['6', '', '0', 'inf'],
        ['7', 'm', '', '0.1'],
        ['8', 'm', '0', '-inf'],
        ['9', 'f', '0', '0.7'],
        ['10', 'm', '0', '0.5'],
        ['11', 'm', '1', '0.5'],
        ['12', 'f', '1', '0.5'],
      ]
        .map((r) => r.join(','))
        .join('\n') +
      '\n',
  );

  it('reweigh: untrimmed and differently written values fall in one stratum', async () => {
    const r = await reweigh(csv, { groups: [{ column: 'g' }], label: 'y', seed: 1 });
    const f1 = r.strata.find((s) => s.group[0] === 'f' && s.label === 1)!;
    expect(f1.rows).toBe(3); // rows 1, 2 (" f", 1.0) and 12
    const factors = reweighFactors(
      r.strata.map((s) => ({ key: s.group, label: s.label, rows: s.rows, weight: s.weight })),
    );
    const w = r.data!.columns.weight! as number[];
    const ids = r.data!.columns.id!;
    const of = (g: string, y: 0 | 1 | null) =>
      factors.find((f) => f.key[0] === g && f.label === y)!.factor ?? 1;
    expect(ids).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'].map(Number));
    expect(w[0]).toBe(of('f', 1));
    expect(w[1]).toBe(of('f', 1));
    expect(w[2]).toBe(of('f', 0));
    expect(w[5]).toBe(of('(missing)', 0));
    expect(w[6]).toBe(1); // unlabeled: weight kept
  });

  it('resample: exact counts with missing, NaN, infinite and tied scores', async () => {
    for (const mode of ['uniform', 'preferential'] as const) {
      for (const seed of [1, 2, 3, 4]) {
        const r = await resample(csv, { groups: [{ column: 'g' }], label: 'y', seed, mode, rankBy: 's' });
        const targets = resampleTargets(
          r.strata.map((s) => ({ key: s.group, label: s.label, rows: s.rows, weight: s.weight })),
        );
        const c = r.data!.columns;
        const got = new Map<string, number>();
        c.id!.forEach((_, i) => {
          const g = String(c.g![i] ?? '').trim() || '(missing)';
          const key = `${g}|${c.y![i] === null ? null : Number(c.y![i])}`;
          got.set(key, (got.get(key) ?? 0) + 1);
        });
        for (const t of targets) expect(got.get(`${t.key[0]}|${t.label}`) ?? 0).toBe(t.target);
        // Input order, duplicates adjacent.
        const ids = c.id!.map(Number);
        for (let i = 1; i < ids.length; i++) expect(ids[i]!).toBeGreaterThanOrEqual(ids[i - 1]!);
      }
    }
  });

  it('keys that cannot be listed by raw value (timestamps) give the same strata through their texts', async () => {
    const when = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2].map((d) => new Date(Date.UTC(2025, 0, 1 + d)));
    const columns = { d: when, y: [1, 0, 0, 1, 1, 1, 0, 0, 0, 1] };
    const byDate = await reweigh({ columns }, { groups: [{ column: 'd' }], label: 'y', seed: 1 });
    const byText = await reweigh(
      { columns: { d: when.map((d) => d.toISOString()), y: columns.y } },
      { groups: [{ column: 'd' }], label: 'y', seed: 1 },
    );
    expect(byDate.data!.columns.weight).toEqual(byText.data!.columns.weight);
    const rs = await resample({ columns }, { groups: [{ column: 'd' }], label: 'y', seed: 5 });
    expect(rs.rows.output).toBe(rs.strata.reduce((a, s) => a + s.rowsAfter, 0));
    expect(rs.data!.columns.y).toHaveLength(rs.rows.output);
  });

  it('group values that are formula triggers are still escaped in CSV (the check is skipped only for safe columns)', async () => {
    const input = join(tmp.dir, 'triggers.csv');
    writeFileSync(input, 'id,g,h,y\n1,=A1,a,1\n2,b,a,0\n3,=A1,b,0\n4,b,b,1\n5,-2,a,1\n6,@x,b,0\n');
    for (const method of ['reweigh', 'resample'] as const) {
      const out = join(tmp.dir, `triggers-${method}.csv`);
      const options = { groups: [{ column: 'g' }, { column: 'h' }], label: 'y', seed: 1, out };
      await (method === 'reweigh' ? reweigh(input, options) : resample(input, options));
      const g = new Set((await readBack(out)).map((r) => String(r.g)));
      expect([...g].filter((v) => v.startsWith('=') || v.startsWith('@'))).toEqual([]);
      expect(g.has("'-2")).toBe(false); // a plain negative number stays as it is
      if (method === 'reweigh') expect([...g].sort()).toEqual(["'=A1", "'@x", '-2', 'b']);
    }
  });

  it('an attribute with more values than a per-row list lookup allows: the same factors', async () => {
    const n = 2_400;
    const g = Array.from({ length: n }, (_, i) => `v${i % 1_200}`);
    const y = Array.from({ length: n }, (_, i) => (i % 7 < 3 ? 1 : 0));
    const r = await reweigh({ columns: { g, y } }, { groups: [{ column: 'g' }], label: 'y', seed: 1 });
    const factors = reweighFactors(
      r.strata.map((s) => ({ key: s.group, label: s.label, rows: s.rows, weight: s.weight })),
    );
    const of = new Map(factors.map((f) => [`${f.key[0]}|${f.label}`, f.factor]));
    r.data!.columns.weight!.forEach((w, i) => {
      expect(w).toBe(of.get(`${g[i]}|${y[i]}`));
    });
  });
});

describe('the streaming COPY runs under a bounded memory limit', () => {
  it('lowers a higher engine limit only for the COPY and restores it; keeps a lower one', async () => {
    const limitOf = async (c: DuckDBConnection) =>
      String((await c.runAndReadAll("SELECT current_setting('memory_limit') AS m")).getRowObjectsJS()[0]!.m);
    const engine = async (limit: string) => {
      const instance = await DuckDBInstance.create(':memory:', { memory_limit: limit });
      return { instance, c: await instance.connect() };
    };
    const bounded = await engine(STREAMING_COPY_MEMORY);
    const boundedText = await limitOf(bounded.c);
    bounded.c.closeSync();
    bounded.instance.closeSync();
    for (const given of ['8GB', '256MB']) {
      const { instance, c } = await engine(given);
      try {
        const before = await limitOf(c);
        // A query that reads the setting shows the limit the COPY ran under.
        const out = join(tmp.dir, `limit-${given}.csv`);
        await copyQuery(c, "SELECT current_setting('memory_limit') AS m", {}, out, 'csv', {
          streaming: true,
        });
        const during = (await readBack(out))[0]!.m;
        expect(during).toBe(given === '8GB' ? boundedText : before);
        // Restored (DuckDB prints limits to one decimal, so a restored 8 GB can read about 0.1 GiB lower).
        const after = memoryLimitBytes(await limitOf(c))!;
        expect(Math.abs(after - memoryLimitBytes(before)!)).toBeLessThanOrEqual(0.11 * 2 ** 30);
      } finally {
        c.closeSync();
        instance.closeSync();
      }
    }
  });
});
