import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSource, parseGroupSpecs, type Roles } from '../../src/data/index.js';
import { InputError, UsageError } from '../../src/errors.js';
import { caught, type LoadOptions, load, tempDir } from '../helpers/data.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

const roles: Roles = { score: 'score', label: 'y', groups: parseGroupSpecs('g') };

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** Loads `content` as a file and returns the error it raises. */
function loadError(name: string, content: string | Buffer, r: Roles = roles, options: LoadOptions = {}) {
  const p = file(name, content);
  return caught(() => load(p, r, options)).then((e) => ({ e, p }));
}

describe('opening a file', () => {
  it('a missing file names the path', async () => {
    const p = join(dir, 'nope', 'scores.csv');
    const e = await caught(() => openSource(p));
    expect(e).toBeInstanceOf(InputError);
    expect(e).toMatchObject({ code: 'file_not_found', file: p });
    expect(e.message).toContain(p);
  });

  it('a folder is not a data file', async () => {
    const p = join(dir, 'folder.csv');
    mkdirSync(p, { recursive: true });
    expect(await caught(() => openSource(p))).toMatchObject({ code: 'not_a_file', file: p });
  });

  it('an unsupported format is a usage error that lists the formats', async () => {
    const p = file('scores.xlsx', 'PK');
    const e = await caught(() => openSource(p));
    expect(e).toBeInstanceOf(UsageError);
    expect(e).toMatchObject({ code: 'unsupported_format', file: p });
    expect(e.hint).toContain('--input-format');
  });

  it('an empty file and a header-only file are input errors', async () => {
    const empty = file('empty.csv', '');
    expect(await caught(() => openSource(empty))).toMatchObject({ code: 'empty_file', file: empty });
    for (const [name, content] of [
      ['header.csv', 'score,y,g\n'],
      ['header.tsv', 'score\ty\tg\n'],
      ['header.csv.gz', gzipSync('score,y,g\n')],
      ['empty.json', '[]'],
    ] as const) {
      const p = file(name, content);
      const e = await caught(() => openSource(p));
      expect(e).toBeInstanceOf(InputError);
      expect(e).toMatchObject({ code: 'no_rows', file: p });
    }
  });

  it('ragged rows in a small CSV are reported with their line numbers', async () => {
    const { e, p } = await loadError('ragged.csv', 'score,y,g\n0.1,1,a\n0.2,1\n0.3,1,a\n0.4,1,a,extra\n');
    expect(e).toMatchObject({ code: 'malformed_csv', file: p, count: 2 });
    expect(e.rows).toEqual([
      { row: 2, value: '0.2,1' },
      { row: 4, value: '0.4,1,a,extra' },
    ]);
    expect(e.message).toContain('first at line 3');
  });

  it('a ragged row far past the sniffed sample is an input error, not an internal one', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) =>
      i === 25_000 ? '0.1,1,a,zzz' : `0.${i % 10},${i % 2},a`,
    );
    const { e, p } = await loadError('late-ragged.csv', `score,y,g\n${lines.join('\n')}\n`);
    expect(e).toBeInstanceOf(InputError);
    expect(e).toMatchObject({
      code: 'malformed_csv',
      file: p,
      count: 1,
      rows: [{ row: 25_001, value: '0.1,1,a,zzz' }],
    });
    expect(e.message).toContain('line 25002');
  });

  it('a bad value far past the sniffed sample names its column, line and value', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) =>
      i === 27_000 ? 'abc,1,a' : `0.${i % 10},${i % 2},a`,
    );
    const { e, p } = await loadError('late-bad.csv.gz', gzipSync(`score,y,g\n${lines.join('\n')}\n`));
    expect(e).toBeInstanceOf(InputError);
    expect(e).toMatchObject({
      code: 'bad_value',
      file: p,
      column: 'score',
      rows: [{ row: 27_001, value: 'abc' }],
    });
  });

  it('malformed JSON, NDJSON and Parquet are input errors naming the file', async () => {
    for (const [name, code] of [
      ['bad.json', 'malformed_json'],
      ['bad.ndjson', 'malformed_json'],
      ['bad.parquet', 'malformed_parquet'],
    ] as const) {
      const content = name.endsWith('.json')
        ? '[{"score": 0.1}, {"score": '
        : name.endsWith('.ndjson')
          ? '{"score": 0.1}\n{"score":\n'
          : 'not parquet';
      const p = file(name, content);
      const e = await caught(() => openSource(p));
      expect(e).toBeInstanceOf(InputError);
      expect(e).toMatchObject({ code, file: p });
    }
  });
});

