import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDuplicateIds, openSource } from '../../src/data/index.js';
import { InputError } from '../../src/errors.js';
import { caught, tempDir } from '../helpers/data.js';

describe('checkDuplicateIds', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());

  async function withSource<T>(
    input: Parameters<typeof openSource>[0],
    fn: (s: Awaited<ReturnType<typeof openSource>>) => Promise<T>,
  ) {
    const source = await openSource(input);
    try {
      return await fn(source);
    } finally {
      source.close();
    }
  }

  it('passes when every id is unique (missing ids are not compared)', async () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: null }, { id: null }, { id: 'c' }];
    await expect(withSource({ rows }, (s) => checkDuplicateIds(s, 'id'))).resolves.toBeUndefined();
  });

  it('names the repeating rows, their ids and the total, in file order', async () => {
    const ids = ['a', 'b', 'a', 'c', 'b', 'd', 'a', 'e', 'c', 'f', 'd', 'g'];
    const p = join(dir, 'ids.csv');
    writeFileSync(p, `id,score\n${ids.map((id) => `${id},0.5`).join('\n')}\n`);
    const e = await caught(() => withSource(p, (s) => checkDuplicateIds(s, 'id')));
    expect(e).toBeInstanceOf(InputError);
    expect(e).toMatchObject({ code: 'duplicate_id', file: p, column: 'id', count: 5 });
    expect(e.rows).toEqual([
      { row: 3, value: 'a' },
      { row: 5, value: 'b' },
      { row: 7, value: 'a' },
      { row: 9, value: 'c' },
      { row: 11, value: 'd' },
    ]);
    expect(e.message).toContain('"a" at row 3 (first at row 1)');
  });

  it('finds a duplicate deep in a large file with the right row numbers', async () => {
    const n = 150_000;
    const lines = Array.from({ length: n }, (_, i) => `L${i === 140_000 ? 17 : i},${(i % 100) / 100}`);
    const p = join(dir, 'big ids.csv');
    writeFileSync(p, `lead_id,score\n${lines.join('\n')}\n`);
    const e = await caught(() => withSource(p, (s) => checkDuplicateIds(s, 'lead_id')));
    expect(e).toMatchObject({ code: 'duplicate_id', count: 1, rows: [{ row: 140_001, value: 'L17' }] });
    expect(e.message).toContain('first at row 18');
  });

  it('numeric ids from column arrays; an unknown id column is a missing-column error', async () => {
    const columns = { id: [1, 2, 3, 2.5, 3], score: [0.1, 0.2, 0.3, 0.4, 0.5] };
    const e = await caught(() => withSource({ columns }, (s) => checkDuplicateIds(s, 'id')));
    expect(e).toMatchObject({
      code: 'duplicate_id',
      file: undefined,
      count: 1,
      rows: [{ row: 5, value: '3.0' }],
    });
    const e2 = await caught(() => withSource({ columns }, (s) => checkDuplicateIds(s, 'lead_id')));
    expect(e2).toMatchObject({ code: 'missing_column', column: 'lead_id' });
  });
});
