/**
 * parseStats checks that a stats file agrees with itself, not only that its fields have the right
 * types: an edited or damaged file (a bin beyond the histogram, a negative count, a group of an
 * unknown value, groups that no longer add up) is refused on load with the field it found wrong,
 * instead of crashing a later step or giving wrong numbers. Every kind of file fairprobe writes
 * still loads.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  collectDriftStats,
  collectStats,
  mergeStats,
  parseStats,
  type StatsSet,
  serializeStats,
} from '../../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: stats files are edited as plain JSON
type Json = Record<string, any>;

// Weights, an unlabeled row, missing group values and a numeric attribute binned.
const rows = Array.from({ length: 300 }, (_, i) => ({
  s: ((i * 7919) % 1000) / 1000,
  y: i % 17 === 0 ? null : i % 3 === 0 ? 1 : 0,
  g: i % 13 === 0 ? null : ['a', 'b', 'c'][i % 3]!,
  age: 18 + ((i * 31) % 60),
  w: 1 + (i % 4) / 2,
  opens: i % 9,
}));
const roles = {
  score: 's',
  label: 'y',
  weight: 'w',
  groups: [{ column: 'g' }, { column: 'age', edges: [30, 50] }],
};

let base: StatsSet;
let text: string;
beforeAll(async () => {
  base = await collectStats('datasets/prospects.csv', {
    roles: { score: 'score', label: 'converted', groups: [{ column: 'gender' }, { column: 'region' }] },
  });
  text = serializeStats(base);
});

/** The saved file, edited as a person might. */
function edited(edit: (f: Json) => void): string {
  const f = JSON.parse(text) as Json;
  edit(f);
  return JSON.stringify(f);
}

function refusal(fileText: string): { code: string; message: string; file: string; hint: string } {
  try {
    parseStats(fileText, 'edited.stats.json');
  } catch (e) {
    return e as { code: string; message: string; file: string; hint: string };
  }
  throw new Error('parseStats accepted the edited file');
}

describe('parseStats accepts every kind of stats file fairprobe writes', () => {
  it('weights, unlabeled rows, missing values, binned attributes, all intersections, --missing drop', async () => {
    for (const missing of ['as-group', 'drop'] as const) {
      const stats = await collectStats({ rows }, { roles, intersections: 'all', missing });
      expect(() => parseStats(serializeStats(stats))).not.toThrow();
    }
  });

  it('raw scores, a prediction column, merged partitions, drift stats with features', async () => {
    const half = (k: number) => ({ rows: rows.filter((_, i) => i % 2 === k) });
    const raw = await collectStats(
      { rows: rows.map((r) => ({ ...r, s: r.s * 40 - 7 })) },
      { roles, scoreScale: 'raw', threshold: 3 },
    );
    const predicted = await collectStats(
      { rows: rows.map((r, i) => ({ ...r, p: i % 4 === 0 ? 1 : 0 })) },
      { roles: { ...roles, prediction: 'p' } },
    );
    const merged = mergeStats(await collectStats(half(0), { roles }), await collectStats(half(1), { roles }));
    const drift = await collectDriftStats({ rows }, { roles, features: ['opens', 'g'] });
    for (const stats of [raw, predicted, merged, drift]) {
      expect(() => parseStats(serializeStats(stats))).not.toThrow();
    }
  });
});