describe('planning the scan', () => {
  it('a missing column suggests the closest names', async () => {
    const { e, p } = await loadError('cols.csv', 'score,label,gender\n0.1,1,a\n', {
      score: 'scroe',
      label: 'label',
      groups: parseGroupSpecs('gender'),
    });
    expect(e).toBeInstanceOf(InputError);
    expect(e).toMatchObject({ code: 'missing_column', column: 'scroe', file: p });
    expect(e.message).toContain('"scroe"');
    expect(e.hint).toContain('Did you mean "score"?');
    expect((e as unknown as InputError).describe()).toContain(`file: ${p}`);
  });

  it('a missing group column on in-memory rows is an error too', async () => {
    const e = await caught(() =>
      load({ rows: [{ score: 0.1, y: 1, gender: 'f' }] }, { ...roles, groups: [{ column: 'Gender' }] }),
    );
    expect(e).toMatchObject({ code: 'missing_column', column: 'Gender', file: undefined });
    expect(e.hint).toContain('"gender"');
  });

  it('no group or nothing to audit are usage errors', async () => {
    const p = file('ok.csv', 'score,y,g\n0.1,1,a\n');
    expect(await caught(() => load(p, { score: 'score', groups: [] }))).toMatchObject({ code: 'no_groups' });
    const e = await caught(() => load(p, { groups: parseGroupSpecs('g') }));
    expect(e).toBeInstanceOf(UsageError);
    expect(e).toMatchObject({ code: 'nothing_to_audit' });
  });

  it('a score that is not numeric lists up to 5 offending rows and the total', async () => {
    const values = ['0.1', 'abc', '0.3', 'x1', 'n/a', '0.2', 'high', 'low', 'mid'];
    const { e, p } = await loadError('nn.csv', `score,y,g\n${values.map((v) => `${v},1,a`).join('\n')}\n`);
    expect(e).toMatchObject({ code: 'not_numeric', column: 'score', file: p, count: 6 });
    expect(e.rows).toEqual([
      { row: 2, value: 'abc' },
      { row: 4, value: 'x1' },
      { row: 5, value: 'n/a' },
      { row: 7, value: 'high' },
      { row: 8, value: 'low' },
    ]);
    expect(e.hint).toContain('--na "abc"');
  });

  it('bin edges on a text column, or edges not ascending, are errors', async () => {
    const p = file('age.csv', 'score,age\n0.1,young\n');
    const e = await caught(() => load(p, { score: 'score', groups: [{ column: 'age', edges: [18, 25] }] }));
    expect(e).toMatchObject({ code: 'group_not_numeric', column: 'age', file: p });
    const e2 = await caught(() => load(p, { score: 'score', groups: [{ column: 'age', edges: [25, 18] }] }));
    expect(e2).toBeInstanceOf(UsageError);
    expect(e2).toMatchObject({ code: 'bad_edges', column: 'age' });
  });
});

