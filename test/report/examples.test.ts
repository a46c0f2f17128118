import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildExampleReports, ROOT } from '../../scripts/build-reports.js';
import { tempDir } from '../helpers/data.js';

const tmp = tempDir('fairprobe-examples-');
afterAll(() => tmp.cleanup());

describe('reports/', () => {
  it('holds the example reports exactly as `npm run reports` rebuilds them', async () => {
    const files = await buildExampleReports(tmp.dir);
    expect(files.length).toBeGreaterThan(10);
    const stale = files.filter((f) => {
      try {
        return readFileSync(join(ROOT, 'reports', f), 'utf8') !== readFileSync(join(tmp.dir, f), 'utf8');
      } catch {
        return true;
      }
    });
    expect(stale, 'run `npm run reports` and commit reports/').toEqual([]);
  }, 120_000);
});
