import { z } from 'zod';
import { MAX_HISTOGRAM_BINS } from '../data/index.js';
import { InputError } from '../errors.js';
import { VERSION } from '../version.js';
import { STATS_SCHEMA, type StatsSet } from './types.js';
import { checkStatsFile, pathText } from './validate.js';

/**
 * The stats file: a StatsSet with histograms stored sparsely (`[bin, weight]` pairs) so files of
 * groups with few distinct scores stay small. Aggregates only: no row and no identifier (but a
 * group of one row holds that row's score bin and label; see `suppressBelow` of collectStats).
 *
 * Field by field, zod checks what a value can be (counts are whole numbers ≥ 0, weights finite and
 * ≥ 0); `checkStatsFile` then checks that the fields agree with each other.
 */
const count = z.number().int().min(0);
const weight = z.number().min(0);
const moments = z.object({ n: count, w: weight, w2: weight, s: z.number(), s2: weight }).strict();
const sparse = z.array(z.tuple([z.number().int().min(0), weight]));
const mapping = z
  .object({
    column: z.string(),
    positive: z.array(z.string()),
    negative: z.array(z.string()),
    rule: z.enum(['explicit', 'vocabulary']),
  })
  .strict();

const featureDist = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('numeric'),
      n: count,
      w: weight,
      w2: weight,
      missing: weight,
      buckets: z.array(z.tuple([z.number().int(), weight, z.number()])),
    })
    .strict(),
  z
    .object({
      kind: z.literal('categorical'),
      n: count,
      w: weight,
      w2: weight,
      missing: weight,
      counts: z.record(z.string(), weight),
    })
    .strict(),
]);
const featureSet = z
  .object({
    grid: z.object({ gamma: z.number().gt(1), zero: z.number().gt(0), offset: z.number().int() }).strict(),
    columns: z.array(z.object({ column: z.string(), kind: z.enum(['numeric', 'categorical']) }).strict()),
  })
  .strict();

export const StatsFileSchema = z
  .object({
    schema: z.literal(STATS_SCHEMA),
    attributes: z.array(z.string()).min(1),
    groupSets: z.array(z.array(z.string()).min(1)),
    histogram: z
      .object({ lo: z.number(), hi: z.number(), bins: z.number().int().min(1).max(MAX_HISTOGRAM_BINS) })
      .strict(),
    decision: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('threshold'), threshold: z.number() }).strict(),
      z.object({ kind: z.literal('prediction'), column: z.string() }).strict(),
      z.object({ kind: z.literal('none') }).strict(),
    ]),
    rows: z
      .object({
        read: count,
        used: count,
        dropped: z.array(z.object({ reason: z.string(), rows: count }).strict()),
        unlabeled: count,
        missingGroup: z.record(z.string(), count),
      })
      .strict(),
    values: z.record(z.string(), z.array(z.string())),
    groups: z.array(
      z
        .object({
          key: z.object({ attributes: z.array(z.string()), values: z.array(z.string()) }).strict(),
          cells: z
            .object({ tp: moments, fp: moments, tn: moments, fn: moments, up: moments, un: moments })
            .strict(),
          hist: z.object({ pos: sparse, neg: sparse, unl: sparse }).strict(),
          features: z.record(z.string(), featureDist).optional(),
        })
        .strict(),
    ),
    provenance: z
      .object({
        sources: z.array(
          z
            .object({
              name: z.string(),
              kind: z.enum(['file', 'memory']),
              format: z.string(),
              gzip: z.boolean(),
              bytes: count.optional(),
              sha256: z.string(),
              rows: count,
            })
            .strict(),
        ),
        columnsRead: z.array(z.string()),
        roles: z.record(z.string(), z.union([z.string(), z.array(z.string())]).optional()),
        scoreScale: z.enum(['probability', 'raw']),
        hasLabel: z.boolean(),
        label: mapping.optional(),
        prediction: mapping.optional(),
        selectTop: z.string().optional(),
      })
      .strict(),
    features: featureSet.optional(),
    suppressed: z
      .object({
        below: count,
        groups: z.array(
          z
            .object({
              attributes: z.array(z.string()).min(1),
              values: z.array(z.string()),
              reason: z.enum(['suppressed', 'complementary']),
            })
            .strict(),
        ),
      })
      .strict()
      .optional(),
  })
  .strict();
export type StatsFile = z.infer<typeof StatsFileSchema>;

function toSparse(h: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  h.forEach((v, i) => {
    if (v !== 0) out.push([i, v]);
  });
  return out;
}

function toDense(pairs: readonly (readonly [number, number])[], bins: number): number[] {
  const out = new Array<number>(bins).fill(0);
  for (const [i, v] of pairs) out[i] = v;
  return out;
}

/**
 * A StatsSet as the JSON text of a stats file (`fairprobe stats DATA --out part.stats.json`).
 * @example
 * parseStats(serializeStats(stats)) // => a StatsSet equal to stats
 */
