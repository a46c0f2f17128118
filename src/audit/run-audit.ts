import { createHash } from 'node:crypto';
import {
  checkDuplicateIds,
  type DataInput,
  type DecisionSpec,
  type GroupThresholdsDecision,
  type LabelRule,
  normalizeCells,
  openSource,
  planScan,
  type ReadOptions,
  type Roles,
  type Source,
  type SourceInfo,
} from '../data/index.js';
import { UsageError } from '../errors.js';
import {
  calibrationBins,
  computeAggregates,
  computeDisparities,
  computeGroupMetrics,
  type GroupInput,
  inequalityIndices,
  type MetricContext,
  pickReference,
  type ReferenceRule,
  scoreDistribution,
  scoreGaps,
  thresholdSweep,
} from '../metrics/index.js';
import { judgeAudit, type Policy, resolvePolicy } from '../policy/index.js';
import {
  DEFAULT_CUTOFFS,
  type ExactCells,
  exactRankCells,
  type RankingOptions,
  rankingCutoffsOf,
  rankingFromCells,
  rankingFromStats,
} from '../ranking/index.js';
import {
  buildStats,
  type GroupStats,
  keyId,
  mergeStats,
  rolesText,
  type StatsSet,
  scanSql,
} from '../stats/index.js';
import { bothSettled } from '../util/settled.js';
import { quoteIdent, usedParams } from '../util/strings.js';
import { recordedTimestamp } from '../util/timestamp.js';
import { VERSION } from '../version.js';
import { type AuditSettingsInput, parseSettings, referenceChoices, splitReference } from './options.js';
import {
  type AttributeResult,
  AUDIT_SCHEMA,
  type AuditResult,
  type AuditWarning,
  type GroupResult,
} from './result.js';
import {
  checkSuppressBelow,
  SUPPRESS_BELOW,
  suppressedRows,
  suppressSmallGroups,
  suppressStats,
} from './suppress.js';

/** Everything an audit needs: roles, how to read, how to decide, and the statistical settings. */
export interface AuditOptions extends AuditSettingsInput {
  /** Column roles; `groups` may be left out when a `policy` lists the attributes. */
  readonly roles: Omit<Roles, 'groups'> & { readonly groups?: Roles['groups'] | undefined };
  readonly read?: ReadOptions | undefined;
  /** How label values map to 1/0 when not 0/1, true/false or yes/no. */
  readonly label?: LabelRule | undefined;
  readonly prediction?: LabelRule | undefined;
  /** Fixed timestamp for reproducible results (default: now). */
  readonly createdAt?: string | undefined;
  /**
   * A fairness policy (from `loadPolicy`): it supplies roles and settings the options leave out, and
   * the result carries its verdicts and the effective policy.
   */
  readonly policy?: Policy | undefined;
  /**
   * Ranking and exposure fairness of the list ordered by score (`true` for the defaults): cut-offs,
   * position-bias discount, and `mode: 'exact'` for exact ranks (one more query) instead of the
   * histograms. Rules of the policy that name ranking metrics turn it on and add their cut-offs.
   */
  readonly ranking?: RankingOptions | boolean | undefined;
  /** A group-threshold decision rule (`fairprobe audit --rule`, from `mitigation/post`) instead of one threshold. */
  readonly decisionRule?: GroupThresholdsDecision | undefined;
}

/** How to collect sufficient statistics from data: roles, reading, decisions, grouping. */
export interface CollectOptions
  extends Pick<
    AuditSettingsInput,
    'threshold' | 'selectTop' | 'scoreScale' | 'intersections' | 'histogramBins' | 'missing' | 'maxGroups'
  > {
  readonly roles: Roles;
  readonly read?: ReadOptions | undefined;
  /** How label values map to 1/0 when not 0/1, true/false or yes/no. */
  readonly label?: LabelRule | undefined;
  readonly prediction?: LabelRule | undefined;
  /** A group-threshold decision rule (`fairprobe audit --rule`) instead of one threshold. */
  readonly decisionRule?: GroupThresholdsDecision | undefined;
  /**
   * Leave groups with fewer rows out of the statistics, and as many others as stop them being
   * worked out by subtraction, recorded in `suppressed` (see {@link suppressStats}). Default: keep
   * every group, so that partitions merge exactly; a group of one row then holds that row's score
   * bin and label, so such stats need keeping as securely as the data.
   */
  readonly suppressBelow?: number | undefined;
}

