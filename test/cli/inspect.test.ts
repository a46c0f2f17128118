import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectResult } from '../../src/data/index.js';
import { type CliResult, cliMain, ensureBuilt, runCli } from '../helpers/cli.js';
import { sampleRows, tempDir, writeAllFormats } from '../helpers/data.js';

let dir: string;
let cleanup: () => void;
let files: Record<string, string>;

beforeAll(async () => {
  ensureBuilt();
  ({ dir, cleanup } = tempDir('fairprobe-cli-'));
  files = await writeAllFormats(dir, sampleRows(120));
});
afterAll(() => cleanup());

function json(r: CliResult): InspectResult {
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as InspectResult;
}

/** An input error: exit 1, "error:" with the file and the fix, and never a stack trace. */
function expectInputError(r: CliResult, ...texts: string[]): void {
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr).toContain('fix: ');
  expect(r.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
  for (const t of texts) expect(r.stderr).toContain(t);
}

describe('fairprobe inspect', () => {
  it('prints a table of columns with types, missing and distinct counts, values and role guesses', () => {
    const r = runCli(['inspect', 'datasets/prospects.csv']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('datasets/prospects.csv  (csv, 20,000 rows, 11 columns)');
    expect(lines[2]).toMatch(/^column\s+type\s+missing\s+distinct\s+range \/ values\s+looks like$/);
    const row = (name: string) => lines.find((l) => l.startsWith(`${name} `))!.split(/\s{2,}/);
    expect(row('lead_id')).toEqual(['lead_id', 'VARCHAR', '0', '20000', 'id']);
    expect(row('converted')).toEqual(['converted', 'BIGINT', '0', '2', '0:16324 1:3676', 'label']);
    expect(row('gender')).toEqual([
      'gender',
      'VARCHAR',
      '0',
      '3',
      'male:9810 female:9602 non-binary:588',
      'sensitive',
    ]);
    expect(row('score')).toEqual(['score', 'DOUBLE', '0', '7387', '0.0072 … 0.9847', 'score']);
    expect(r.stdout).toContain('Why these guesses:');
    expect(r.stdout).toContain(
      'fairprobe audit datasets/prospects.csv --score score --label converted --group gender,age_band,region',
    );
  });

  it('shows missing counts with their share', () => {
    const r = runCli(['inspect', files['data.csv']!]);
    expect(r.status).toBe(0);
    const gender = r.stdout.split('\n').find((l) => l.startsWith('gender '))!;
    // sampleRows leaves gender empty on every 17th row from the 6th: 7 of 120.
    expect(gender).toMatch(/^gender\s+VARCHAR\s+7 \(5\.8%\)\s+3\s/);
  });

  it('--format json gives rows, columns, types, missing, distinct, values and guesses', () => {
    const r = json(runCli(['inspect', files['data.csv']!, '--format', 'json']));
    expect(r.rows).toBe(120);
    expect(r.format).toBe('csv');
    expect(r.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'VARCHAR'],
      ['score', 'DOUBLE'],
      ['y', 'VARCHAR'],
      ['gender', 'VARCHAR'],
      ['age', 'BIGINT'],
      ['region', 'VARCHAR'],
      ['weight', 'DOUBLE'],
    ]);
    const by = Object.fromEntries(r.columns.map((c) => [c.name, c]));
    expect(by.gender).toMatchObject({ missing: 7, distinct: 3 });
    expect(by.region!.values).toHaveProperty(['south, coast']);
    expect(by.region!.values).toHaveProperty(['east "old"']);
    expect(by.id!.guesses.map((g) => g.role)).toContain('id');
    expect(by.y!.guesses.map((g) => g.role)).toEqual(['label']);
    expect(by.age!.guesses.map((g) => g.role)).toEqual(['sensitive']);
    expect(r.suggestion).toBe(
      `fairprobe audit ${files['data.csv']} --score score --label y --group gender,age:25,35,45,55,region --weight weight`,
    );
  });

  it('every format (and gzip variant) gives the same profile', () => {
    const profile = (name: string) => {
      const r = json(runCli(['inspect', files[name]!, '--format', 'json']));
      return {
        rows: r.rows,
        columns: r.columns.map((c) => ({
          name: c.name,
          kind: c.kind,
          missing: c.missing,
          distinct: c.distinct,
          values: c.values,
        })),
      };
    };
    const expected = profile('data.csv');
    for (const name of [
      'data.csv.gz',
      'data.tsv',
      'data.tsv.gz',
      'data.parquet',
      'data.json',
      'data.json.gz',
      'data.ndjson',
      'data.jsonl.gz',
    ]) {
      expect(profile(name), name).toEqual(expected);
    }
    expect(json(runCli(['inspect', files['data.jsonl.gz']!, '--format', 'json'])).format).toBe(
      'ndjson (gzip)',
    );
  });

  it('--na turns texts into missing values; --delimiter, --no-header and --column-names read odd CSVs', () => {
    const p = join(dir, 'odd.txt');
    writeFileSync(p, '0.1|unknown|a\n0.2|yes|b\n0.3|no|unknown\n');
    const r = json(
      runCli([
        'inspect',
        p,
        '--delimiter',
        '|',
        '--no-header',
        '--column-names',
        's,y,g',
        '--na',
        'unknown',
        '--format',
        'json',
      ]),
    );
    expect(r.rows).toBe(3);
    expect(r.columns.map((c) => [c.name, c.missing])).toEqual([
      ['s', 0],
      ['y', 1],
      ['g', 1],
    ]);
  });

  it('the suggested audit keeps the reading options, so it runs as shown', () => {
    const p = join(dir, 'leads.txt');
    const rows = Array.from({ length: 120 }, (_, i) =>
      [((i * 37) % 100) / 100, i % 3 === 0 ? 'yes' : 'no', i % 17 === 0 ? 'unknown' : ['f', 'm'][i % 2]].join(
        '|',
      ),
    );
    writeFileSync(p, `${rows.join('\n')}\n`);
    const read = [
      '--delimiter',
      '|',
      '--no-header',
      '--column-names',
      'score,converted,gender',
      '--na',
      'unknown',
    ];
    const r = json(runCli(['inspect', p, ...read, '--format', 'json']));
    expect(r.suggestion).toBe(
      `fairprobe audit ${p} --delimiter '|' --no-header --column-names score,converted,gender --score score --label converted --group gender --na unknown`,
    );
    const ran = spawnSync(
      'sh',
      ['-c', `${r.suggestion!.replace('fairprobe', `'${process.execPath}' '${cliMain}'`)} --bootstrap 20`],
      {
        encoding: 'utf8',
      },
    );
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
    expect(ran.stdout).toContain('120 read');
  });

  it('a column whose values name a sex is a sensitive attribute, not a label, whatever its name', () => {
    const p = join(dir, 'nohead.csv');
    const rows = Array.from(
      { length: 60 },
      (_, i) => `${(i % 10) / 10},${i % 2 ? ' Female' : ' Male'},${i % 3 ? 'no' : 'yes'}`,
    );
    writeFileSync(p, `${rows.join('\n')}\n`);
    const r = json(runCli(['inspect', p, '--format', 'json']));
    const roles = Object.fromEntries(r.columns.map((c) => [c.name, c.guesses.map((g) => g.role)]));
    expect(roles.column1).toEqual(['sensitive']);
    expect(roles.column2).toEqual(['label']);
    expect(r.suggestion).toContain('--score column0 --label column2 --group column1');
  });

  it('column names and paths with quotes, semicolons and unicode', () => {
    const p = join(dir, "o'brien; DROP TABLE x; --.csv");
    writeFileSync(p, '"x""; DROP TABLE t; --",ünï\n1,a\n2,b\n');
    const r = json(runCli(['inspect', p, '--format', 'json']));
    expect(r.source).toBe(p);
    expect(r.columns.map((c) => c.name)).toEqual(['x"; DROP TABLE t; --', 'ünï']);
  });

  describe('bad input: exit 1, a plain message naming the file, no stack trace', () => {
    it('missing file', () => {
      expectInputError(runCli(['inspect', join(dir, 'nope.csv')]), 'Cannot find the data file', 'nope.csv');
    });

    it('missing file with --format json: the error is JSON on stderr', () => {
      const r = runCli(['inspect', join(dir, 'nope.csv'), '--format', 'json']);
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stderr)).toMatchObject({ error: 'file_not_found', file: join(dir, 'nope.csv') });
    });

    it('unsupported format', () => {
      const p = join(dir, 'scores.xlsx');
      writeFileSync(p, 'PK');
      expectInputError(runCli(['inspect', p]), 'Cannot tell the format', '--input-format');
    });

    it('empty file, header only, empty JSON array', () => {
      const empty = join(dir, 'empty.csv');
      writeFileSync(empty, '');
      expectInputError(runCli(['inspect', empty]), 'is empty', empty);
      const header = join(dir, 'header.tsv');
      writeFileSync(header, 'a\tb\n');
      expectInputError(runCli(['inspect', header]), 'no data rows', header);
      const arr = join(dir, 'empty.json');
      writeFileSync(arr, '[]');
      expectInputError(runCli(['inspect', arr]), 'has no records');
    });

    it('ragged rows: line numbers', () => {
      const p = join(dir, 'ragged.csv');
      writeFileSync(p, 'a,b,c\n1,2,3\n4,5\n6,7,8\n');
      expectInputError(runCli(['inspect', p]), 'malformed', 'line 3', 'row 2: "4,5"');
    });

    it('ragged row and bad value past the sniffed sample, gzip too', () => {
      const lines = Array.from({ length: 25_000 }, (_, i) => `${i},${i % 7}`);
      lines[22_000] = '1,2,3';
      const p = join(dir, 'late.csv.gz');
      writeFileSync(p, gzipSync(`a,b\n${lines.join('\n')}\n`));
      expectInputError(runCli(['inspect', p]), 'malformed', 'line 22002');
      lines[22_000] = 'oops,1';
      const q = join(dir, 'late-value.csv');
      writeFileSync(q, `a,b\n${lines.join('\n')}\n`);
      expectInputError(runCli(['inspect', q]), 'Column "a"', 'line 22002', 'row 22001: "oops"');
    });

    it('malformed JSON, NDJSON and Parquet', () => {
      for (const [name, content, text] of [
        ['bad.json', '[{"a": 1}, {"a": ', 'as JSON'],
        ['bad.ndjson', '{"a": 1}\n{"a"\n', 'as NDJSON'],
        ['bad.parquet', 'not a parquet file', 'as Parquet'],
      ] as const) {
        const p = join(dir, name);
        writeFileSync(p, content);
        const r = runCli(['inspect', p]);
        expect(r.status, name).toBe(1);
        expect(r.stderr, name).toContain(text);
        expect(r.stderr, name).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
      }
    });

    it('an unknown --input-format is a usage error', () => {
      const r = runCli(['inspect', files['data.csv']!, '--input-format', 'xlsx']);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('Unknown format "xlsx"');
    });
  });
});
