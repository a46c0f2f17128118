import { describe, expect, it } from 'vitest';
import { binLabel, columnsOf, mapLabelValues, parseGroupSpecs } from '../../src/data/index.js';
import { InputError, UsageError } from '../../src/errors.js';
import { load } from '../helpers/data.js';

describe('parseGroupSpecs', () => {
  it('reads categorical columns and numeric ones with their bin edges', () => {
    expect(parseGroupSpecs('gender,age:18,25,35,50,65,region')).toEqual([
      { column: 'gender' },
      { column: 'age', edges: [18, 25, 35, 50, 65] },
      { column: 'region' },
    ]);
    expect(parseGroupSpecs(' gender , income:-1.5,2e3 ')).toEqual([
      { column: 'gender' },
      { column: 'income', edges: [-1.5, 2000] },
    ]);
  });

  it('a colon not followed by a number is part of the name', () => {
    expect(parseGroupSpecs('a:b,c')).toEqual([{ column: 'a:b' }, { column: 'c' }]);
  });

  it('edges that are not strictly ascending are a usage error naming the column', () => {
    for (const text of ['age:18,18', 'age:30,20', 'age:18,25,25']) {
      const e = (() => {
        try {
          parseGroupSpecs(text);
        } catch (err) {
          return err;
        }
      })();
      expect(e).toBeInstanceOf(UsageError);
      expect(e).toMatchObject({ code: 'bad_edges', column: 'age' });
    }
  });

  it('binLabel names the bins', () => {
    const edges = [18, 25, 65];
    expect([0, 1, 2, 3].map((i) => binLabel(edges, i))).toEqual(['<18', '[18, 25)', '[25, 65)', '>=65']);
  });

  it('columnsOf lists every column once, in a stable order', () => {
    expect(
      columnsOf({
        score: 's',
        label: 'y',
        id: 'id',
        weight: 'w',
        groups: [{ column: 'g' }, { column: 's' }],
        features: ['f', 'y'],
      }),
    ).toEqual(['id', 's', 'y', 'w', 'g', 'f']);
  });
});

describe('numeric attributes are binned with the edges (left-closed bins)', () => {
  it('values on an edge go to the bin that starts there', async () => {
    const ages = [17, 18, 24.99, 25, 34, 35, 49, 50, 64, 65, 90];
    const rows = ages.map((age) => ({ score: 0.5, age }));
    const { normalized, stats } = await load(
      { rows },
      { score: 'score', groups: parseGroupSpecs('age:18,25,35,50,65') },
    );
    expect(normalized.values.age).toEqual(['<18', '[18, 25)', '[25, 35)', '[35, 50)', '[50, 65)', '>=65']);
    const n = Object.fromEntries(stats.groups.slice(1).map((g) => [g.key.values[0], g.cells.up.n]));
    expect(n).toEqual({ '<18': 1, '[18, 25)': 2, '[25, 35)': 2, '[35, 50)': 2, '[50, 65)': 2, '>=65': 2 });
  });
});

describe('mapLabelValues', () => {
  const where = { column: 'y', file: 'f.csv' };

  it.each([
    [['0', '1'], ['1'], ['0']],
    [['1.0', '0.0'], ['1.0'], ['0.0']],
    [['true', 'false'], ['true'], ['false']],
    [['T', 'F'], ['T'], ['F']],
    [['Yes', 'No'], ['Yes'], ['No']],
    [['yes'], ['yes'], []],
    [['n'], [], ['n']],
  ])('%j maps by vocabulary', (values, positive, negative) => {
    expect(mapLabelValues(values, {}, where)).toEqual({
      column: 'y',
      positive,
      negative,
      rule: 'vocabulary',
    });
  });

  it('mixed vocabularies are not guessed', () => {
    expect(() => mapLabelValues(['yes', '0'], {}, where)).toThrow(InputError);
  });

  it('two unknown values: the error names both and suggests --positive', () => {
    try {
      mapLabelValues(['lost', 'converted', 'lost'], {}, where);
      expect.fail('no error');
    } catch (e) {
      expect(e).toMatchObject({ code: 'label_not_binary', column: 'y', file: 'f.csv' });
      expect((e as Error).message).toContain('"converted", "lost"');
      expect((e as InputError).hint).toContain('--positive "converted"');
    }
  });

  it('more than ten values are listed up to ten', () => {
    const values = Array.from({ length: 12 }, (_, i) => `v${String(i).padStart(2, '0')}`);
    expect(() => mapLabelValues(values, {}, where)).toThrow(/12 distinct values found \("v00", .*"v09", …\)/);
  });

  it('explicit positive (and negative) values', () => {
    expect(mapLabelValues(['converted', 'lost'], { positive: ['converted'] }, where)).toEqual({
      column: 'y',
      positive: ['converted'],
      negative: ['lost'],
      rule: 'explicit',
    });
    // With more than one other value, the negatives must be named: ">50K." must not silently be 0.
    expect(() => mapLabelValues(['<=50K', '>50K', '>50K.'], { positive: ['>50K'] }, where)).toThrow(
      /2 values besides the positive ">50K": "<=50K", ">50K\."/,
    );
    expect(
      mapLabelValues(
        ['converted', 'lost', 'open'],
        { positive: ['converted'], negative: ['lost', 'open'] },
        where,
      ),
    ).toMatchObject({ positive: ['converted'], negative: ['lost', 'open'] });
    expect(() =>
      mapLabelValues(['converted', 'lost', 'open'], { positive: ['converted'], negative: ['lost'] }, where),
    ).toThrow(/neither positive nor negative: "open"/);
  });

  it('the prediction role names its own flag', () => {
    expect(() => mapLabelValues(['a', 'b'], {}, { column: 'p', role: 'prediction' })).toThrow(
      expect.objectContaining({ hint: expect.stringContaining('--prediction-positive') }),
    );
  });
});
