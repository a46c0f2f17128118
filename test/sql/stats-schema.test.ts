/**
 * The stats file format is versioned (`fairprobe.stats/1`) and published as a JSON Schema generated
 * from the zod schema: the committed file is up to date, and real stats files — from a scan, from a
 * warehouse query result, merged — validate against it with ajv (and broken ones do not).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectStats } from '../../src/audit/index.js';
import {
  mergeStats,
  STATS_JSON_SCHEMA_PATH,
  STATS_SCHEMA,
  type StatsSet,
  serializeStats,
  statsJsonSchemaText,
} from '../../src/stats/index.js';
import { repoRoot } from '../helpers/cli.js';

const schemaText = readFileSync(join(repoRoot, STATS_JSON_SCHEMA_PATH), 'utf8');

describe('schema/stats.schema.json', () => {
  it('is up to date with the zod schema (regenerate: npm run schema)', () => {
    expect(schemaText).toBe(statsJsonSchemaText());
  });

  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(schemaText));
  let byGender: StatsSet;
  let fromParquet: StatsSet;
  beforeAll(async () => {
    const roles = {
      score: 'score',
      label: 'converted',
      groups: [{ column: 'gender' }, { column: 'age_band' }],
    };
    byGender = await collectStats('datasets/prospects.csv', { roles });
    fromParquet = await collectStats('datasets/prospects.parquet', { roles, threshold: 0.5 });
  });

  it('accepts real stats files: one scan, two partitions merged, and groups left out for privacy', async () => {
    const roles = {
      score: 'score',
      label: 'converted',
      groups: [{ column: 'gender' }, { column: 'age_band' }],
    };
    const suppressed = await collectStats('datasets/prospects.csv', { roles, suppressBelow: 100 });
    expect(suppressed.suppressed?.groups.length).toBeGreaterThan(0);
    for (const stats of [byGender, mergeStats(byGender, fromParquet), suppressed]) {
      const file = JSON.parse(serializeStats(stats));
      expect(file.schema).toBe(STATS_SCHEMA);
      expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('rejects another version, a missing field and row-level extras', () => {
    const file = JSON.parse(serializeStats(byGender));
    expect(validate({ ...file, schema: 'fairprobe.stats/2' })).toBe(false);
    const { rows: _rows, ...noRows } = file;
    expect(validate(noRows)).toBe(false);
    expect(validate({ ...file, leads: [{ id: 'L1' }] })).toBe(false);
  });
});
