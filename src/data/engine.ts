import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/** Settings of the embedded DuckDB engine. */
export interface EngineOptions {
  /** DuckDB memory limit, e.g. `'500MB'`; past it DuckDB spills to `tempDirectory`. */
  readonly memoryLimit?: string | undefined;
  /** Where DuckDB spills when over the memory limit. */
  readonly tempDirectory?: string | undefined;
  /** Worker threads (default: DuckDB's choice, the number of cores). */
  readonly threads?: number | undefined;
}

/** An open DuckDB database (in memory) and one connection to it. */
export interface Engine {
  readonly connection: DuckDBConnection;
  close(): void;
}

/** Opens an in-memory DuckDB with the given limits. Close it when done. */
export async function openEngine(options: EngineOptions = {}): Promise<Engine> {
  const config: Record<string, string> = {};
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  if (options.tempDirectory) config.temp_directory = options.tempDirectory;
  if (options.threads) config.threads = String(options.threads);
  const instance = await DuckDBInstance.create(':memory:', config);
  const connection = await instance.connect();
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
