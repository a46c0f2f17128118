import { z } from 'zod';
import { InputError } from '../errors.js';
import { STATS_SCHEMA, type StatsSet } from './types.js';

/**
 * The stats file: a StatsSet with histograms stored sparsely (`[bin, weight]` pairs) so files of
 * groups with few distinct scores stay small. Aggregates only: no row and no identifier.
 */
const moments = z
  .object({ n: z.number(), w: z.number(), w2: z.number(), s: z.number(), s2: z.number() })
  .strict();
const sparse = z.array(z.tuple([z.number().int().min(0), z.number()]));
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
      n: z.number(),
      w: z.number(),
      w2: z.number(),
      missing: z.number(),
      buckets: z.array(z.tuple([z.number().int(), z.number(), z.number()])),
    })
    .strict(),
  z
    .object({
      kind: z.literal('categorical'),
      n: z.number(),
      w: z.number(),
      w2: z.number(),
      missing: z.number(),
      counts: z.record(z.string(), z.number()),
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
    histogram: z.object({ lo: z.number(), hi: z.number(), bins: z.number().int().min(1) }).strict(),
    decision: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('threshold'), threshold: z.number() }).strict(),
      z.object({ kind: z.literal('prediction'), column: z.string() }).strict(),
      z.object({ kind: z.literal('none') }).strict(),
    ]),
    rows: z
      .object({
        read: z.number(),
        used: z.number(),
        dropped: z.array(z.object({ reason: z.string(), rows: z.number() }).strict()),
        unlabeled: z.number(),
        missingGroup: z.record(z.string(), z.number()),
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
              bytes: z.number().optional(),
              sha256: z.string(),
              rows: z.number(),
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

/**
 * Parses and validates a stats file's text.
 * @throws {InputError} when it is not JSON, not a fairprobe stats file, or malformed.
 */
export function parseStats(text: string, file?: string): StatsSet {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError('bad_stats_file', `The stats file is not valid JSON: ${(e as Error).message}`, {
      file,
      hint: 'Write stats files with `fairprobe stats DATA --out FILE.stats.json`.',
    });
  }
  const schema = (json as { schema?: unknown } | null)?.schema;
  if (schema !== STATS_SCHEMA) {
    throw new InputError(
      'bad_stats_file',
      `This is not a fairprobe stats file (schema "${String(schema)}", expected "${STATS_SCHEMA}").`,
      {
        file,
        hint: 'Write stats files with `fairprobe stats DATA --out FILE.stats.json`.',
      },
    );
  }
  const r = StatsFileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new InputError(
      'bad_stats_file',
      `The stats file is malformed at ${issue.path.join('.') || '(top)'}: ${issue.message}.`,
      {
        file,
        hint: 'Regenerate it with `fairprobe stats`; do not edit stats files by hand.',
      },
    );
  }
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
