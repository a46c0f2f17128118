/** What an audit of merged stats says it was computed from. */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditFromStats, collectStats } from '../../src/index.js';
import { tempDir } from '../helpers/data.js';

const { dir, cleanup } = tempDir('fairprobe-merged-source-');
afterAll(cleanup);
const roles = { score: 's', label: 'y', groups: [{ column: 'g' }] };
const rows = (from: number) =>
  Array.from({ length: 60 }, (_, i) => ({ s: ((from + i) % 10) / 10, y: i % 2, g: i % 3 ? 'a' : 'b' }));

describe('the source of merged parts', () => {
  it('in-memory parts stay in memory; files are files, with their total size', async () => {
    const a = await collectStats({ rows: rows(0) }, { roles });
    const b = await collectStats({ rows: rows(3) }, { roles });
    const m = auditFromStats([a, b], { replicates: 0 }).input.source;
    expect(m).toMatchObject({ kind: 'memory', format: 'rows', gzip: false });
    expect(m.name).toBe(`${a.provenance.sources[0]!.name} + ${b.provenance.sources[0]!.name}`);
    const files = [0, 3].map((from, i) => {
      const p = join(dir, `part${i}.csv`);
      writeFileSync(p, ['s,y,g', ...rows(from).map((r) => `${r.s},${r.y},${r.g}`)].join('\n'));
      return p;
    });
    const parts = await Promise.all(files.map((f) => collectStats(f, { roles })));
    const f = auditFromStats(parts, { replicates: 0 }).input.source;
    expect(f).toMatchObject({ kind: 'file', format: 'csv', gzip: false });
    expect(f.bytes).toBe(files.reduce((t, p) => t + statSync(p).size, 0));
  });
});
