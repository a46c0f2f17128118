import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type AuditOptions, type AuditResult, audit, auditFromStats } from '../../audit/index.js';
import { rankingFor } from '../../audit/run-audit.js';
import { parseGroupSpecs } from '../../data/index.js';
import { ExitCode, InputError, UsageError } from '../../errors.js';
import { readRule } from '../../mitigation/post/index.js';
import {
  FailOn,
  gateFails,
  judgeAudit,
  loadPolicy,
  outcomeReason,
  type Policy,
  policyLine,
  resolvePolicyForStats,
  type StatsAuditSettings,
} from '../../policy/index.js';
import { rankingOptionsFrom } from '../../ranking/index.js';
import {
  formatMarkdown,
  formatSummary,
  renderHtml,
  writeChartSpecs,
  writeReport,
} from '../../report/index.js';
import type { AggregationSpec } from '../../sql/index.js';
import { isStatsFile, mergeStats } from '../../stats/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import {
  type CommonReadFlags,
  formatForOut,
  type LabelFlags,
  labelRuleFrom,
  num,
  predictionRuleFrom,
  type RoleFlags,
  readOptionsFrom,
} from '../flags.js';
import { withReadSpinner } from '../progress.js';
import type { Io } from '../run.js';
import { table } from '../table.js';
import { explainMetrics } from './metrics.js';

export interface AuditFlags extends CommonReadFlags, RoleFlags, LabelFlags {
  id?: string;
  threshold?: string;
  selectTop?: string;
  rawScores?: boolean;
  reference?: string;
  intersections?: string;
  minGroupSize?: string;
  suppressBelow?: string;
  confidence?: string;
  bootstrap?: string;
  seed?: string;
  correction?: string;
  missing?: string;
  maxGroups?: string;
  format?: string;
  out?: string;
  createdAt?: string;
  explain?: boolean;
  stats?: string[];
  /** The query `fairprobe sql` wrote, whose header describes the --stats query results. */
  query?: string;
  scoreRange?: string;
  policy?: string;
  failOn?: string;
  /** Also write every chart's Vega-Lite spec to this folder as `*.vl.json`. */
  specs?: string;
  /** `--ranking [histogram|exact,log|geometric:P]`. */
  ranking?: string | boolean;
  /** `--at 10,50,1%`: ranking cut-offs. */
  at?: string;
  /** `--rule RULE.json`: a group-thresholds decision rule (`fairprobe mitigate thresholds`). */
  rule?: string;
}

/** Maps CLI flags to library options (the only thing this command adds to the library call). */
export function auditOptionsFrom(f: AuditFlags): AuditOptions {
  if (!f.group && !f.policy) {
    throw new UsageError('no_groups', 'Name at least one sensitive attribute with --group.', {
      hint: 'For example --group gender,age_band (run `fairprobe inspect DATA` to see the columns), or give a --policy that lists attributes.',
    });
  }
  const rule = f.rule ? readRule(f.rule) : undefined;
  if (rule && f.score && f.score !== rule.score) {
    throw new UsageError('rule_score', `The rule applies to the score "${rule.score}", not "${f.score}".`, {
      hint: 'Leave out --score (the rule names its score column).',
    });
  }
  return {
    decisionRule: rule
      ? {
          kind: 'group-thresholds',
          attribute: rule.attribute,
          groups: rule.groups,
          default: rule.default,
          seed: rule.seed,
        }
      : undefined,
    roles: {
      score: f.score ?? rule?.score,
      label: f.label,
      prediction: f.prediction,
      groups: f.group ? parseGroupSpecs(f.group) : [],
      weight: f.weight,
      id: f.id,
    },
    read: readOptionsFrom(f),
    label: labelRuleFrom(f),
    prediction: predictionRuleFrom(f),
    threshold: num('threshold', f.threshold),
    selectTop: f.selectTop,
    scoreScale: f.rawScores ? 'raw' : 'probability',
    reference: f.reference,
    intersections: f.intersections as AuditOptions['intersections'],
    minGroupSize: num('min-group-size', f.minGroupSize),
    suppressBelow: num('suppress-below', f.suppressBelow),
    confidence: num('confidence', f.confidence),
    replicates: num('bootstrap', f.bootstrap),
    seed: num('seed', f.seed),
    correction: f.correction as AuditOptions['correction'],
    missing: f.missing as AuditOptions['missing'],
    maxGroups: num('max-groups', f.maxGroups),
    createdAt: f.createdAt,
    policy: f.policy ? loadPolicy(f.policy) : undefined,
    ranking: rankingOptionsFrom(f.ranking, f.at),
  };
}

/**
 * The options that say how rows become saved aggregates beyond the roles and the decision (label
 * values, missing groups, intersections, reading): shared by `stats` and by query results read with
 * `--stats`.
 */
export function aggregationOptionsFrom(o: AuditOptions) {
  return {
    label: o.label,
    prediction: o.prediction,
    missing: o.missing,
    maxGroups: o.maxGroups,
    intersections: o.intersections,
    read: o.read,
  };
}

