import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectData, openSource, type Roles } from '../../src/data/index.js';
import { load, tempDir, toDelimited, writeParquet } from '../helpers/data.js';

const EVIL = 'x"; DROP TABLE t; --';
const names = [EVIL, "it's", 'sélect "g"', 'group by', 'a;b', 'two words', '名前'];

/** Rows where every column name is hostile; the label is EVIL, the score `it's`. */
function hostileRows() {
  return [0.9, 0.2, 0.7, 0.1, 0.6].map((s, i) => ({
    [EVIL]: i % 2,
    "it's": s,
    'sélect "g"': i < 3 ? 'ä' : 'b;c',
    'group by': i,
    'a;b': 'x',
    'two words': 'p',
    名前: `n${i}`,
  }));
}

const roles: Roles = {
  score: "it's",
  label: EVIL,
  groups: [{ column: 'sélect "g"' }, { column: 'group by', edges: [2] }, { column: '名前' }],
};

describe('identifiers are data, not code', () => {
  let dir: string;
  let cleanup: () => void;
  let folder: string;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    folder = join(dir, `it's a "folder"; DROP TABLE x; --`);
    mkdirSync(folder);
  });
  afterAll(() => cleanup());

  it('column names with quotes, semicolons, spaces, unicode and SQL keywords load from CSV', async () => {
    const p = join(folder, "scores o'brien.csv");
    writeFileSync(p, toDelimited(hostileRows()));
    const { columns, normalized, stats } = await load(p, roles);
    expect(columns).toEqual(names);
    expect(normalized.rows.read).toBe(5);
    expect(normalized.label).toMatchObject({ column: EVIL, positive: ['1'], negative: ['0'] });
    expect(stats.values['sélect "g"']).toEqual(['b;c', 'ä']);
    expect(stats.values['group by']).toEqual(['<2', '>=2']);
    // 3 selected (0.9, 0.7, 0.6): rows 0, 2, 4 have label 0; rows 1 and 3 have label 1, not selected.
    expect(stats.groups[0]!.cells).toMatchObject({ fp: { n: 3 }, fn: { n: 2 }, tp: { n: 0 }, tn: { n: 0 } });
  });

  it('the same names load from Parquet, NDJSON and in-memory rows with the same stats', async () => {
    const rows = hostileRows();
    const nd = join(folder, 'rows; --.ndjson');
    writeFileSync(nd, rows.map((r) => JSON.stringify(r)).join('\n'));
    const pq = join(folder, "it's.parquet");
    await writeParquet(nd, pq);
    const expected = (await load({ rows }, roles)).stats;
    for (const input of [nd, pq]) {
      const { stats, columns } = await load(input, roles);
      expect(columns).toEqual(names);
      expect(stats).toEqual(expected);
    }
  });

  it('a hostile name cannot run SQL: the connection still works and the table it names is not dropped', async () => {
    const rows = hostileRows();
    const source = await openSource({ rows });
    try {
      await source.connection.run('CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (42)');
      const rel = await source.relation([EVIL, "it's"]);
      const reader = await source.connection.runAndReadAll(
        `SELECT count(*) AS n FROM ${rel.sql}`,
        rel.params,
      );
      expect(Number(reader.getRowObjectsJson()[0]!.n)).toBe(5);
      const t = await source.connection.runAndReadAll('SELECT a FROM t');
      expect(t.getRowObjectsJson()).toEqual([{ a: 42 }]);
    } finally {
      source.close();
    }
  });

  it('inspect profiles hostile column names and paths', async () => {
    const p = join(folder, 'inspect me.csv');
    writeFileSync(p, toDelimited(hostileRows()));
    const result = await inspectData(p);
    expect(result.source).toBe(p);
    expect(result.rows).toBe(5);
    expect(result.columns.map((c) => c.name)).toEqual(names);
    expect(result.columns.find((c) => c.name === 'sélect "g"')).toMatchObject({
      distinct: 2,
      values: { ä: 3, 'b;c': 2 },
    });
  });
});
