import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectData, parseGroupSpecs } from '../../src/data/index.js';
import { keyId, type StatsSet } from '../../src/stats/index.js';
import { expectClose, load } from '../helpers/data.js';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const shared = resolve(repoRoot, '../shared/datasets');
const bank = resolve(shared, 'bank.csv');
const bankFull = resolve(shared, 'bank-additional-full.csv');
const prospects = resolve(repoRoot, 'datasets/prospects.csv');

/** Positives / rows of a group, from a label-only audit (no score: every row is "not selected"). */
function rate(stats: StatsSet, id: string): [number, number] {
  const g = stats.groups.find((x) => keyId(x.key) === id);
  if (!g) throw new Error(`no group ${id}; have ${stats.groups.map((x) => keyId(x.key)).join(', ')}`);
  return [g.cells.fn.n, g.cells.fn.n + g.cells.tn.n];
}

describe.skipIf(!existsSync(bank))('UCI bank.csv (semicolon-separated, quoted, y = "yes"/"no")', () => {
  it('the label-only stats match an independent count of the file', async () => {
    const lines = readFileSync(bank, 'utf8').trim().split('\n');
    const header = lines[0]!.split(';').map((h) => h.replaceAll('"', ''));
    const col = (name: string) => header.indexOf(name);
    const cells = lines.slice(1).map((l) => l.split(';').map((f) => f.replaceAll('"', '')));
    const expected = new Map<string, [number, number]>();
    const add = (k: string, yes: boolean) => {
      const e = expected.get(k) ?? [0, 0];
      expected.set(k, [e[0] + (yes ? 1 : 0), e[1] + 1]);
    };
    for (const c of cells) {
      const yes = c[col('y')] === 'yes';
      const age = Number(c[col('age')]);
      add(`marital=${c[col('marital')]}`, yes);
      add(`age=${age < 25 ? '<25' : age < 61 ? '[25, 61)' : '>=61'}`, yes);
    }

    const { stats, normalized } = await load(bank, {
      label: 'y',
      groups: parseGroupSpecs('marital,age:25,61'),
    });
    expect(normalized.rows.read).toBe(4521);
    expect(normalized.label).toMatchObject({ positive: ['yes'], negative: ['no'], rule: 'vocabulary' });
    expect(stats.values.marital).toEqual(['divorced', 'married', 'single']);
    for (const [id, counts] of expected) expect(rate(stats, id), id).toEqual(counts);
    expect(rate(stats, '(overall)')).toEqual([cells.filter((c) => c[col('y')] === 'yes').length, 4521]);
  });
});

describe.skipIf(!existsSync(bank))('inspect on bank.csv', () => {
  it('keeps yes/no as text and suggests y as the label and a binned age', async () => {
    const r = await inspectData(bank);
    expect(r.rows).toBe(4521);
    const y = r.columns.find((c) => c.name === 'y')!;
    expect(y).toMatchObject({ type: 'VARCHAR', distinct: 2 });
    expect(Object.keys(y.values!).sort()).toEqual(['no', 'yes']);
    expect(r.suggestion).toBe(
      `fairprobe audit ${bank} --label y --group age:25,35,45,55,marital --na unknown`,
    );
  });
});

describe.skipIf(!existsSync(bankFull))('UCI bank-additional-full.csv: the published base rates', () => {
  it('reproduces the README counts by marital status and age band', async () => {
    const { stats } = await load(bankFull, { label: 'y', groups: parseGroupSpecs('marital,age:25,61') });
    expect(stats.rows.read).toBe(41_188);
    expect(rate(stats, '(overall)')).toEqual([4640, 41_188]);
    expect(rate(stats, 'marital=married')).toEqual([2532, 24_928]);
    expect(rate(stats, 'marital=single')).toEqual([1620, 11_568]);
    expect(rate(stats, 'marital=divorced')).toEqual([476, 4612]);
    expect(rate(stats, 'marital=unknown')).toEqual([12, 80]);
    expect(rate(stats, 'age=<25')).toEqual([256, 1068]);
    expect(rate(stats, 'age=[25, 61)')).toEqual([3970, 39_210]);
    expect(rate(stats, 'age=>=61')).toEqual([414, 910]);
  });

  it('with --na unknown, "unknown" marital status becomes the missing group (80 rows)', async () => {
    const { normalized } = await load(
      bankFull,
      { label: 'y', groups: parseGroupSpecs('marital') },
      { read: { naValues: ['unknown'] }, normalize: { missing: 'drop' } },
    );
    expect(normalized.rows).toMatchObject({ read: 41_188, used: 41_108, missingGroup: { marital: 80 } });
  });
});

describe('datasets/prospects.csv and .parquet', () => {
  it('inspect finds 20,000 rows and the documented columns and roles', async () => {
    const r = await inspectData(prospects);
    expect(r.rows).toBe(20_000);
    expect(r.format).toBe('csv');
    const by = Object.fromEntries(r.columns.map((c) => [c.name, c]));
    expect(by.lead_id).toMatchObject({ distinct: 20_000, missing: 0, min: undefined });
    expect(by.lead_id!.guesses.map((g) => g.role)).toEqual(['id']);
    expect(by.score!.guesses.map((g) => g.role)).toContain('score');
    expect(by.converted).toMatchObject({ distinct: 2, values: { '0': 16_324, '1': 3676 } });
    expect(by.converted!.guesses.map((g) => g.role)).toEqual(['label']);
    expect(by.gender!.values).toEqual({ male: 9810, female: 9602, 'non-binary': 588 });
    expect(by.signup_date).toMatchObject({ kind: 'time', min: '2025-01-01', max: '2025-12-31' });
    expect(r.suggestion).toBe(
      `fairprobe audit ${prospects} --score score --label converted --group gender,age_band,region`,
    );
  });

  it('the CSV and the Parquet file give the same stats', async () => {
    const roles = { score: 'score', label: 'converted', groups: parseGroupSpecs('gender,age_band') };
    const csv = await load(prospects, roles);
    const parquet = await load(resolve(repoRoot, 'datasets/prospects.parquet'), roles);
    expectClose(parquet.stats, csv.stats);
    const o = csv.stats.groups[0]!.cells;
    expect(o.tp.n + o.fn.n).toBe(3676);
    expect(o.tp.n + o.fp.n + o.tn.n + o.fn.n).toBe(20_000);
  });
});
