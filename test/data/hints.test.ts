import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'fairprobe-hints-'));
const csv = join(dir, 'leads.csv');
writeFileSync(
  csv,
  [
    'id,score,y,gender',
    ...Array.from({ length: 40 }, (_, i) => `L${i},${(i % 10) / 10},${i % 2},${i % 3 ? 'f' : 'm'}`),
  ].join('\n'),
);

describe('errors that point at the real mistake', () => {
  it('a wrong --delimiter: one column found, and the delimiter it looks like', async () => {
    await expect(
      audit(csv, {
        roles: { score: 'score', label: 'y', groups: [{ column: 'gender' }] },
        read: { delimiter: ';' },
      }),
    ).rejects.toMatchObject({
      code: 'missing_column',
      message: expect.stringContaining('only one column was found'),
      hint: expect.stringContaining('--delimiter ","'),
    });
  });

  it('a text column given as the weight: the wrong column, not stray values to mark missing', async () => {
    await expect(
      audit(csv, { roles: { score: 'score', label: 'y', weight: 'gender', groups: [{ column: 'gender' }] } }),
    ).rejects.toMatchObject({
      code: 'not_numeric',
      hint: expect.stringContaining('does not look like a weight column'),
    });
  });

  it('an identifier as a group: no advice to bin text, and no identifier values in the message', async () => {
    const e = (await audit(csv, {
      roles: { score: 'score', label: 'y', groups: [{ column: 'id' }] },
      maxGroups: 10,
    }).catch((x: unknown) => x)) as { code: string; hint: string; message: string };
    expect(e.code).toBe('too_many_groups');
    expect(e.hint).not.toContain('id:18');
    expect(`${e.message} ${e.hint}`).not.toContain('L1');
  });
});