/** Renders a result in the requested format. */
export function renderAudit(result: AuditResult, format: string): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(result, null, 2)}\n`;
    case 'md':
      return formatMarkdown(result);
    case 'table':
      return `${formatSummary(result, table)}\n`;
    case 'html':
      return renderHtml(result);
    default:
      throw new UsageError('bad_format', `Unknown --format "${format}".`, {
        hint: 'Use table, json, md or html.',
      });
  }
}

/**
 * Audits saved statistics instead of data: stats files (`fairprobe stats`) and results of the
 * aggregation query (`fairprobe sql`, read with the settings in its header, `--query`, or the
 * same flags), merged.
 */
async function auditStatsFiles(files: readonly string[], flags: AuditFlags): Promise<AuditResult> {
  const { isStatsFile, loadStatsFiles, parseQuerySpec } = await import('../../sql/index.js');
  const shaping = [
    'score',
    'label',
    'group',
    'prediction',
    'weight',
    'threshold',
    'selectTop',
    'rawScores',
    'scoreRange',
  ] as const;
  const given = shaping.filter((k) => flags[k] !== undefined && !(k === 'threshold' && flags[k] === '0.5'));
  const queryResults = files.filter((f) => !isStatsFile(f));
  let spec: AggregationSpec | undefined;
  if (flags.query) {
    if (given.length > 0) {
      throw new UsageError(
        'query_and_flags',
        `--${kebab(given[0]!)} cannot be used with --query: the query's header already fixed it.`,
      );
    }
    spec = parseQuerySpec(readText(flags.query, 'query'), flags.query);
  } else if (queryResults.length > 0 && given.length > 0) {
    if (flags.selectTop) {
      throw new UsageError(
        'select_top_in_sql',
        '--select-top cannot describe an aggregation query; it used a --threshold.',
      );
    }
    const { specFromFlags } = await import('./sql.js');
    spec = specFromFlags(flags);
  } else if (
    given.length > 0 ||
    (queryResults.length === 0 && flags.intersections !== undefined && flags.intersections !== 'pairs')
  ) {
    const flag = given[0] ?? 'intersections';
    throw new UsageError(
      'stats_fixed',
      `--${kebab(flag)} cannot be used with --stats: the stats files already fixed it.`,
      {
        hint: 'Pass those options to `fairprobe stats` when computing the stats.',
      },
    );
  }
  const o = auditOptionsFrom({ ...flags, group: 'x' });
  const parts = await loadStatsFiles(files, { spec, ...aggregationOptionsFrom(o) });
  // A query result's group columns are g0…gk, without names: from flags, their order is taken on
  // trust (the query's header, with --query, names them).
  const unchecked =
    spec && !flags.query
      ? {
          code: 'unchecked_group_names',
          message: `The query result's columns ${spec.roles.groups.map((_, i) => `g${i}`).join(', ')} carry no attribute names: they were read as ${spec.roles.groups.map((g, i) => `g${i} = ${g.column}`).join(', ')}, in the order of --group. Pass --query with the query that made the result to have them checked.`,
        }
      : undefined;
  const warn = (r: AuditResult): AuditResult =>
    unchecked ? { ...r, warnings: [...r.warnings, unchecked] } : r;
  const recorded = {
    createdAt: o.createdAt,
    statsFiles: files.map((path) => ({
      path,
      sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
    })),
  };
  if (!o.policy)
    return warn(auditFromStats(parts, { ...statsAuditSettings(o), ...recorded, ranking: o.ranking }));
  // Merged first, so that parts that differ are reported as such; then the policy is checked
  // against the columns, attributes, decision and intersections the stats were computed with.
  const stats = parts.slice(1).reduce((a, b) => mergeStats(a, b), parts[0]!);
  const resolved = resolvePolicyForStats(o.policy, stats, {
    ...statsAuditSettings(o),
    intersections: o.intersections,
  });
  const result = auditFromStats([stats], {
    ...statsAuditSettings(resolved.settings),
    ...recorded,
    ranking: rankingFor(o.ranking, o.policy),
  });
  return judgeAudit(warn(result), resolved);
}

/** The settings an audit of saved statistics takes (the stats fixed the decision and the groups). */
function statsAuditSettings(s: StatsAuditSettings): Omit<StatsAuditSettings, 'intersections'> {
  return {
    reference: s.reference,
    minGroupSize: s.minGroupSize,
    suppressBelow: s.suppressBelow,
    confidence: s.confidence,
    replicates: s.replicates,
    seed: s.seed,
    correction: s.correction,
  };
}

function kebab(flag: string): string {
  return flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new InputError('file_not_found', `Cannot find the ${what} file "${file}".`, { file });
  }
}

