/** Helpers for the mitigation tests: read a written file back through DuckDB. */
import { DuckDBInstance } from '@duckdb/node-api';

/** Every row of a CSV or Parquet file as objects (numbers as numbers, text as text). */
export async function readBack(path: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = path.endsWith('.parquet')
      ? await connection.runAndReadAll('SELECT * FROM read_parquet($p)', { p: path })
      : await connection.runAndReadAll("SELECT * FROM read_csv($p, all_varchar = true, nullstr = '')", {
          p: path,
        });
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export type Row = Record<string, string | number | null>;
