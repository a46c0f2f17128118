import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeProspects } from '../../src/synth/index.js';

const committed = join(import.meta.dirname, '..', '..', 'datasets');

describe('the committed datasets', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fairprobe-datasets-'));
    await writeProspects(dir, {});
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const file of ['prospects.csv', 'prospects.parquet']) {
    it(`datasets/${file} is byte-identical to what the generator writes (rebuild: npm run datasets)`, async () => {
      const [expected, actual] = await Promise.all([
        readFile(join(dir, file)),
        readFile(join(committed, file)),
      ]);
      expect(actual.length).toBe(expected.length);
      expect(actual.equals(expected)).toBe(true);
    });
  }
});
