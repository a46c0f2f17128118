import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProspectOptions } from './schema.js';
import { writeProspectsCsv } from './write-prospects-csv.js';
import { writeProspectsParquet } from './write-prospects-parquet.js';

/** Paths of the files written by {@link writeProspects}. */
export interface ProspectFiles {
  readonly csv: string;
  readonly parquet: string;
}

/**
 * Writes the synthetic prospects to `dir` as `prospects.csv` and `prospects.parquet` (the Parquet
 * converted from the CSV by DuckDB with explicit types). Creates `dir` if needed; each file is written
 * atomically. This is what `npm run datasets` runs to rebuild `datasets/`.
 *
 * @example
 * const files = await writeProspects('datasets', {});
 * files.parquet; // => 'datasets/prospects.parquet'
 */
export async function writeProspects(dir: string, options: ProspectOptions = {}): Promise<ProspectFiles> {
  await mkdir(dir, { recursive: true });
  const files = { csv: join(dir, 'prospects.csv'), parquet: join(dir, 'prospects.parquet') };
  await writeProspectsCsv(files.csv, options);
  await writeProspectsParquet(files.csv, files.parquet);
  return files;
}
