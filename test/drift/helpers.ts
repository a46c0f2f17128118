import { DuckDBInstance } from '@duckdb/node-api';

/** Rows of datasets/prospects.csv matching a SQL condition, as column arrays (numbers as numbers). */
export async function duckdbColumns(where: string): Promise<Record<string, unknown[]>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT * EXCLUDE (lead_id, signup_date) FROM read_csv('datasets/prospects.csv') WHERE ${where} ORDER BY lead_id`,
    );
    const names = reader.columnNames();
    const data = reader.getColumnsJS();
    return Object.fromEntries(
      names.map((c, i) => [c, data[i]!.map((v) => (typeof v === 'bigint' ? Number(v) : v))]),
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
