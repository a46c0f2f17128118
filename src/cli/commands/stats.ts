import { readFileSync } from 'node:fs';
import { collectStats } from '../../audit/index.js';
import { InputError } from '../../errors.js';
import { serializeStats } from '../../stats/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { withProgressBar } from '../progress.js';
import type { Io } from '../run.js';
import { type AuditFlags, aggregationOptionsFrom, auditOptionsFrom } from './audit.js';

/** `fairprobe stats DATA --out part.stats.json`: one pass, aggregates only, saved for later audits. */
export async function statsCommand(data: string, flags: AuditFlags, io: Io): Promise<number> {
  if (flags.query) return queryResultToStats(data, flags, io);
  const o = auditOptionsFrom(flags);
  const stats = await collectStats(data, {
    ...aggregationOptionsFrom(o),
    read: withProgressBar(o.read, io, flags.out !== undefined),
    roles: { ...o.roles, groups: o.roles.groups ?? [] },
    threshold: o.threshold,
    selectTop: o.selectTop,
    scoreScale: o.scoreScale,
  });
  const text = serializeStats(stats);
  if (flags.out) {
    writeFileAtomic(flags.out, text);
    io.err(
      `wrote ${flags.out} (${stats.rows.read} rows summarised as the overall total and ${stats.groups.length - 1} groups; no row-level data)`,
    );
  } else {
    io.out(text);
  }
  return 0;
}

/** `fairprobe stats RESULT.csv --query audit.sql --out part.stats.json`: a query result as a stats file. */
async function queryResultToStats(result: string, flags: AuditFlags, io: Io): Promise<number> {
  const { parseQuerySpec, statsFromQueryResult } = await import('../../sql/index.js');
  const query = flags.query!;
  let sql: string;
  try {
    sql = readFileSync(query, 'utf8');
  } catch {
    throw new InputError('file_not_found', `Cannot find the query file "${query}".`, { file: query });
  }
  const o = auditOptionsFrom({ ...flags, group: flags.group ?? 'x' });
  const stats = await statsFromQueryResult(result, parseQuerySpec(sql, query), aggregationOptionsFrom(o));
  const text = serializeStats(stats);
  if (flags.out) {
    writeFileAtomic(flags.out, text);
    io.err(
      `wrote ${flags.out} (${stats.rows.read} rows summarised as the overall total and ${stats.groups.length - 1} groups)`,
    );
  } else {
    io.out(text);
  }
  return 0;
}
