import { availableParallelism } from 'node:os';
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
  else {
    // Under a small memory limit every worker's buffers and hash tables compete for it: keep
    // about 64 MB per thread so an aggregation spills instead of running out of memory.
    const bytes = memoryLimitBytes(options.memoryLimit);
    if (bytes !== undefined) {
      config.threads = String(Math.max(1, Math.min(availableParallelism(), Math.floor(bytes / 64e6))));
    }
  }
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

/** A DuckDB memory size such as `500MB`, `2GiB` or `1.5GB` in bytes; undefined if not of that form. */
export function memoryLimitBytes(text: string | undefined): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib|tb|tib)?\s*$/i.exec(text ?? '');
  if (!m) return undefined;
  const scale: Record<string, number> = {
    b: 1,
    kb: 1e3,
    kib: 2 ** 10,
    mb: 1e6,
    mib: 2 ** 20,
    gb: 1e9,
    gib: 2 ** 30,
    tb: 1e12,
    tib: 2 ** 40,
  };
  return Number(m[1]) * scale[(m[2] ?? 'b').toLowerCase()]!;
}