describe('validating rows', () => {
  it('an empty score names the row', async () => {
    const { e, p } = await loadError('empty-score.csv', 'score,y,g\n0.1,1,a\n0.2,0,b\n0.3,1,a\n,1,a\n');
    expect(e).toMatchObject({
      code: 'invalid_score',
      column: 'score',
      file: p,
      count: 1,
      rows: [{ row: 4, value: '' }],
    });
    expect(e.message).toContain('empty');
  });

  it('a NaN or infinite score names the rows', async () => {
    const { e } = await loadError('nan.csv', 'score,y,g\n0.1,1,a\nNaN,0,b\n0.3,1,a\nnan,1,a\n');
    expect(e).toMatchObject({ code: 'invalid_score', column: 'score', count: 2 });
    expect(e.rows).toMatchObject([{ row: 2 }, { row: 4 }]);
    expect(e.message).toContain('NaN');
    const mem = await caught(() =>
      load(
        {
          rows: [
            { score: 0.2, y: 1, g: 'a' },
            { score: Number.POSITIVE_INFINITY, y: 0, g: 'a' },
          ],
        },
        roles,
      ),
    );
    expect(mem).toMatchObject({ code: 'invalid_score', count: 1, rows: [{ row: 2 }] });
    expect(mem.message).toContain('infinite');
  });

  it('scores outside [0, 1] are errors unless scoreScale is raw', async () => {
    const content = 'score,y,g\n0.1,1,a\n1.5,0,b\n-0.3,1,a\n0.4,1,a\n';
    const { e, p } = await loadError('range.csv', content);
    expect(e).toMatchObject({ code: 'invalid_score', file: p, count: 2 });
    expect(e.rows).toEqual([
      { row: 2, value: '1.5' },
      { row: 3, value: '-0.3' },
    ]);
    expect(e.hint).toContain('--raw-scores');
    const ok = await load(p, roles, { plan: { scoreScale: 'raw' } });
    expect(ok.normalized.rows.used).toBe(4);
    expect(ok.stats.groups[0]!.cells.fp.n).toBe(1);
  });

  it('more than 5 bad rows: 5 listed, all counted', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => `${i % 2 ? 2 : 0.5},1,a`);
    const { e } = await loadError('many-bad.csv', `score,y,g\n${lines.join('\n')}\n`);
    expect(e).toMatchObject({ code: 'invalid_score', count: 10 });
    expect((e.rows as { row: number }[]).map((r) => r.row)).toEqual([2, 4, 6, 8, 10]);
  });

  it('a negative or missing weight is an error naming the weight column', async () => {
    const p = file('w.csv', 'score,y,g,w\n0.1,1,a,1\n0.2,0,b,-1\n0.3,1,a,\n');
    const e = await caught(() => load(p, { ...roles, weight: 'w' }));
    expect(e).toMatchObject({
      code: 'invalid_weight',
      column: 'w',
      count: 2,
      rows: [{ row: 2, value: '-1' }, { row: 3 }],
    });
  });

  it('label values that are not binary are listed', async () => {
    const { e, p } = await loadError('lab.csv', 'score,y,g\n0.1,1,a\n0.5,2,b\n0.3,3,a\n');
    expect(e).toMatchObject({ code: 'label_not_binary', column: 'y', file: p });
    expect(e.message).toContain('"1", "2", "3"');
    const { e: e2 } = await loadError('lab2.csv', 'score,y,g\n0.1,won,a\n0.5,lost,b\n');
    expect(e2).toMatchObject({ code: 'label_not_binary', column: 'y' });
    expect(e2.message).toContain('"lost", "won"');
    expect(e2.hint).toContain('--positive');
  });

  it('an explicit positive value maps the label; one that is not found is an error', async () => {
    const p = file('won.csv', 'score,y,g\n0.9,won,a\n0.5,lost,b\n0.2,won,a\n');
    const ok = await load(p, roles, { normalize: { label: { positive: ['won'] } } });
    expect(ok.normalized.label).toEqual({
      column: 'y',
      positive: ['won'],
      negative: ['lost'],
      rule: 'explicit',
    });
    expect(ok.stats.groups[0]!.cells).toMatchObject({
      tp: { n: 1 },
      fn: { n: 1 },
      fp: { n: 1 },
      tn: { n: 0 },
    });
    const e = await caught(() => load(p, roles, { normalize: { label: { positive: ['Won'] } } }));
    expect(e).toMatchObject({ code: 'label_positive_not_found', column: 'y' });
    expect(e.hint).toContain('"lost", "won"');
    const e2 = await caught(() =>
      load(p, roles, { normalize: { label: { positive: ['won'], negative: ['no'] } } }),
    );
    expect(e2).toMatchObject({ code: 'label_not_binary', column: 'y' });
    expect(e2.message).toContain('"lost"');
  });

  it('a group with more distinct values than maxGroups (default 50) is an error', async () => {
    const lines = Array.from({ length: 120 }, (_, i) => `0.1,1,v${i % 60}`);
    const { e, p } = await loadError('many.csv', `score,y,g\n${lines.join('\n')}\n`);
    expect(e).toMatchObject({ code: 'too_many_groups', column: 'g', file: p });
    expect(e.message).toContain('60 distinct values');
    const ok = await load(p, roles, { normalize: { maxGroups: 60 } });
    expect(ok.normalized.values.g).toHaveLength(60);
    const e3 = await caught(() => load(p, roles, { normalize: { maxGroups: 3 } }));
    expect(e3.message).toContain('--max-groups 3');
  });

  it('a group column with a value in nearly every row is an identifier, whatever maxGroups allows', async () => {
    // 60 rows, 57 ids (three repeated): refused even with --max-groups 500, and no id in the message.
    const lines = Array.from({ length: 60 }, (_, i) => `0.1,1,L${Math.min(i, 56)}`);
    const { e, p } = await loadError('ids.csv', `score,y,g\n${lines.join('\n')}\n`);
    expect(e).toMatchObject({ code: 'identifier_as_group', column: 'g', file: p });
    expect(e.message).toContain('57 values in 60 rows');
    expect(`${e.message} ${e.hint}`).not.toMatch(/L\d/);
    const e2 = await caught(() => load(p, roles, { normalize: { maxGroups: 500 } }));
    expect(e2).toMatchObject({ code: 'identifier_as_group' });
    // Half as many values as rows is a (large) attribute, not an identifier: maxGroups decides.
    const half = Array.from({ length: 120 }, (_, i) => `0.1,1,v${i % 60}`);
    const { e: e3 } = await loadError('half.csv', `score,y,g\n${half.join('\n')}\n`);
    expect(e3).toMatchObject({ code: 'too_many_groups' });
  });

  describe('missing values in a sensitive attribute', () => {
    const content = 'score,y,g\n0.1,1,a\n0.2,0,\n0.3,1,a\n0.4,1,\n0.7,0,b\n';

    it('as-group (the default) audits them as "(missing)" and counts them', async () => {
      const p = file('mg1.csv', content);
      const { normalized, stats } = await load(p, roles);
      expect(normalized.rows).toMatchObject({ read: 5, used: 5, dropped: [], missingGroup: { g: 2 } });
      expect(stats.values.g).toEqual(['a', 'b', '(missing)']);
      const missing = stats.groups.find((g) => g.key.values[0] === '(missing)')!;
      expect(missing.cells.fn.n + missing.cells.tn.n).toBe(2);
    });

    it('drop leaves them out and reports the rows dropped', async () => {
      const p = file('mg2.csv', content);
      const { normalized, stats } = await load(p, roles, { normalize: { missing: 'drop' } });
      expect(normalized.rows).toMatchObject({ read: 5, used: 3, missingGroup: { g: 2 } });
      expect(normalized.rows.dropped).toEqual([
        { reason: expect.stringContaining('--missing drop'), rows: 2 },
      ]);
      expect(stats.values.g).toEqual(['a', 'b']);
    });

    it('error names the rows', async () => {
      const { e, p } = await loadError('mg3.csv', content, roles, { normalize: { missing: 'error' } });
      expect(e).toMatchObject({ code: 'missing_group_value', column: 'g', file: p, count: 2 });
      expect(e.rows).toEqual([
        { row: 2, value: '' },
        { row: 4, value: '' },
      ]);
    });

    it('a missing numeric attribute is a missing group, not a bin', async () => {
      const rows = [
        { score: 0.1, age: 17 },
        { score: 0.2, age: 18 },
        { score: 0.3, age: 64.9 },
        { score: 0.4, age: 65 },
        { score: 0.5, age: null },
        { score: 0.6, age: Number.NaN },
      ];
      const { normalized } = await load(
        { rows },
        { score: 'score', groups: parseGroupSpecs('age:18,25,35,50,65') },
      );
      expect(normalized.values.age).toEqual(['<18', '[18, 25)', '[50, 65)', '>=65', '(missing)']);
      expect(normalized.rows.missingGroup).toEqual({ age: 2 });
      expect(normalized.rows.unlabeled).toBe(6);
    });
  });
});
