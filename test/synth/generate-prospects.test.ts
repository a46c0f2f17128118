import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AGE_BANDS,
  COMPANY_SIZES,
  GENDERS,
  generateProspects,
  INDUSTRIES,
  PROSPECT_COLUMNS,
  type ProspectColumns,
  REGIONS,
  writeProspectsCsv,
} from '../../src/synth/index.js';

describe('generateProspects', () => {
  let data: ProspectColumns;
  beforeAll(() => {
    data = generateProspects();
  });

  it('is deterministic from the seed', () => {
    const a = generateProspects({ rows: 2000, seed: 11 });
    const b = generateProspects({ rows: 2000, seed: 11 });
    const c = generateProspects({ rows: 2000, seed: 12 });
    expect(b).toEqual(a);
    expect(c.score).not.toEqual(a.score);
  });

  it('has every column with the default number of rows', () => {
    expect(Object.keys(data).sort()).toEqual([...PROSPECT_COLUMNS].sort());
    for (const column of PROSPECT_COLUMNS) expect(data[column].length).toBe(20_000);
  });

  it('keeps every value in range', () => {
    const n = data.score.length;
    for (let i = 0; i < n; i++) {
      const score = data.score[i]!;
      expect(score >= 0 && score <= 1 && Math.round(score * 10_000) / 10_000 === score).toBe(true);
      expect(data.converted[i] === 0 || data.converted[i] === 1).toBe(true);
    }
    expect(data.lead_id[0]).toBe('L000001');
    expect(data.lead_id[n - 1]).toBe('L020000');
    expect(new Set(data.lead_id).size).toBe(n);
    expect(data.signup_date.every((d) => /^2025-\d{2}-\d{2}$/.test(d))).toBe(true);
    expect(data.signup_date[0]).toBe('2025-01-01');
    expect(data.signup_date[n - 1]).toBe('2025-12-31');
    expect(data.signup_date.every((d, i) => i === 0 || d >= data.signup_date[i - 1]!)).toBe(true);
    expect(new Set(data.signup_date.map((d) => d.slice(0, 7))).size).toBe(12);
    expect(new Set(data.gender)).toEqual(new Set(GENDERS));
    expect(new Set(data.age_band)).toEqual(new Set(AGE_BANDS));
    expect(new Set(data.region)).toEqual(new Set(REGIONS));
    expect(new Set(data.company_size)).toEqual(new Set(COMPANY_SIZES));
    expect(new Set(data.industry)).toEqual(new Set(INDUSTRIES));
    expect(Math.max(...data.email_opens)).toBeLessThan(200);
    expect(Math.max(...data.web_visits)).toBeLessThan(200);
  });

  it('has a realistic base rate and an informative score', () => {
    const n = data.score.length;
    const positives = data.converted.reduce((s, y) => s + y, 0);
    expect(positives / n).toBeGreaterThan(0.15);
    expect(positives / n).toBeLessThan(0.25);
    // AUC by the rank-sum (Mann–Whitney) formula, ties averaged.
    const order = Array.from(data.score.keys()).sort((a, b) => data.score[a]! - data.score[b]!);
    let rankSum = 0;
    for (let i = 0; i < n; ) {
      let j = i;
      while (j < n && data.score[order[j]!] === data.score[order[i]!]) j++;
      for (let k = i; k < j; k++) if (data.converted[order[k]!] === 1) rankSum += (i + j + 1) / 2;
      i = j;
    }
    const auc = (rankSum - (positives * (positives + 1)) / 2) / (positives * (n - positives));
    expect(auc).toBeGreaterThan(0.72);
    expect(auc).toBeLessThan(0.82);
  });

  it('starts the calendar at startDate', () => {
    const d = generateProspects({ rows: 5000, startDate: '2024-03-15' });
    expect(d.signup_date[0]).toBe('2024-03-15');
    expect(d.signup_date[4999]).toBe('2025-03-14');
  });

  it('rejects bad options with a usage error', () => {
    expect(() => generateProspects({ rows: -1 })).toThrow(/rows must be a non-negative integer/);
    expect(() => generateProspects({ rows: 1.5 })).toThrow(/rows/);
    expect(() => generateProspects({ seed: 0.5 })).toThrow(/seed must be an integer/);
    expect(() => generateProspects({ startDate: '2025-02-30' })).toThrow(/startDate/);
    expect(() => generateProspects({ startDate: '01/01/2025' })).toThrow(/YYYY-MM-DD/);
  });

  it('handles zero rows', () => {
    expect(generateProspects({ rows: 0 }).score.length).toBe(0);
  });
});

describe('writeProspectsCsv', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fairprobe-synth-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes exactly the rows of generateProspects, across several chunks', async () => {
    const options = { rows: 40_000, seed: 5 };
    const path = join(dir, 'p.csv');
    await writeProspectsCsv(path, options);
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(PROSPECT_COLUMNS.join(','));
    expect(lines.length).toBe(40_002);
    const data = generateProspects(options);
    for (const i of [0, 1, 16_383, 16_384, 20_000, 39_999]) {
      const expected = PROSPECT_COLUMNS.map((c) =>
        c === 'score' ? data.score[i]!.toFixed(4) : String(data[c][i]),
      );
      expect(lines[i + 1]).toBe(expected.join(','));
    }
  });

  it('leaves no temporary file behind and replaces an existing file', async () => {
    const path = join(dir, 'q.csv');
    await writeProspectsCsv(path, { rows: 10, seed: 1 });
    await writeProspectsCsv(path, { rows: 20, seed: 1 });
    expect((await readFile(path, 'utf8')).split('\n').length).toBe(22);
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