/** `fairprobe audit DATA ...`: one library call, then formatting and an atomic write. */
export async function auditCommand(data: string | undefined, flags: AuditFlags, io: Io): Promise<number> {
  if (flags.format !== undefined && !['table', 'json', 'md', 'html'].includes(flags.format)) {
    renderAudit({} as AuditResult, flags.format);
  }
  // With --out and no --format, the file's extension says what to write (report.html → html).
  const format = formatForOut(flags.out, flags.format, ['table', 'json', 'md', 'html'], 'table');
  if (data !== undefined && flags.stats) {
    throw new UsageError('data_and_stats', 'Give either a data file or --stats files, not both.');
  }
  const failOn = failOnFrom(flags);
  if (flags.scoreRange !== undefined && !flags.stats) {
    throw new UsageError(
      'score_range_without_stats',
      '--score-range describes the histogram of a warehouse query result (--stats); a data file is binned from its own scores.',
      { hint: 'Leave out --score-range (with --raw-scores the histogram spans the scores found).' },
    );
  }
  if (data !== undefined && isStatsFile(data)) {
    throw new UsageError(
      'stats_file_as_data',
      `"${data}" is a stats file, not data: audit it with --stats.`,
      {
        file: data,
        hint: `fairprobe audit --stats ${data} (the stats already fix the columns, groups and threshold).`,
      },
    );
  }
  if (data === undefined && !flags.stats) {
    throw new UsageError('no_data', 'Give the data file to audit (or --stats FILES).', {
      hint: 'For example: fairprobe audit datasets/prospects.csv --score score --label converted --group gender',
    });
  }
  const given = flags.stats ? undefined : auditOptionsFrom(flags);
  const options = given && { ...given, read: withReadSpinner(given.read, io, format !== 'json') };
  const result = flags.stats
    ? await auditStatsFiles(flags.stats, flags)
    : await audit(data!, options!).catch((e: unknown) => {
        throw policyReferenceError(e, flags, options!.policy);
      });
  if (flags.out && (format === 'md' || format === 'html')) {
    // The full report: Markdown with its SVG charts beside it, or one self-contained HTML file.
    const written = await writeReport(result, { format, out: flags.out, specsDir: flags.specs });
    io.err(`wrote ${flags.out}${written.length > 1 ? ` and ${written.length - 1} chart file(s)` : ''}`);
  } else {
    const text =
      flags.explain && format === 'table'
        ? `${renderAudit(result, format)}\nDefinitions\n\n${explainMetrics(true)}`
        : renderAudit(result, format);
    if (flags.out) {
      writeFileAtomic(flags.out, text);
      if (format !== 'json') io.err(`wrote ${flags.out}`);
    } else {
      io.out(text);
    }
    if (flags.specs)
      io.err(`wrote ${writeChartSpecs(result, flags.specs).length} chart spec(s) to ${flags.specs}`);
  }
  return gateExitCode(result, failOn, io);
}

/**
 * A reference group the policy file names (not --reference) that the data lacks: the error names
 * the file and line and says it the way the policy writes it (`reference: male`).
 */
function policyReferenceError(e: unknown, flags: AuditFlags, policy: Policy | undefined): unknown {
  if (!(e instanceof UsageError) || e.code !== 'unknown_reference' || flags.reference !== undefined) return e;
  if (!policy || !flags.policy || e.column === undefined) return e;
  const index = policy.attributes?.findIndex((a) => a.column === e.column) ?? -1;
  const named = index >= 0 ? policy.attributes![index]!.reference : undefined;
  if (named === undefined) return e;
  const line = policyLine(flags.policy, ['attributes', index, 'reference']);
  const bare = (e.hint ?? '').replaceAll(`"${e.column}=`, '"');
  return new UsageError(
    'unknown_reference',
    `The policy ${flags.policy}${line ? ` (line ${line})` : ''} names the reference group "${named}" for ${e.column}, which is not among its groups.`,
    {
      file: flags.policy,
      column: e.column,
      hint: `${bare} Write it as reference: VALUE under the attribute ${e.column}.`,
    },
  );
}

/** Checks --fail-on before any work: a known value, and a --policy to judge by. */
function failOnFrom(flags: AuditFlags): FailOn {
  const failOn = flags.failOn ?? FailOn.fail;
  if (!Object.values(FailOn).includes(failOn as FailOn)) {
    throw new UsageError('bad_option', `--fail-on must be warn, fail or never, not "${failOn}".`, {
      hint: 'fail (default): exit 2 when a rule fails; warn: also on warnings; never: always exit 0.',
    });
  }
  if (flags.failOn !== undefined && !flags.policy) {
    throw new UsageError('fail_on_without_policy', '--fail-on needs a --policy to judge the audit by.', {
      hint: 'Write one with `fairprobe init`, then add --policy fairness-policy.yml.',
    });
  }
  return failOn as FailOn;
}

/** The release gate: exit 2 when the policy's outcome fails under --fail-on, else 0. */
function gateExitCode(result: AuditResult, failOn: FailOn, io: Io): number {
  if (!result.policy) return ExitCode.ok;
  const { status, counts } = result.policy.outcome;
  const fails = gateFails(status, failOn);
  io.err(
    `policy ${status.toUpperCase()}: ${counts.fail} fail, ${counts.warn} warn, ${counts.pass} pass, ${counts['insufficient-data']} insufficient data` +
      (outcomeReason(status, counts) ? `; ${outcomeReason(status, counts)}` : '') +
      (fails ? ` (exit 2, --fail-on ${failOn})` : ''),
  );
  return fails ? ExitCode.policyFailed : ExitCode.ok;
}
