/**
 * `fairprobe synth`: writes the seeded dataset into the folder named, creating it, with or without
 * the Parquet copy. Spawns the built CLI.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/data.js';

const { dir, cleanup } = tempDir('fairprobe-cli-synth-');
beforeAll(ensureBuilt);
afterAll(cleanup);

describe('fairprobe synth', () => {
  it('--csv-only into a folder that does not exist yet: creates it, writes the CSV alone', () => {
    const out = join(dir, 'new', 'big');
    const r = runCli(['synth', '--out', out, '--rows', '500', '--csv-only']);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['prospects.csv']);
    const lines = readFileSync(join(out, 'prospects.csv'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(501);
    expect(lines[0]).toMatch(/^lead_id,/);
  });

  it('the same seed gives the same bytes; CSV and Parquet by default', () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    for (const out of [a, b]) expect(runCli(['synth', '--out', out, '--rows', '300']).status).toBe(0);
    expect(existsSync(join(a, 'prospects.parquet'))).toBe(true);
    expect(readFileSync(join(a, 'prospects.csv')).equals(readFileSync(join(b, 'prospects.csv')))).toBe(true);
  });
});