/**
 * One pass over the data: validates it and returns its sufficient statistics (aggregates only),
 * which can be saved, merged with other partitions, and audited later without the data.
 * @throws {InputError} for unusable data, {@link UsageError} for bad options.
 * @example
 * const stats = await collectStats('datasets/prospects.csv', { roles: { score: 'score', label: 'converted', groups: [{ column: 'gender' }] } });
 * stats.rows.read // => 20000
 */
export async function collectStats(input: DataInput, options: CollectOptions): Promise<StatsSet> {
  const { suppressBelow, ...rest } = options;
  // Checked before the pass over the data, not after it.
  if (suppressBelow !== undefined) checkSuppressBelow(suppressBelow);
  const { stats } = await collectWith(input, rest);
  return suppressBelow === undefined ? stats : suppressStats(stats, suppressBelow);
}

/** collectStats, plus the exact-rank cells from the same open source when `exactRanks` is set. */
async function collectWith(
  input: DataInput,
  options: CollectOptions,
  exactRanks = false,
): Promise<{ stats: StatsSet; exact?: ExactCells }> {
  const { roles, read, label, prediction, decisionRule, ...rest } = options;
  const settings = parseSettings(rest);
  const source = await openSource(input, { ...read, prefetchFingerprint: true });
  try {
    if (
      roles.score === undefined &&
      !roles.prediction &&
      !decisionRule &&
      (rest.selectTop !== undefined || rest.threshold !== undefined)
    ) {
      // Without a score there is nothing to select by: the audit would compare labels only and
      // ignore the option without a word.
      const what = rest.selectTop !== undefined ? '--select-top' : 'A threshold (--threshold or a policy)';
      throw new UsageError(
        'decision_needs_score',
        `${what} selects leads by their score, but no score column was given.`,
        {
          hint: 'Name the score column with --score, or a 0/1 decision column with --prediction; without either, leave the decision out to compare labels only.',
        },
      );
    }
    if (decisionRule && (settings.selectTop || roles.prediction)) {
      throw new UsageError(
        'rule_and_decision',
        'A decision rule replaces --select-top and --prediction; give one.',
      );
    }
    let decision: DecisionSpec = decisionRule
      ? decisionRule
      : roles.prediction
        ? { kind: 'prediction', column: roles.prediction }
        : { kind: 'threshold', threshold: settings.threshold };
    const histogram = await histogramFor(source, roles, settings.scoreScale, settings.histogramBins);
    let plan = await planScan(source, roles, { decision, scoreScale: settings.scoreScale, histogram });
    if (settings.selectTop && plan.decision.kind === 'threshold') {
      decision = { kind: 'threshold', threshold: await topCutoff(source, roles.score!, settings.selectTop) };
      plan = await planScan(source, roles, { decision, scoreScale: settings.scoreScale, histogram });
    }
    if (roles.id) await checkDuplicateIds(source, roles.id);
    const [raw, sha256] = await bothSettled(scanSql(source, plan), source.fingerprint());
    const normalized = await normalizeCells(source, plan, raw, {
      label,
      prediction,
      missing: settings.missing,
      maxGroups: settings.maxGroups,
    });
    const exact =
      exactRanks && roles.score
        ? await exactRankCells(source, plan, {
            label,
            prediction,
            missing: settings.missing,
            maxGroups: settings.maxGroups,
          })
        : undefined;
    const stats = buildStats(normalized, plan, {
      intersections: settings.intersections,
      provenance: {
        sources: [{ ...source.info, sha256, rows: normalized.rows.read }],
        columnsRead: plan.columns,
        roles: rolesText(plan),
        scoreScale: plan.scoreScale,
        hasLabel: normalized.label !== undefined,
        label: normalized.label,
        prediction: normalized.prediction,
        selectTop: settings.selectTop,
      },
    });
    return exact ? { stats, exact } : { stats };
  } finally {
    source.close();
  }
}

