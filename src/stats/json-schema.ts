import { z } from 'zod';
import { StatsFileSchema } from './serialize.js';
import { STATS_SCHEMA } from './types.js';

/** Where the published JSON Schema of stats files lives in the package. */
export const STATS_JSON_SCHEMA_PATH = 'schema/stats.schema.json';

/**
 * The JSON Schema (draft 2020-12) of a stats file, generated from the zod {@link StatsFileSchema}
 * (`npm run schema` writes it to schema/stats.schema.json).
 * @example
 * statsJsonSchema().title // => 'fairprobe stats file (fairprobe.stats/1)'
 */
export function statsJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://fairprobe.dev/schema/stats.schema.json',
    ...(z.toJSONSchema(StatsFileSchema, { target: 'draft-2020-12' }) as Record<string, unknown>),
    title: `fairprobe stats file (${STATS_SCHEMA})`,
    description:
      'Sufficient statistics of a dataset per group key (weighted confusion cells, sparse score histograms by label), as written by `fairprobe stats`; mergeable across partitions. Aggregates only.',
  };
}

/** The schema file's text: pretty JSON with a final newline. */
export function statsJsonSchemaText(): string {
  return `${JSON.stringify(statsJsonSchema(), null, 2)}\n`;
}
