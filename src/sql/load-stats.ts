import { existsSync } from 'node:fs';
import { InputError, UsageError } from '../errors.js';
import { isStatsFile as looksLikeStatsFile, readStatsFile, type StatsSet } from '../stats/index.js';
import type { AggregationSpec } from './aggregation-spec.js';
import { type QueryResultOptions, statsFromQueryResult } from './query-result.js';

/**
 * Whether a file is a stats file (`fairprobe stats` output: named `*.stats.json`, or a JSON object
 * with a `fairprobe.stats/…` schema) rather than a query result.
 * @throws {InputError} when the file does not exist.
 */
export function isStatsFile(file: string): boolean {
  if (!existsSync(file)) {
    throw new InputError('file_not_found', `Cannot find the stats file "${file}".`, {
      file,
      hint: 'Check the path (it is relative to the current folder).',
    });
  }
  return looksLikeStatsFile(file);
}

/** How to read stats inputs: the spec of the query whose results are among them, and the import options. */
export interface LoadStatsOptions extends QueryResultOptions {
  /** The settings of the aggregation query (from its header, or the same flags); needed for query results. */
  readonly spec?: AggregationSpec | undefined;
}

/**
 * Reads the statistics of several partitions: stats files written by `fairprobe stats` and results
 * of the query `fairprobe sql` wrote (CSV, Parquet, JSON), in any mix. Merge them with
 * `mergeStats`, or give them all to `auditFromStats`.
 * @throws {UsageError} a query result without a spec. {@link InputError} unreadable or malformed files.
 * @example
 * auditFromStats(await loadStatsFiles(['day1.csv', 'day2.csv'], { spec })) // => one audit of both days
 */
export async function loadStatsFiles(
  files: readonly string[],
  options: LoadStatsOptions = {},
): Promise<StatsSet[]> {
  const { spec, ...rest } = options;
  const out: StatsSet[] = [];
  for (const file of files) {
    if (isStatsFile(file)) {
      out.push(readStatsFile(file));
      continue;
    }
    if (!spec) {
      throw new UsageError(
        'query_spec_needed',
        `"${file}" is not a stats file, so it is read as the result of an aggregation query, whose settings are needed.`,
        {
          file,
          hint: 'Pass --query QUERY.sql (the file `fairprobe sql` wrote), or the same --score/--label/--group/--threshold flags the query was written with.',
        },
      );
    }
    out.push(await statsFromQueryResult(file, spec, rest));
  }
  return out;
}