/**
 * Audits scored data: one pass over the data for sufficient statistics, then group metrics with
 * intervals, disparities against reference groups with bootstrap intervals and corrected tests,
 * aggregates, and curves — all in a versioned {@link AuditResult}.
 * @throws {InputError} for unusable data, {@link UsageError} for bad options.
 * @example
 * const r = await audit('datasets/prospects.csv', { roles: { score: 'score', label: 'converted', groups: [{ column: 'gender' }] } });
 * r.attributes[0].groups.map((g) => g.values[0]) // => ['female', 'male', 'non-binary']
 */
export async function audit(input: DataInput, options: AuditOptions): Promise<AuditResult> {
  const {
    roles: givenRoles,
    read,
    label,
    prediction,
    createdAt,
    policy,
    ranking: rankingOption,
    decisionRule,
    ...given
  } = options;
  // A policy supplies roles and settings the options leave out (options win); see policy/.
  const named: Roles = { ...givenRoles, groups: givenRoles.groups ?? [] };
  const resolved = policy ? resolvePolicy(policy, { roles: named, settings: given }) : undefined;
  const roles = resolved?.roles ?? named;
  const rest: AuditSettingsInput = resolved?.settings ?? given;
  const ranking = rankingFor(rankingOption, policy);
  const { stats, exact } = await collectWith(
    input,
    {
      roles,
      read,
      label,
      prediction,
      threshold: rest.threshold,
      selectTop: rest.selectTop,
      scoreScale: rest.scoreScale,
      intersections: rest.intersections,
      histogramBins: rest.histogramBins,
      missing: rest.missing,
      maxGroups: rest.maxGroups,
      decisionRule,
    },
    ranking?.mode === 'exact',
  );
  const audited = auditFromStats([stats], { ...rest, createdAt });
  const result = ranking ? withRanking(audited, stats, ranking, exact) : audited;
  return resolved ? judgeAudit(result, resolved) : result;
}

/**
 * Audits saved sufficient statistics (one or several partitions, merged first) without the data.
 * Settings that shaped the statistics (groups, threshold, bins) come from them; the others
 * (reference, intervals, tests, suppression) from `options`.
 * @example
 * const r = auditFromStats([januaryStats, februaryStats], { reference: 'gender=male' });
 */
export function auditFromStats(
  parts: readonly StatsSet[],
  options: Omit<AuditSettingsInput, 'threshold' | 'selectTop' | 'intersections' | 'histogramBins'> & {
    readonly createdAt?: string | undefined;
    /** Ranking fairness from the stats' histograms (exact ranks need the data: use `audit`). */
    readonly ranking?: RankingOptions | boolean | undefined;
    /** The stats files audited (path and SHA-256 of their bytes), recorded in the fingerprint. */
    readonly statsFiles?: readonly { readonly path: string; readonly sha256: string }[] | undefined;
  } = {},
): AuditResult {
  if (parts.length === 0) throw new UsageError('no_stats', 'Give at least one stats file to audit.');
  const stats = parts.slice(1).reduce((a, b) => mergeStats(a, b), parts[0]!);
  const { createdAt, ranking: rankingOption, statsFiles, ...rest } = options;
  const p = stats.provenance;
  // Settings that shaped the stats are recorded as the stats were built, not as defaults.
  const settings = parseSettings({
    intersections: intersectionsOf(stats),
    ...(stats.decision.kind === 'threshold' && !p.selectTop ? { threshold: stats.decision.threshold } : {}),
    ...(p.selectTop ? { selectTop: p.selectTop } : {}),
    ...rest,
    scoreScale: p.scoreScale,
    histogramBins: stats.histogram.bins,
  });
  const result = auditStats(stats, { ...settings, hasLabel: p.hasLabel });
  const source = p.sources.length === 1 ? p.sources[0]! : mergedSource(p.sources);
  const ranking = rankingFor(rankingOption, undefined);
  if (ranking?.mode === 'exact') {
    throw new UsageError('exact_ranking_needs_data', 'Exact ranks need the data, not saved statistics.', {
      hint: 'Audit the data file with --ranking exact, or use --ranking (histogram ranks) with --stats.',
    });
  }
  const full: AuditResult = {
    ...result,
    createdAt: recordedTimestamp(createdAt),
    input: {
      source: {
        name: source.name,
        kind: source.kind,
        format: source.format,
        gzip: source.gzip,
        bytes: source.bytes,
      },
      sha256: p.sources.length === 1 ? p.sources[0]!.sha256 : combinedSha256(p.sources.map((s) => s.sha256)),
      parts: p.sources.map((s) => ({ name: s.name, sha256: s.sha256, rows: s.rows })),
      ...(statsFiles?.length ? { statsFiles: statsFiles.map((f) => ({ ...f })) } : {}),
      columnsRead: p.columnsRead,
      roles: p.roles,
    },
    decision: { ...result.decision, ...(p.selectTop ? { selectTop: p.selectTop } : {}) },
    labels: p.label,
    prediction: p.prediction,
  };
  return ranking ? withRanking(full, stats, ranking) : full;
}

