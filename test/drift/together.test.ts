/**
 * Two data files of about the same size are read at the same time (one engine thread each on two
 * cores): the result must be exactly the one of reading them in turn, also when the current file
 * reads differently on its own (a feature column that is text there), and when reading it fails.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanProgress } from '../../src/data/index.js';
import { collectDriftStats, type DriftOptions, drift } from '../../src/index.js';
import { writeProspectsCsv } from '../../src/synth/index.js';
import { tempDir } from '../helpers/data.js';

const ROWS = 400_000;
const { dir, cleanup } = tempDir('fairprobe-together-');
const a = join(dir, 'a.csv');
const b = join(dir, 'b.csv');
const options = {
  roles: {
    score: 'score',
    label: 'converted',
    groups: [{ column: 'gender' }, { column: 'region' }, { column: 'age_band' }],
  },
  features: ['email_opens', 'web_visits', 'industry'],
  replicates: 50,
  createdAt: '2026-01-01T00:00:00Z',
} satisfies Partial<DriftOptions>;
/** Reading in turn: an explicit thread count leaves the engines to the caller. */
const inTurn = { read: { engine: { threads: 2 } } };

beforeAll(async () => {
  await writeProspectsCsv(a, { rows: ROWS, seed: 1 });
  await writeProspectsCsv(b, { rows: ROWS, seed: 2 });
}, 120_000);
afterAll(cleanup);

describe.skipIf(availableParallelism() < 2)('drift reads two files of the same size at once', () => {
  it('with the same result as reading them in turn', async () => {
    const reports: ScanProgress[] = [];
    const together = await drift({
      ...options,
      baseline: a,
      current: b,
      read: { onProgress: (p) => reports.push(p) },
    });
    // Both passes ran at once: the current file reported before the baseline's pass ended.
    const firstOfB = reports.findIndex((r) => r.source === b);
    const endOfA = reports.findIndex((r) => r.source === a && r.end);
    expect(firstOfB).toBeGreaterThanOrEqual(0);
    expect(endOfA).toBeGreaterThan(firstOfB);
    const turn = await drift({ ...options, baseline: a, current: b, ...inTurn });
    expect(together).toEqual(turn);
  }, 120_000);

  it('reads the current file again, after the baseline, when it reads differently on its own', async () => {
    // The same rows, but "web_visits" holds text in one row of the current file: alone it reads
    // as a categorical column; with the baseline's options, as a number with one missing value.
    const rows = ['lead_id,score,converted,gender,region,age_band,email_opens,web_visits,industry'];
    const make = (text: boolean) =>
      rows
        .concat(
          Array.from({ length: 3000 }, (_, i) =>
            [
              `L${i}`,
              ((i * 7919) % 1000) / 1000,
              i % 3 === 0 ? 1 : 0,
              ['female', 'male'][i % 2],
              ['north', 'south', 'east'][i % 3],
              ['18-24', '25-34'][i % 2],
              i % 9,
              text && i === 5 ? 'n/a' : i % 13,
              ['retail', 'tech'][i % 2],
            ].join(','),
          ),
        )
        .join('\n');
    const base = join(dir, 'x-base.csv');
    const cur = join(dir, 'x-cur.csv');
    writeFileSync(base, make(false));
    writeFileSync(cur, make(true));
    const together = await drift({ ...options, baseline: base, current: cur });
    const turn = await drift({ ...options, baseline: base, current: cur, ...inTurn });
    expect(together).toEqual(turn);
    const visits = together.comparisons[0]!.distribution.find(
      (d) => d.column === 'web_visits' && d.attributes.length === 0,
    )!;
    expect(visits.kind).toBe('numeric');
  });

  it('a read can be cancelled: DuckDB stops and the pass rejects as aborted', async () => {
    const stop = new AbortController();
    const reports: ScanProgress[] = [];
    const read = collectDriftStats(a, {
      roles: options.roles,
      features: options.features,
      read: {
        signal: stop.signal,
        onProgress: (p) => {
          reports.push(p);
          stop.abort();
        },
      },
    });
    await expect(read).rejects.toMatchObject({ code: 'aborted', message: `Reading ${a} was cancelled.` });
    expect(reports.length).toBeGreaterThan(0);
    await expect(
      collectDriftStats(a, { roles: options.roles, read: { signal: stop.signal } }),
    ).rejects.toMatchObject({
      code: 'aborted',
    });
  });

  it('a baseline that cannot be read is the error, not the stopped current pass', async () => {
    const bad = join(dir, 'bad-baseline.csv');
    // The same size as the current file, so both are read at once; no "converted" column.
    writeFileSync(bad, readFileSync(b, 'utf8').replace(/^([^\n]*)converted/, '$1outcome'));
    await expect(drift({ ...options, baseline: bad, current: b })).rejects.toMatchObject({
      code: 'missing_column',
      column: 'converted',
    });
  });

  it('reports a failure of the current file as reading in turn does', async () => {
    const base = join(dir, 'y-base.csv');
    const cur = join(dir, 'y-cur.csv');
    const header = 'score,converted,gender,region,age_band,email_opens,web_visits,industry';
    const body = Array.from({ length: 500 }, (_, i) => `${(i % 10) / 10},${i % 2},f,n,a,1,2,t`).join('\n');
    writeFileSync(base, `${header}\n${body}`);
    writeFileSync(cur, `${header.replace('converted', 'outcome')}\n${body}`);
    const error = (o: Partial<DriftOptions>) =>
      drift({ ...options, baseline: base, current: cur, ...o }).then(
        () => undefined,
        (e: Error & { code?: string; column?: string }) => ({ code: e.code, message: e.message }),
      );
    const together = await error({});
    expect(together).toMatchObject({ code: 'missing_column' });
    expect(together).toEqual(await error(inTurn));
  });
});
