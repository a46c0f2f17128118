import { DuckDBInstance } from '@duckdb/node-api';
import { atomicWrite } from '../util/atomic-write.js';
import { PROSPECT_COLUMNS, PROSPECT_DUCKDB_TYPES } from './schema.js';

const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/**
 * Converts a prospects CSV (as written by {@link writeProspectsCsv}) to Parquet with DuckDB, reading
 * with explicit column types (no auto-detection) and one thread, so the same CSV always gives a
 * byte-identical Parquet file for a given DuckDB version. The Parquet file is written atomically.
 *
 * @example
 * await writeProspectsParquet('datasets/prospects.csv', 'datasets/prospects.parquet');
 */
export async function writeProspectsParquet(csvPath: string, parquetPath: string): Promise<void> {
  const columns = PROSPECT_COLUMNS.map((c) => `${sqlString(c)}: ${sqlString(PROSPECT_DUCKDB_TYPES[c])}`).join(
    ', ',
  );
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const connection = await instance.connect();
    try {
      await connection.run('SET threads = 1');
      await atomicWrite(parquetPath, async (tempPath) => {
        await connection.run(
          `COPY (SELECT * FROM read_csv(${sqlString(csvPath)}, header = true, delim = ',', quote = '"', ` +
            `auto_detect = false, dateformat = '%Y-%m-%d', columns = {${columns}})) ` +
            `TO ${sqlString(tempPath)} (FORMAT parquet, COMPRESSION zstd)`,
        );
      });
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