/** The ranking options in force: as given, and on with their cut-offs added when policy rules name ranking metrics. */
export function rankingFor(
  option: RankingOptions | boolean | undefined,
  policy: Policy | undefined,
): RankingOptions | undefined {
  const named = rankingCutoffsOf(policy?.rules.map((r) => r.metric) ?? []);
  const wanted = policy?.rules.some((r) => /@|^exposure_/.test(r.metric)) ?? false;
  if (option === false || (option === undefined && !wanted)) return undefined;
  const given: RankingOptions = option === true || option === undefined ? {} : option;
  if (named.length === 0) return given;
  return { ...given, at: [...new Set([...(given.at ?? DEFAULT_CUTOFFS).map(String), ...named])] };
}

/** Adds the ranking section (and its warnings) to an audit result. */
function withRanking(
  result: AuditResult,
  stats: StatsSet,
  options: RankingOptions,
  exact?: ExactCells,
): AuditResult {
  const context = {
    confidence: Number(result.options.confidence ?? 0.95),
    suppressBelow: Number(result.options.suppressBelow ?? SUPPRESS_BELOW),
    replicates: Number(result.options.replicates ?? 0),
    seed: Number(result.options.seed ?? 42),
    references: result.attributes.map((a) => ({
      attributes: a.attributes,
      values: a.reference.values,
      hidden: a.suppressed.filter((x) => x.reason !== 'empty').map((x) => x.values),
    })),
  };
  const { ranking, warnings } = exact
    ? rankingFromCells(stats, exact, options, context)
    : rankingFromStats(stats, options, context);
  return { ...result, ranking, warnings: [...result.warnings, ...warnings] };
}

/**
 * What several merged parts came from: files if all were files (in memory otherwise), the first
 * part's format (`input.parts` and the name list every part), gzip only if all were, and their total
 * size when every part's is known.
 */
function mergedSource(parts: readonly SourceInfo[]): SourceInfo {
  const first = parts[0]!;
  const bytes = parts.every((x) => x.bytes !== undefined)
    ? parts.reduce((a, x) => a + (x.bytes ?? 0), 0)
    : undefined;
  return {
    name: parts.map((x) => x.name).join(' + '),
    kind: parts.every((x) => x.kind === 'file') ? 'file' : 'memory',
    format: first.format,
    gzip: parts.every((x) => x.gzip),
    bytes,
  };
}

function combinedSha256(hashes: readonly string[]): string {
  return createHash('sha256').update(hashes.join('\n')).digest('hex');
}

async function histogramFor(source: Source, roles: Roles, scale: 'probability' | 'raw', bins: number) {
  if (scale === 'probability' || !roles.score) return { lo: 0, hi: 1, bins };
  const rel = await source.relation([roles.score]);
  const c = quoteIdent(roles.score);
  const sql = `SELECT min(${c})::DOUBLE AS lo, max(${c})::DOUBLE AS hi FROM ${rel.sql} WHERE NOT isnan(${c}) AND NOT isinf(${c})`;
  const r = (await source.connection.runAndReadAll(sql, usedParams(sql, rel.params))).getRowObjectsJS()[0]!;
  const lo = Number(r.lo ?? 0);
  const hi = Number(r.hi ?? 1);
  return { lo, hi: hi > lo ? hi : lo + 1, bins };
}