export function serializeStats(stats: StatsSet): string {
  const file = {
    ...stats,
    groups: stats.groups.map((g) => ({
      key: g.key,
      cells: g.cells,
      hist: { pos: toSparse(g.hist.pos), neg: toSparse(g.hist.neg), unl: toSparse(g.hist.unl) },
      ...(g.features ? { features: g.features } : {}),
    })),
  };
  return `${JSON.stringify(file, null, 1)}\n`;
}

const REGENERATE =
  'Regenerate it from the data with `fairprobe stats DATA --out FILE.stats.json` (or `fairprobe drift ... --save-baseline FILE`); stats files are not meant to be edited by hand.';

/** A value as quoted in a message: short JSON, or its kind when long. */
function shown(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  const text = JSON.stringify(v);
  if (text === undefined) return String(v);
  return text.length <= 40
    ? text
    : Array.isArray(v)
      ? 'a list'
      : typeof v === 'object'
        ? 'an object'
        : 'a long text';
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let v = json;
  for (const p of path)
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

const KIND: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  tuple: 'a list',
};

/** What a zod issue means, in plain words after the path it names (`groups[3].cells.tp.n`). */
function describeIssue(issue: z.core.$ZodIssue, json: unknown): string {
  const value = valueAt(json, issue.path);
  const found = value === undefined ? '' : ` (it is ${shown(value)})`;
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'is missing';
      if (issue.expected === 'int') return `must be a whole number (a count)${found}`;
      if (issue.expected === 'number' && typeof value === 'number') return `must be a finite number${found}`;
      return `must be ${KIND[issue.expected] ?? issue.expected}${found}`;
    case 'too_small':
      if (issue.origin === 'array')
        return Number(issue.minimum) === 1
          ? 'must not be empty'
          : `must have at least ${issue.minimum} items`;
      if (Number(issue.minimum) === 0 && issue.inclusive)
        return `must not be negative: counts, weights and sums of squares are 0 or more${found}`;
      return `must be ${issue.inclusive ? 'at least' : 'above'} ${issue.minimum}${found}`;
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${issue.maximum} items`;
      return `must be at most ${issue.maximum}${found}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'a field' : 'fields'} that stats files do not have: ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      return `must be ${issue.values.length === 1 ? shown(issue.values[0]) : `one of ${issue.values.map(shown).join(', ')}`}${found}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      return options
        ? `must be one of ${options.map(shown).join(', ')}${found}`
        : `does not have any of the forms allowed here${found}`;
    }
    default:
      return `is not valid (${issue.message})`;
  }
}

/**
 * Parses and validates a stats file's text: its JSON, its schema version, each field, and that the
 * fields agree (`checkStatsFile`): histogram bins within the histogram, counts and weights not
 * negative, groups of the file's attributes and values, each once, adding up to the total.
 * @throws {InputError} when it is not JSON, not a fairprobe stats file, of another version, or
 *   malformed or inconsistent (the message names the field, e.g. `groups[3].hist.pos[0]`).
 */
export function parseStats(text: string, file?: string): StatsSet {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(
      'bad_stats_file',
      `The stats file is not valid JSON (${(e as Error).message.replace(/\s+/g, ' ')}): it looks cut short, corrupt or not a stats file at all.`,
      { file, hint: REGENERATE },
    );
  }
  const schema =
    json !== null && typeof json === 'object' && !Array.isArray(json)
      ? (json as { schema?: unknown }).schema
      : undefined;
  if (schema !== STATS_SCHEMA) {
    const message =
      typeof schema === 'string' && schema.startsWith('fairprobe.stats')
        ? `The stats file has the unsupported schema version "${schema}" (this fairprobe ${VERSION} reads ${STATS_SCHEMA}).`
        : schema === undefined
          ? `This is not a fairprobe stats file: it has no "schema" field (stats files start with "schema": "${STATS_SCHEMA}").`
          : `This is not a fairprobe stats file: its schema is ${shown(schema)}, not "${STATS_SCHEMA}".`;
    throw new InputError('bad_stats_file', message, {
      file,
      hint:
        typeof schema === 'string' && schema.startsWith('fairprobe.stats')
          ? `It was written by another version of fairprobe: regenerate it with this one (\`fairprobe stats DATA --out FILE.stats.json\`), or read it with the version that wrote it.`
          : 'Give a file written by `fairprobe stats DATA --out FILE.stats.json` or `fairprobe drift ... --save-baseline FILE`; a file named *.stats.json is always read as a stats file, so name data files otherwise.',
    });
  }
  const corrupt = (path: string, what: string) =>
    new InputError('bad_stats_file', `The stats file looks edited or corrupt: ${path} ${what}.`, {
      file,
      hint: REGENERATE,
    });
  const r = StatsFileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw corrupt(pathText(issue.path), describeIssue(issue, json));
  }
  const problem = checkStatsFile(r.data);
  if (problem) throw corrupt(problem.path, problem.message);
  const f = r.data;
  return {
    ...f,
    groups: f.groups.map((g) => ({
      key: g.key,
      cells: g.cells,
      hist: {
        pos: toDense(g.hist.pos, f.histogram.bins),
        neg: toDense(g.hist.neg, f.histogram.bins),
        unl: toDense(g.hist.unl, f.histogram.bins),
      },
      ...(g.features ? { features: g.features } : {}),
    })),
  } as StatsSet;
}
