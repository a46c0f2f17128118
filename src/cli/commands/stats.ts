import { readFileSync } from 'node:fs';
import { collectStats, SUPPRESS_BELOW, suppressStats } from '../../audit/index.js';
import { InputError } from '../../errors.js';
import { type StatsSet, serializeStats } from '../../stats/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { withReadSpinner } from '../progress.js';
import type { Io } from '../run.js';
import { type AuditFlags, aggregationOptionsFrom, auditOptionsFrom } from './audit.js';

/** `fairprobe stats DATA --out part.stats.json`: one pass, aggregates only, saved for later audits. */
export async function statsCommand(data: string, flags: AuditFlags, io: Io): Promise<number> {
  if (flags.query) return queryResultToStats(data, flags, io);
  const o = auditOptionsFrom(flags);
  const stats = await collectStats(data, {
    ...aggregationOptionsFrom(o),
    read: withReadSpinner(o.read, io, flags.out !== undefined),
    roles: { ...o.roles, groups: o.roles.groups ?? [] },
    threshold: o.threshold,
    selectTop: o.selectTop,
    scoreScale: o.scoreScale,
    suppressBelow: o.suppressBelow,
  });
  writeStats(stats, flags, io, o.suppressBelow);
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
  writeStats(
    o.suppressBelow === undefined ? stats : suppressStats(stats, o.suppressBelow),
    flags,
    io,
    o.suppressBelow,
  );
  return 0;
}

function writeStats(stats: StatsSet, flags: AuditFlags, io: Io, suppressBelow: number | undefined): void {
  const text = serializeStats(stats);
  if (flags.out) {
    writeFileAtomic(flags.out, text);
    const left = stats.suppressed?.groups ?? [];
    const complementary = left.filter((k) => k.reason === 'complementary').length;
    const leftOut =
      stats.suppressed === undefined
        ? ''
        : `; ${left.length - complementary} group(s) under ${stats.suppressed.below} rows left out` +
          (complementary > 0
            ? `, and ${complementary} more so that they cannot be worked out by subtraction`
            : '');
    io.err(
      `wrote ${flags.out} (${stats.rows.read} rows summarised as the overall total and ${stats.groups.length - 1} groups${leftOut})`,
    );
  } else {
    io.out(text);
  }
  const warning = smallGroupsWarning(
    stats,
    suppressBelow === undefined
      ? `or re-run with --suppress-below ${SUPPRESS_BELOW} to leave them out (audits then report them as suppressed)`
      : `or re-run with --suppress-below ${SUPPRESS_BELOW} (not ${suppressBelow}) to leave them out`,
    flags.out,
  );
  if (warning) io.err(warning);
}

/**
 * The warning a command prints when it writes a stats file holding groups of fewer rows than audits
 * show (SUPPRESS_BELOW): such a file is aggregates, but can reveal individual rows. `remedy`
 * completes "Keep the file as securely as the data, …".
 */
export function smallGroupsWarning(
  stats: StatsSet,
  remedy: string,
  file = 'the stats file',
): string | undefined {
  const rows = (g: StatsSet['groups'][number]) => Object.values(g.cells).reduce((a, m) => a + m.n, 0);
  const groups = stats.groups.slice(1);
  const small = groups.filter((g) => rows(g) < SUPPRESS_BELOW);
  const total = rows(stats.groups[0]!);
  const tiny = total < SUPPRESS_BELOW;
  if (small.length === 0 && !tiny) return undefined;
  const what =
    small.length > 0
      ? `${small.length} of the ${groups.length} groups in ${file} hold fewer than ${SUPPRESS_BELOW} rows (the smallest: ${Math.min(...small.map(rows))})` +
        (tiny ? `, and the whole of it only ${total}` : '')
      : `${file} summarises only ${total} rows`;
  return (
    `warning: ${what}, the size under which audits suppress a group: numbers that small can reveal ` +
    `individual rows (a person's score bin, decision and outcome). Keep the file as securely as the data` +
    (small.length > 0 ? `, ${remedy}.` : '.')
  );
}
