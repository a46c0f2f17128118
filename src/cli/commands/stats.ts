import { collectStats } from '../../audit/index.js';
import { serializeStats } from '../../stats/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import type { Io } from '../run.js';
import { type AuditFlags, auditOptionsFrom } from './audit.js';

/** `fairprobe stats DATA --out part.stats.json`: one pass, aggregates only, saved for later audits. */
export async function statsCommand(data: string, flags: AuditFlags, io: Io): Promise<number> {
  const { roles, read, label, prediction, threshold, selectTop, scoreScale, intersections, missing, maxGroups } =
    auditOptionsFrom(flags);
  const stats = await collectStats(data, {
    roles,
    read,
    label,
    prediction,
    threshold,
    selectTop,
    scoreScale,
    intersections,
    missing,
    maxGroups,
  });
  const text = serializeStats(stats);
  if (flags.out) {
    writeFileAtomic(flags.out, text);
    io.err(`wrote ${flags.out} (${stats.rows.read} rows summarised in ${stats.groups.length} groups; no row-level data)`);
  } else {
    io.out(text);
  }
  return 0;
}