describe('parseStats refuses an edited or corrupt stats file, naming the field', () => {
  const cases: [string, (f: Json) => void, RegExp][] = [
    [
      'histogram.bins lowered below the bins used (the drift crash of the user trial)',
      (f) => {
        f.histogram.bins = 100;
      },
      /groups\[0\]\.hist\.pos\[\d+\] names bin \d+, but the histogram has 100 bins/,
    ],
    [
      'a negative count',
      (f) => {
        f.groups[0].cells.tp.n = -3;
      },
      /groups\[0\]\.cells\.tp\.n must not be negative.*\(it is -3\)/,
    ],
    [
      'a count that is not whole',
      (f) => {
        f.groups[2].cells.fn.n = 2.5;
      },
      /groups\[2\]\.cells\.fn\.n must be a whole number/,
    ],
    [
      'a negative sum of squared weights',
      (f) => {
        f.groups[1].cells.tn.w2 = -1;
      },
      /groups\[1\]\.cells\.tn\.w2 must not be negative/,
    ],
    [
      'a negative histogram weight',
      (f) => {
        f.groups[3].hist.neg[0][1] = -0.5;
      },
      /groups\[3\]\.hist\.neg\[0\]\[1\] must not be negative/,
    ],
    [
      'a bin listed twice',
      (f) => {
        f.groups[1].hist.unl = [
          [5, 1],
          [5, 2],
        ];
      },
      /groups\[1\]\.hist\.unl\[1\] names bin 5 a second time/,
    ],
    [
      'a group of a value the file does not list',
      (f) => {
        f.groups[1].key.values = ['martian'];
      },
      /groups\[1\]\.key\.values\[0\] "martian" is not among the values listed for gender/,
    ],
    [
      'a group of attributes that are not one of the groupSets',
      (f) => {
        f.groups[1].key = { attributes: ['region', 'gender'], values: ['east', 'female'] };
      },
      /groups\[1\]\.key\.attributes region × gender is not one of the file's groupSets/,
    ],
    [
      'an attribute renamed in the attribute list only',
      (f) => {
        f.attributes[1] = 'country';
      },
      /values has no list of values for the attribute "country"/,
    ],
    [
      'a group set of an unknown attribute',
      (f) => {
        f.groupSets.push(['gender', 'country']);
      },
      /groupSets\[3\]\[1\] names "country", which is not among the file's attributes \(gender, region\)/,
    ],
    [
      'a group repeated',
      (f) => {
        f.groups.splice(2, 0, structuredClone(f.groups[1]));
      },
      /groups\[2\]\.key repeats the group of groups\[1\]/,
    ],
    [
      'the overall group moved',
      (f) => {
        f.groups.reverse();
      },
      /groups\[0\]\.key\.attributes must be empty: the first group is the overall group/,
    ],
    [
      "a group's rows changed, so the groups no longer add up to the total",
      (f) => {
        f.groups[1].cells.tp.n += 5;
      },
      /groupSets\[0\] \(gender\) has groups of 20005 rows in all, but the overall group holds 20000/,
    ],
    [
      'rows.used changed',
      (f) => {
        f.rows.used = 19000;
      },
      /rows\.used is 19000, but the overall group \(groups\[0\]\) holds 20000 rows/,
    ],
    [
      'a cell of no rows with a weight',
      (f) => {
        f.groups[0].cells.up.w = 4;
      },
      /groups\[0\]\.cells\.up has no rows \(n is 0\) but non-zero weight or score sums/,
    ],
    [
      'an empty score range',
      (f) => {
        f.histogram.hi = 0;
      },
      /histogram\.hi is 0, not above histogram\.lo \(0\)/,
    ],
    [
      'a histogram too large to hold in memory',
      (f) => {
        f.histogram.bins = 1e9;
      },
      /histogram\.bins must be at most 100000/,
    ],
  ];
  for (const [what, edit, message] of cases) {
    it(what, () => {
      const e = refusal(edited(edit));
      expect(e.code).toBe('bad_stats_file');
      expect(e.file).toBe('edited.stats.json');
      expect(e.message).toMatch(/^The stats file looks edited or corrupt: /);
      expect(e.message).toMatch(message);
      expect(e.hint).toMatch(/fairprobe stats DATA --out FILE\.stats\.json/);
    });
  }

  it('a number too large for JSON to hold (read as infinity)', () => {
    const e = refusal(text.replace(/"w2": [\d.e+]+/, '"w2": 1e999'));
    expect(e.message).toMatch(/groups\[0\]\.cells\.\w+\.w2 must be a finite number \(it is Infinity\)/);
  });

  it('a feature of another kind than the file says', async () => {
    const drift = await collectDriftStats({ rows }, { roles, features: ['opens', 'g'] });
    const f = JSON.parse(serializeStats(drift)) as Json;
    f.features.columns[0].kind = 'categorical';
    const e = refusal(JSON.stringify(f));
    expect(e.message).toMatch(
      /groups\[0\]\.features\.opens\.kind is numeric, but features\.columns says categorical/,
    );
  });

  it('a feature bucket whose weight, index or value sum was edited', async () => {
    const drift = await collectDriftStats({ rows }, { roles, features: ['opens', 'g'] });
    const saved = serializeStats(drift);
    const edit = (change: (f: Json) => void) => {
      const f = JSON.parse(saved) as Json;
      change(f);
      return refusal(JSON.stringify(f)).message;
    };
    expect(parseStats(saved).features!.columns).toHaveLength(2);
    expect(edit((f) => (f.groups[0].features.opens.buckets[1][1] += 5))).toMatch(
      /groups\[0\]\.features\.opens\.w is [\d.]+, but its buckets and missing values hold [\d.]+/,
    );
    expect(edit((f) => (f.groups[0].features.opens.buckets.at(-1)[0] = 999_999_999))).toMatch(
      /groups\[0\]\.features\.opens\.buckets\[\d+\] names bucket 999999999, which no value falls in/,
    );
    expect(edit((f) => (f.groups[0].features.opens.buckets[1][2] = 99_999))).toMatch(
      /groups\[0\]\.features\.opens\.buckets\[1\] holds a value sum of 99999 that falls outside bucket/,
    );
    expect(edit((f) => (f.groups[0].features.g.missing += 5))).toMatch(/groups\[0\]\.features\.g\.w is/);
  });
});
