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

  it('a numeric column as a group: example bin edges that fit its values (fractions for a score)', async () => {
    const p = join(dir, 'scores.csv');
    // 300 rows, 100 distinct scores in [0, 1): too many groups, not an identifier.
    const lines = Array.from({ length: 300 }, (_, i) => `${((i % 100) / 100).toFixed(2)},${i % 2}`);
    writeFileSync(p, ['s,y', ...lines].join('\n'));
    const e = (await audit(p, { roles: { label: 'y', groups: [{ column: 's' }] } }).catch(
      (x: unknown) => x,
    )) as {
      code: string;
      hint: string;
    };
    expect(e.code).toBe('too_many_groups');
    expect(e.hint).toContain('--group s:0.2,0.4,0.6,0.8)');
  });

  it('scores from 0 to 100: read as percentages, with the options that audit them as they are', async () => {
    const p = join(dir, 'percent.csv');
    const lines = Array.from(
      { length: 40 },
      (_, i) => `${(i * 2.5).toFixed(1)},${i % 2},${i % 3 ? 'f' : 'm'}`,
    );
    writeFileSync(p, ['score,y,g', ...lines].join('\n'));
    const roles = { score: 'score', label: 'y', groups: [{ column: 'g' }] };
    await expect(audit(p, { roles })).rejects.toMatchObject({
      code: 'invalid_score',
      hint: 'The scores run from 0 to 97.5: they look like percentages. Divide them by 100, or audit them on their scale with --raw-scores --threshold 50.',
    });
    // Those options work: the same decisions as the scores divided by 100 at 0.5.
    const raw = await audit(p, {
      roles,
      scoreScale: 'raw',
      threshold: 50,
      replicates: 0,
    });
    expect(raw.overall.metrics.selection_rate!.value).toBeCloseTo(20 / 40, 12);
  });

  it('library misuse gets a usage error, not a TypeError: wrong input shapes, numbers as strings, no groups', async () => {
    const roles = { score: 's', label: 'y', groups: [{ column: 'g' }] };
    for (const [input, what] of [
      [42, 'got number'],
      [null, 'got null'],
      [{ data: [] }, 'got an object with the keys data'],
      [{ rows: 'abc' }, 'got rows that are not an array (string)'],
    ] as const) {
      await expect(audit(input as never, { roles })).rejects.toMatchObject({
        code: 'bad_input',
        message: expect.stringContaining(what),
      });
    }
    await expect(
      audit(
        {
          rows: [
            { s: '0.634', y: 1, g: 'a' },
            { s: '0.2', y: 0, g: 'b' },
          ],
        },
        { roles },
      ),
    ).rejects.toMatchObject({
      code: 'not_numeric',
      message: 'The score column "s" holds numbers written as text, not numbers.',
      rows: [
        { row: 1, value: '0.634' },
        { row: 2, value: '0.2' },
      ],
    });
    await expect(
      audit({ rows: [{ s: 0.5, y: 1, g: 'a' }] }, { roles: { score: 's', label: 'y' } as never }),
    ).rejects.toMatchObject({ code: 'no_groups' });
  });

  it('rows without a label (NaN or missing) are counted in a warning, not only in the row account', async () => {
    const data = Array.from({ length: 40 }, (_, i) => ({
      s: (i % 10) / 10,
      y: i < 30 ? i % 2 : Number.NaN,
      g: i % 2 ? 'a' : 'b',
    }));
    const r = await audit(
      { rows: data },
      { roles: { score: 's', label: 'y', groups: [{ column: 'g' }] }, replicates: 0 },
    );
    expect(r.rows.unlabeled).toBe(10);
    expect(r.warnings).toContainEqual({
      code: 'unlabeled_rows',
      message:
        '10 of 40 rows have no label (empty, NaN or a missing value in "y"): they count for selection rates, not for error rates.',
    });
  });

  it('selectTop takes a number from programs, as the CLI takes "500"', async () => {
    const roles = { score: 'score', label: 'y', groups: [{ column: 'gender' }] };
    const a = await audit(csv, { roles, selectTop: 10, replicates: 0 });
    const b = await audit(csv, { roles, selectTop: '10', replicates: 0 });
    expect(a.decision).toEqual(b.decision);
    expect(a.decision.selected).toBeGreaterThanOrEqual(10);
    await expect(audit(csv, { roles, selectTop: -3, replicates: 0 })).rejects.toMatchObject({
      code: 'bad_option',
      message: expect.stringContaining('a count like 500 or a share like 20%'),
    });
  });
});
