import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { writeProspects, writeProspectsCsv } from '../../synth/index.js';
import type { Io } from '../run.js';

/** `fairprobe synth`: write the seeded synthetic prospect dataset. */
export async function synthCommand(
  flags: { out: string; rows: string; seed: string; csvOnly?: boolean },
  io: Io,
): Promise<number> {
  const rows = Number(flags.rows);
  const seed = Number(flags.seed);
  if (!Number.isInteger(rows) || rows < 1)
    throw new UsageError('bad_rows', `--rows must be a whole number ≥ 1, not "${flags.rows}".`);
  if (!Number.isInteger(seed))
    throw new UsageError('bad_seed', `--seed must be a whole number, not "${flags.seed}".`);
  if (flags.csvOnly) {
    const path = join(flags.out, 'prospects.csv');
    await writeProspectsCsv(path, { rows, seed });
    io.out(`wrote ${path}`);
    return 0;
  }
  const files = await writeProspects(flags.out, { rows, seed });
  io.out(`wrote ${files.csv}\nwrote ${files.parquet}`);
  return 0;
}
