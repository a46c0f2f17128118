import { describe, expect, it } from 'vitest';
import { audit, renderHtml } from '../../src/index.js';

describe('the report of a label-only audit (no score, no decision)', () => {
  it('summarises base rates against the reference instead of empty selection columns', async () => {
    // a: 60 rows, 12 positives (0.2); b: 40 rows, 20 positives (0.5) → ratio b/a = 2.5.
    const rows = [
      ...Array.from({ length: 60 }, (_, i) => ({ g: 'a', y: i < 12 ? 'yes' : 'no' })),
      ...Array.from({ length: 40 }, (_, i) => ({ g: 'b', y: i < 20 ? 'yes' : 'no' })),
    ];
    const r = await audit({ rows }, { roles: { label: 'y', groups: [{ column: 'g' }] }, replicates: 50 });
    const html = renderHtml(r);
    expect(html).toContain('Base rates per attribute');
    expect(html).toContain('label-only audit');
    expect(html).toMatch(/b: 2\.50 \[/);
    expect(html).not.toContain('Lowest selection-rate ratio');
  });
});
