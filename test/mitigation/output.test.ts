/**
 * Nothing lost, nothing leaked: every row and column written, in CSV (formula-safe) and Parquet,
 * atomically, the input untouched; ids pseudonymised with HMAC-SHA-256 exactly as node:crypto does.
 */
import { createHash, createHmac } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import {
  csvSafeText,
  flip,
  pseudonym,
  repair,
  resample,
  reweigh,
  synthesize,
} from '../../src/mitigation/index.js';
import { tempDir } from '../helpers/data.js';
import { readBack } from './helpers.js';

const tmp = tempDir('fairprobe-mitigate-out-');
afterAll(tmp.cleanup);

const rows = [
  { id: 'A1', g: 'f', y: 1, x: 1.5, note: '=HYPERLINK("http://x")' },
  { id: 'A2', g: 'f', y: 0, x: -2, note: '-3.5' },
  { id: 'A3', g: 'm', y: 1, x: 3, note: '+441234' },
  { id: 'A4', g: 'm', y: 0, x: 4, note: '@SUM(A1)' },
  { id: 'A5', g: 'm', y: 0, x: 5, note: '\tcmd' },
  { id: 'A6', g: 'f', y: 1, x: 6, note: 'plain, with comma' },
];
const csv = `id,g,y,x,note\n${rows
  .map((r) => [r.id, r.g, r.y, r.x, `"${r.note.replaceAll('"', '""')}"`].join(','))
  .join('\n')}\n`;

describe('csvSafeText', () => {
  it('prefixes formula triggers but not negative numbers', () => {
    expect(csvSafeText('=1+1')).toBe("'=1+1");
    expect(csvSafeText('+1')).toBe("'+1");
    expect(csvSafeText('-x')).toBe("'-x");
    expect(csvSafeText('@a')).toBe("'@a");
    expect(csvSafeText('\tx')).toBe("'\tx");
    expect(csvSafeText('\rx')).toBe("'\rx");
    expect(csvSafeText('-12')).toBe('-12');
    expect(csvSafeText('-0.5')).toBe('-0.5');
    expect(csvSafeText('-1e-3')).toBe('-1e-3');
    expect(csvSafeText('-1-1')).toBe("'-1-1");
    expect(csvSafeText('safe')).toBe('safe');
    expect(csvSafeText('')).toBe('');
  });
});

describe('pseudonym', () => {
  test.prop([fc.string({ minLength: 1 }), fc.string()], { numRuns: 50 })(
    'equals node:crypto HMAC-SHA-256',
    (key, id) => {
      expect(pseudonym(key, id)).toBe(createHmac('sha256', key).update(id).digest('hex'));
    },
  );

  test.prop(
    [
      fc.string({ minLength: 1, maxLength: 120 }),
      fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 8 }),
    ],
    {
      numRuns: 25,
    },
  )(
    'the DuckDB expression gives the same pseudonyms as node:crypto (keys up to and over 64 bytes)',
    async (key, ids) => {
      const r = await flip(
        { columns: { id: ids, g: ids.map((_, i) => (i % 2 ? 'a' : 'b')) } },
        { groups: [{ column: 'g' }], id: 'id', pseudonymize: key, seed: 1, values: ['a', 'b'] },
      ).catch(async (e) => {
        if (e.code === 'unknown_value') {
          return reweigh(
            { columns: { id: ids, g: ids.map(() => 'a'), y: ids.map((_, i) => i % 2) } },
            {
              groups: [{ column: 'g' }],
              label: 'y',
              id: 'id',
              pseudonymize: key,
              seed: 1,
            },
          );
        }
        throw e;
      });
      expect(r.data!.columns.id).toEqual(ids.map((id) => createHmac('sha256', key).update(id).digest('hex')));
    },
  );
});

describe('written files', () => {
  const input = join(tmp.dir, 'in.csv');
  writeFileSync(input, csv);
  const before = createHash('sha256').update(readFileSync(input)).digest('hex');

  it('CSV: every row and column, text cells formula-safe, negative numbers plain', async () => {
    const out = join(tmp.dir, 'rw.csv');
    const r = await reweigh(input, { groups: [{ column: 'g' }], label: 'y', seed: 1, out });
    expect(r.output).toEqual({ path: out, format: 'csv' });
    const back = await readBack(out);
    expect(back.map((x) => x.id)).toEqual(rows.map((x) => x.id));
    expect(Object.keys(back[0]!)).toEqual(['id', 'g', 'y', 'x', 'note', 'weight']);
    expect(back.map((x) => x.note)).toEqual([
      `'=HYPERLINK("http://x")`,
      '-3.5',
      "'+441234",
      "'@SUM(A1)",
      "'\tcmd",
      'plain, with comma',
    ]);
    expect(back.map((x) => x.x)).toEqual(['1.5', '-2.0', '3.0', '4.0', '5.0', '6.0']);
  });

  it('Parquet: the same rows, types kept, nothing escaped', async () => {
    const out = join(tmp.dir, 'rw.parquet');
    await reweigh(input, { groups: [{ column: 'g' }], label: 'y', seed: 1, out });
    const back = await readBack(out);
    expect(back.map((x) => x.note)).toEqual(rows.map((x) => x.note));
    expect(back.map((x) => x.x)).toEqual(rows.map((x) => x.x));
  });

  it('every method reads through openSource: Parquet in, CSV out', async () => {
    const pq = join(tmp.dir, 'rw.parquet');
    const out = join(tmp.dir, 'from-parquet.csv');
    const r = await resample(pq, { groups: [{ column: 'g' }], label: 'y', seed: 1, out });
    expect((await readBack(out)).length).toBe(r.rows.output);
  });

  it('never writes over the input, and leaves no temporary file', async () => {
    await expect(
      reweigh(input, { groups: [{ column: 'g' }], label: 'y', seed: 1, out: input }),
    ).rejects.toMatchObject({
      code: 'out_is_input',
      // The hint names a new file beside the input, after its own name.
      hint: expect.stringContaining(`--out ${input.replace(/\.csv$/, '.mitigated.csv')}`),
    });
    await repair(input, {
      groups: [{ column: 'g' }],
      lambda: 1,
      seed: 1,
      out: join(tmp.dir, 'rep.csv'),
      features: ['x'],
    });
    await synthesize(input, {
      groups: [{ column: 'g' }],
      label: 'y',
      seed: 1,
      out: join(tmp.dir, 'syn.csv'),
      features: ['x'],
    });
    expect(createHash('sha256').update(readFileSync(input)).digest('hex')).toBe(before);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects an output format it cannot write', async () => {
    await expect(
      reweigh(input, { groups: [{ column: 'g' }], label: 'y', seed: 1, out: join(tmp.dir, 'x.xlsx') }),
    ).rejects.toMatchObject({ code: 'unsupported_out_format' });
  });

  it('a failed write leaves the previous output intact', async () => {
    const out = join(tmp.dir, 'keep.csv');
    writeFileSync(out, 'old\n');
    await expect(
      reweigh(input, { groups: [{ column: 'nope' }], label: 'y', seed: 1, out }),
    ).rejects.toMatchObject({ code: 'missing_column' });
    expect(readFileSync(out, 'utf8')).toBe('old\n');
  });
});