/** The score of the k-th ranked lead: leads tied with it are all selected (documented tie rule). */
async function topCutoff(source: Source, score: string, spec: string): Promise<number> {
  const rel = await source.relation([score]);
  const c = quoteIdent(score);
  const countSql = `SELECT count(*) AS n FROM ${rel.sql} WHERE ${c} IS NOT NULL AND NOT isnan(${c})`;
  const n = Number(
    (await source.connection.runAndReadAll(countSql, usedParams(countSql, rel.params))).getRowObjectsJS()[0]!
      .n,
  );
  const k = spec.endsWith('%') ? Math.ceil((Number(spec.slice(0, -1)) / 100) * n) : Number(spec);
  if (!(k >= 1) || k > n) {
    throw new UsageError(
      'bad_select_top',
      `--select-top ${spec} selects ${k} of ${n} leads; it must select between 1 and ${n}.`,
      {
        hint: 'Give a count like 500 or a share like 20%.',
      },
    );
  }
  const sql = `SELECT ${c}::DOUBLE AS s FROM ${rel.sql} WHERE ${c} IS NOT NULL AND NOT isnan(${c}) ORDER BY ${c} DESC LIMIT 1 OFFSET $k`;
  const r = await source.connection.runAndReadAll(sql, { ...usedParams(sql, rel.params), k: k - 1 });
  return Number(r.getRowObjectsJS()[0]!.s);
}

type StatsSettings = ReturnType<typeof parseSettings> & { hasLabel: boolean };

function parseReference(
  text: string,
  attributes: readonly string[],
): (set: readonly string[]) => ReferenceRule & { text: string } {
  if (text === 'largest' || text === 'min-metric' || text === 'best') {
    return () => ({ kind: text, text }) as ReferenceRule & { text: string };
  }
  const map = new Map<string, string>();
  for (const part of splitReference(text)) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      throw new UsageError('bad_reference', `Cannot read the reference "${part}".`, {
        hint: 'Use largest, min-metric, best, or ATTRIBUTE=VALUE pairs such as gender=male,age_band=25-34.',
      });
    }
    const attr = part.slice(0, eq).trim();
    if (!attributes.includes(attr)) {
      throw new UsageError(
        'bad_reference',
        `The reference names "${attr}", which is not an audited attribute.`,
        {
          hint: `Audited attributes: ${attributes.join(', ')}.`,
        },
      );
    }
    map.set(attr, part.slice(eq + 1).trim());
  }
  return (set) =>
    set.every((a) => map.has(a))
      ? {
          kind: 'group',
          values: set.map((a) => map.get(a)!),
          text: set.map((a) => `${a}=${map.get(a)}`).join(', '),
        }
      : { kind: 'largest', text: 'largest' };
}

/**
 * Computes every metric from sufficient statistics: the part of an audit after the scan, shared by
 * audits of raw data and of pre-aggregated or merged stats.
 */
