import { tableFromArrays } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ArrowTableLike,
  openSource,
  parseGroupSpecs,
  planScan,
  type Roles,
} from '../../src/data/index.js';
import { load, sampleRows, tempDir, writeAllFormats } from '../helpers/data.js';

const roles: Roles = { score: 'score', label: 'y', groups: parseGroupSpecs('gender') };

describe('data minimisation: only the columns named are read', () => {
  it('a row property no role names is never read (a getter that counts and throws)', async () => {
    let reads = 0;
    const rows = sampleRows(50).map((r) => {
      const row: Record<string, unknown> = { score: r.score, y: r.y, gender: r.gender };
      Object.defineProperty(row, 'notes', {
        enumerable: true,
        get() {
          reads++;
          throw new Error('the unrelated column "notes" was materialised');
        },
      });
      return row;
    });
    const { normalized, columns } = await load({ rows }, roles);
    expect(columns).toContain('notes');
    expect(normalized.rows.read).toBe(50);
    expect(reads).toBe(0);
  });

  it('the getter test can fail: naming the column reads it', async () => {
    let reads = 0;
    const row = { score: 0.5, y: 1, gender: 'f' } as Record<string, unknown>;
    Object.defineProperty(row, 'notes', {
      enumerable: true,
      get() {
        reads++;
        return 'x';
      },
    });
    await load({ rows: [row] }, { ...roles, features: ['notes'] });
    expect(reads).toBeGreaterThan(0);
  });

  it('an Arrow table is asked only for the named children', async () => {
    const huge = Array.from({ length: 100 }, (_, i) => 'x'.repeat(1000) + i);
    const table = tableFromArrays({
      score: Float64Array.from({ length: 100 }, (_, i) => i / 100),
      y: Array.from({ length: 100 }, (_, i) => String(i % 2)),
      gender: Array.from({ length: 100 }, (_, i) => (i % 3 ? 'f' : 'm')),
      essay: huge,
    });
    const asked: string[] = [];
    const spy: ArrowTableLike = {
      numRows: table.numRows,
      schema: table.schema,
      getChild(name: string) {
        asked.push(name);
        return table.getChild(name as 'score');
      },
    };
    const { normalized } = await load({ arrow: spy }, roles);
    expect(normalized.rows.read).toBe(100);
    expect(new Set(asked)).toEqual(new Set(['score', 'y', 'gender']));
  });

  describe('for files, the scan projection holds only the named columns', () => {
    let dir: string;
    let cleanup: () => void;
    let files: Record<string, string>;
    beforeAll(async () => {
      ({ dir, cleanup } = tempDir());
      files = await writeAllFormats(dir, sampleRows(30));
    });
    afterAll(() => cleanup());

    for (const name of ['data.csv', 'data.tsv.gz', 'data.parquet', 'data.ndjson', 'data.json']) {
      it(`${name}: EXPLAIN lists score, y and gender in the scan, not id, age, region or weight`, async () => {
        const source = await openSource(files[name]!);
        try {
          const plan = await planScan(source, roles, { decision: { kind: 'threshold', threshold: 0.5 } });
          expect(plan.columns).toEqual(['score', 'y', 'gender']);
          const rel = await source.relation(plan.columns);
          const reader = await source.connection.runAndReadAll(
            `EXPLAIN SELECT * FROM ${rel.sql}`,
            rel.params,
          );
          const text = reader
            .getRows()
            .map((r) => String(r[1]))
            .join('\n');
          const scan = text.slice(
            text.search(/READ_CSV|READ_PARQUET|READ_JSON|PARQUET_SCAN|JSON|TABLE_SCAN/i),
          );
          const projections = scan.slice(scan.indexOf('Projections:'));
          expect(projections).toContain('Projections:');
          for (const c of ['score', 'y', 'gender']) expect(projections).toMatch(new RegExp(`\\b${c}\\b`));
          for (const c of ['id', 'age', 'region', 'weight'])
            expect(projections).not.toMatch(new RegExp(`\\b${c}\\b`));
        } finally {
          source.close();
        }
      });
    }
  });
});
