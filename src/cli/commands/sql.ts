import { parseGroupSpecs } from '../../data/index.js';
import { UsageError } from '../../errors.js';
import {
  type AggregationSpec,
  aggregationSpec,
  aggregationSql,
  DIALECTS,
  type SqlDialect,
} from '../../sql/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { num, type RoleFlags } from '../flags.js';
import type { Io } from '../run.js';

/** The flags that shape an aggregation query (shared by `sql` and `audit --stats`). */
export interface SpecFlags extends RoleFlags {
  threshold?: string;
  rawScores?: boolean;
  scoreRange?: string;
}

export interface SqlFlags extends SpecFlags {
  dialect?: string;
  table?: string;
  selectTop?: string;
  out?: string;
}

/** Maps the flags to a validated {@link AggregationSpec}. */
export function specFromFlags(f: SpecFlags): AggregationSpec {
  if (!f.group) {
    throw new UsageError('no_groups', 'Name at least one sensitive attribute with --group.', {
      hint: 'For example --group gender,age_band or --group gender,age:25,35,45,55.',
    });
  }
  const threshold = num('threshold', f.threshold);
  let scoreRange: [number, number] | undefined;
  if (f.scoreRange !== undefined) {
    const parts = f.scoreRange.split(',').map((s) => Number(s.trim()));
    if (parts.length !== 2 || !parts.every(Number.isFinite)) {
      throw new UsageError('bad_option', `--score-range must be two numbers LO,HI, not "${f.scoreRange}".`);
    }
    scoreRange = [parts[0]!, parts[1]!];
  }
  return aggregationSpec({
    roles: {
      score: f.score,
      label: f.label,
      prediction: f.prediction,
      weight: f.weight,
      groups: parseGroupSpecs(f.group),
    },
    threshold,
    scoreScale: f.rawScores ? 'raw' : 'probability',
    scoreRange,
  });
}

/** `fairprobe sql --dialect D --table T ...`: prints (or writes) the aggregation query. */
export async function sqlCommand(flags: SqlFlags, io: Io): Promise<number> {
  const dialects = Object.keys(DIALECTS);
  if (!flags.dialect || !dialects.includes(flags.dialect)) {
    throw new UsageError(
      'bad_dialect',
      flags.dialect ? `Unknown --dialect "${flags.dialect}".` : 'Name the engine with --dialect.',
      { hint: `Use one of ${dialects.join(', ')}.` },
    );
  }
  if (!flags.table || flags.table.trim() === '') {
    throw new UsageError('no_table', 'Name the table or view holding the scored rows with --table.', {
      hint: 'For example --table crm.scored_leads (dots separate schema/dataset and table).',
    });
  }
  if (flags.selectTop !== undefined) {
    throw new UsageError(
      'select_top_in_sql',
      '--select-top needs the whole ranking, which one aggregation query cannot see.',
      {
        hint: 'Find the score of the k-th lead first (SELECT score ... ORDER BY score DESC LIMIT 1 OFFSET k-1) and pass it as --threshold.',
      },
    );
  }
  const text = aggregationSql(specFromFlags(flags), {
    dialect: flags.dialect as SqlDialect,
    table: flags.table,
  });
  if (flags.out) {
    writeFileAtomic(flags.out, text);
    io.err(
      `wrote ${flags.out}; run it, save its result as CSV, Parquet or JSON, then: fairprobe audit --stats RESULT --query ${flags.out}`,
    );
  } else {
    io.out(text);
  }
  return 0;
}
