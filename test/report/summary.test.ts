/** The terminal summaries from the library, with their default table renderer. */
import { describe, expect, it } from 'vitest';
import { audit, drift, formatDriftTable, formatSummary } from '../../src/index.js';

const rows = Array.from({ length: 400 }, (_, i) => ({
  s: (i % 20) / 20,
  y: i % 2,
  g: i % 3 ? 'a' : 'b',
  m: i < 200 ? '2026-01' : '2026-02',
}));

describe('library summaries', () => {
  it('formatSummary and formatDriftTable need no table renderer of the caller', async () => {
    const roles = { score: 's', label: 'y', groups: [{ column: 'g' }] };
    const r = await audit({ rows }, { roles, replicates: 0 });
    const text = formatSummary(r);
    expect(text).toMatch(/^fairprobe audit — /);
    expect(text).toMatch(/group +n +selection rate \[95% CI\]/);
    expect(text).toContain('─────');
    const d = await drift({
      baseline: { rows: rows.filter((x) => x.m === '2026-01') },
      current: { rows: rows.filter((x) => x.m === '2026-02') },
      roles,
    });
    expect(formatDriftTable(d)).toMatch(/^fairprobe drift /);
  });
});