export function auditStats(
  stats: StatsSet,
  settings: StatsSettings,
): Omit<AuditResult, 'createdAt' | 'input' | 'labels' | 'prediction'> {
  const overallStats = stats.groups[0]!;
  const hasDecision = stats.decision.kind !== 'none';
  const ctx: MetricContext = {
    hasLabel: settings.hasLabel,
    hasDecision,
    hasScore: stats.decision.kind === 'threshold' || stats.decision.kind === 'group-thresholds',
    probabilityScores: settings.scoreScale === 'probability',
    histogram: stats.histogram,
    confidence: settings.confidence,
  };
  const warnings: AuditWarning[] = [];
  const edges = Array.from(
    { length: stats.histogram.bins + 1 },
    (_, i) => stats.histogram.lo + ((stats.histogram.hi - stats.histogram.lo) * i) / stats.histogram.bins,
  );
  const curvesOf = (g: GroupStats) =>
    ctx.hasScore
      ? {
          sweep: thresholdSweep(g, stats.histogram, settings.sweepPoints),
          calibration: calibrationBins(g, stats.histogram),
          distribution: scoreDistribution(g, stats.histogram),
        }
      : undefined;
  const overallMetrics = computeGroupMetrics(overallStats, overallStats, ctx);
  const overall: GroupResult = {
    attributes: [],
    values: [],
    n:
      overallStats.cells.tp.n +
      overallStats.cells.fp.n +
      overallStats.cells.tn.n +
      overallStats.cells.fn.n +
      overallStats.cells.up.n +
      overallStats.cells.un.n,
    status: 'ok',
    isReference: false,
    metrics: overallMetrics,
    curves: curvesOf(overallStats),
  };
  const referenceFor = parseReference(settings.reference, stats.attributes);
  const attributes: AttributeResult[] = stats.groupSets.map((set) => {
    const id = JSON.stringify(set);
    const members = stats.groups.filter((g) => JSON.stringify(g.key.attributes) === id);
    // Groups the stats left out for privacy (fairprobe stats --suppress-below): suppressed here too.
    const leftOut = (stats.suppressed?.groups ?? []).filter((k) => JSON.stringify(k.attributes) === id);
    const present = new Set(members.map((g) => JSON.stringify(g.key.values)));
    const absent = new Set(leftOut.map((k) => JSON.stringify(k.values)).filter((v) => !present.has(v)));
    const partial = members.filter((g) => leftOut.some((k) => sameValues(k.values, g.key.values)));
    const { shown, suppressed } = suppressSmallGroups(members, set, settings.suppressBelow, leftOut);
    // Every row used is in one group of each set: the rows in no member are those left out.
    const leftOutRows = leftOut.length > 0 ? overall.n - members.reduce((a, g) => a + rowsOf(g), 0) : 0;
    const heldBySuppressed = suppressedRows(members, suppressed) + leftOutRows;
    // Empty intersections: value combinations of the marginals with no rows at all.
    if (set.length > 1) {
      for (const v of absent) present.add(v);
      for (const combo of product(set.map((a) => stats.values[a] ?? []))) {
        if (!present.has(JSON.stringify(combo))) suppressed.push({ values: combo, rows: 0, reason: 'empty' });
      }
    }
    const inputs: GroupInput[] = shown.map((g) => ({
      stats: g,
      metrics: computeGroupMetrics(g, overallStats, ctx),
    }));
    const rule = referenceFor(set);
    if (
      rule.kind === 'group' &&
      !inputs.some((g) => JSON.stringify(g.stats.key.values) === JSON.stringify(rule.values))
    ) {
      throw new UsageError(
        'unknown_reference',
        `The reference group ${rule.text} is not among the groups shown for ${set.join(' × ')}.`,
        {
          column: set.length === 1 ? set[0] : undefined,
          hint: referenceChoices(
            set,
            rule.values,
            inputs.map((g) => g.stats.key.values),
            settings.suppressBelow,
          ),
        },
      );
    }
    const disp = computeDisparities(inputs, {
      reference: rule,
      confidence: settings.confidence,
      replicates: settings.replicates,
      seed: settings.seed,
      correction: settings.correction,
    });
    const refIndex =
      rule.kind === 'largest' || rule.kind === 'group' ? pickReference(inputs, rule, 'selection_rate') : -1;
    const groups: GroupResult[] = inputs.map((g, i) => {
      const n = rowsOf(g.stats);
      if (n < settings.minGroupSize) {
        warnings.push({
          code: 'small_group',
          message: `${keyId(g.stats.key)} has ${n} rows, fewer than the minimum of ${settings.minGroupSize}: its estimates are uncertain (see the intervals).`,
        });
      }
      const named = { ...disp[i]!.named };
      if (ctx.hasScore) {
        const gaps = scoreGaps(g.stats, overallStats, edges);
        if (gaps) {
          named.score_ks = gaps.ks;
          named.score_wasserstein = gaps.wasserstein;
        }
      }
      return {
        attributes: set,
        values: g.stats.key.values,
        n,
        status: n < settings.minGroupSize ? 'small' : 'ok',
        isReference: i === refIndex,
        metrics: g.metrics,
        rates: disp[i]!.rates,
        disparities: named,
        curves: set.length === 1 ? curvesOf(g.stats) : undefined,
      };
    });
    const here = (reason: string) =>
      suppressed.filter((s) => s.reason === reason && !absent.has(JSON.stringify(s.values))).length;
    const small = here('suppressed');
    const complementary = here('complementary');
    if (absent.size > 0) {
      const below = stats.suppressed!.below;
      warnings.push({
        code: 'groups_left_out_of_stats',
        message:
          `${absent.size} group(s) of ${set.join(' × ')} were left out of the stats (\`fairprobe stats --suppress-below ${below}\`: fewer than ${below} rows, or hidden so that such a group cannot be worked out by subtraction) and are suppressed here too` +
          (small === 0 && complementary > 0
            ? `, with ${complementary} more so that they cannot be worked out by subtraction from the totals shown`
            : '') +
          ` (${heldBySuppressed} rows in all).`,
      });
    }
    if (partial.length > 0) {
      const names = partial.map((g) => keyId(g.key));
      const shownNames =
        names.slice(0, 5).join('; ') + (names.length > 5 ? `; and ${names.length - 5} more` : '');
      warnings.push({
        code: 'incomplete_groups',
        message: `${shownNames}: ${partial.length === 1 ? 'this group was' : 'these groups were'} left out of some of the merged stats (fewer than ${stats.suppressed!.below} rows there, \`--suppress-below\`), so ${partial.length === 1 ? 'its figures cover' : 'their figures cover'} the other parts' rows only.`,
      });
    }
    if (small > 0) {
      warnings.push({
        code: 'suppressed_groups',
        message:
          `${small} group(s) of ${set.join(' × ')} have fewer than ${settings.suppressBelow} rows and are suppressed from every table` +
          (complementary > 0
            ? `, and ${complementary} more so that they cannot be worked out by subtraction from the totals shown`
            : '') +
          ` (${heldBySuppressed} rows in all).`,
      });
    }
    return {
      attributes: set,
      reference: { rule: rule.text, values: refIndex >= 0 ? inputs[refIndex]!.stats.key.values : null },
      groups,
      aggregates: computeAggregates(
        inputs.map((g) => g.metrics),
        overallMetrics,
      ),
      suppressed,
      suppressedRows: heldBySuppressed,
    };
  });
  const selected = overallStats.cells.tp.n + overallStats.cells.fp.n + overallStats.cells.up.n;
  const label = stats.provenance.roles.label;
  if (ctx.hasLabel && stats.rows.unlabeled > 0 && typeof label === 'string') {
    // Rows without an outcome count for selection rates but not for error rates: say how many, so a
    // broken join or NaN labels do not pass as a smaller labelled sample.
    warnings.push({
      code: 'unlabeled_rows',
      message: `${stats.rows.unlabeled} of ${stats.rows.used} rows have no label (empty, NaN or a missing value in "${label}"): they count for selection rates, not for error rates.`,
    });
  }
  if (stats.rows.missingGroup && Object.keys(stats.rows.missingGroup).length > 0) {
    for (const [col, rows] of Object.entries(stats.rows.missingGroup)) {
      warnings.push({ code: 'missing_group_values', message: `${rows} rows have no value for "${col}".` });
    }
  }
  return {
    schema: AUDIT_SCHEMA,
    tool: { name: 'fairprobe', version: VERSION },
    options: { ...settings },
    decision: { ...stats.decision, selected },
    rows: stats.rows,
    overall,
    overallIndices: ctx.hasLabel && hasDecision ? inequalityIndices(overallStats) : {},
    attributes,
    warnings,
  };
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function rowsOf(g: GroupStats): number {
  return Object.values(g.cells).reduce((a, m) => a + m.n, 0);
}

function product(lists: readonly (readonly string[])[]): string[][] {
  return lists.reduce<string[][]>(
    (acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])),
    [[]],
  );
}

/**
 * The intersections the stats were built with, as recorded in the result when auditing saved stats
 * (with two attributes, pairs and all give the same groups and read as pairs).
 */
function intersectionsOf(stats: StatsSet): 'none' | 'pairs' | 'all' {
  const longest = Math.max(...stats.groupSets.map((s) => s.length));
  if (longest > 2) return 'all';
  if (longest === 2 || stats.attributes.length < 2) return 'pairs';
  return 'none';
}
