import type { AuditSettingsInput } from '../audit/options.js';
import { type GroupSpec, parseGroupSpecs, type Roles } from '../data/index.js';
import { UsageError } from '../errors.js';
import type { StatsSet } from '../stats/index.js';
import { type ResolvedPolicy, resolvePolicy } from './resolve-policy.js';
import type { Policy } from './schema.js';

/**
 * The settings an audit of saved statistics still chooses (the stats fixed the others), and which
 * intersections to judge (they must be in the stats).
 */
export type StatsAuditSettings = Omit<
  AuditSettingsInput,
  'threshold' | 'selectTop' | 'scoreScale' | 'histogramBins'
>;

/**
 * Resolves a policy for an audit of saved statistics (`auditFromStats`, `audit --stats`). The
 * statistics already fixed the columns, the attributes and their bins, the decision and the
 * intersections: where the policy names these, they must agree with the stats, and where it is
 * silent the stats supply them. The settings applied when auditing (references, group sizes,
 * confidence, and which intersections are judged) merge as with data: `settings` (the options)
 * override the policy.
 * @throws {UsageError} `policy_stats_mismatch`, saying what the policy and the stats disagree on,
 * rather than judging other columns, groups or decisions than the policy describes.
 * @example
 * const resolved = resolvePolicyForStats(policy, mergedStats, { minGroupSize: 50 });
 * const { reference, minGroupSize, suppressBelow, confidence } = resolved.settings;
 * judgeAudit(auditFromStats([mergedStats], { reference, minGroupSize, suppressBelow, confidence }), resolved);
 */
export function resolvePolicyForStats(
  policy: Policy,
  stats: StatsSet,
  settings: StatsAuditSettings = {},
): ResolvedPolicy {
  const roles = rolesOfStats(stats);
  checkColumns(policy, roles);
  const groups = attributesInPolicyOrder(policy, roles.groups);
  checkIntersections(settings.intersections ?? policy.intersections, stats);
  return resolvePolicy(policy, {
    roles: { ...roles, groups },
    settings: { ...settings, ...decisionOf(policy, stats) },
  });
}

const COLUMNS = ['score', 'label', 'prediction', 'weight'] as const;

function mismatch(message: string, fix: string): UsageError {
  return new UsageError('policy_stats_mismatch', message, {
    hint: `${fix} Or audit the data file itself with --policy.`,
  });
}

/** The roles the stats were computed with (as recorded in their provenance). */
function rolesOfStats(stats: StatsSet): Roles {
  const r = stats.provenance.roles;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const groups: GroupSpec[] = Array.isArray(r.groups)
    ? r.groups.flatMap((g: string) => parseGroupSpecs(g))
    : stats.attributes.map((column) => ({ column }));
  return {
    score: text(r.score),
    label: text(r.label),
    prediction: text(r.prediction),
    weight: text(r.weight),
    groups,
  };
}

function checkColumns(policy: Policy, roles: Roles): void {
  for (const role of COLUMNS) {
    const named = policy.columns?.[role];
    const used = roles[role];
    if (named === undefined || named === used) continue;
    throw mismatch(
      used === undefined
        ? `The policy names the ${role} column "${named}", but the stats were computed without a ${role} column.`
        : `The policy names the ${role} column "${named}", but the stats were computed with "${used}".`,
      `Compute the stats with --${role} ${named}, or correct columns.${role} in the policy.`,
    );
  }
}

const specText = (column: string, bins: readonly number[] | undefined) =>
  bins?.length ? `${column}:${bins.join(',')}` : column;

/** The stats' attributes, in the policy's order; the policy's list (with bins) must be the same set. */
function attributesInPolicyOrder(policy: Policy, groups: readonly GroupSpec[]): GroupSpec[] {
  const listed = policy.attributes ?? [];
  if (listed.length === 0) return [...groups];
  const want = listed.map((a) => specText(a.column, a.bins));
  const have = groups.map((g) => specText(g.column, g.edges));
  if (JSON.stringify([...want].sort()) !== JSON.stringify([...have].sort())) {
    throw mismatch(
      `The policy's attributes (${want.join(', ')}) differ from those the stats were computed with (${have.join(', ')}).`,
      `Compute the stats with --group ${want.join(',')}, or list the stats' attributes (and bins) in the policy.`,
    );
  }
  return listed.map((a) => groups.find((g) => g.column === a.column)!);
}

/** The stats' decision as settings for the policy: checked against the policy's decision when it has one. */
function decisionOf(policy: Policy, stats: StatsSet): Pick<AuditSettingsInput, 'threshold' | 'selectTop'> {
  const d = policy.decision ?? {};
  const named =
    d.select_top !== undefined
      ? { text: `select_top ${d.select_top}`, flag: `--select-top ${d.select_top}` }
      : d.threshold !== undefined
        ? { text: `threshold ${d.threshold}`, flag: `--threshold ${d.threshold}` }
        : undefined;
  const top = stats.provenance.selectTop;
  const decision = stats.decision;
  const used =
    decision.kind === 'threshold'
      ? top !== undefined
        ? `select_top ${top}`
        : `threshold ${decision.threshold}`
      : decision.kind === 'prediction'
        ? `the decision column "${decision.column}"`
        : decision.kind === 'group-thresholds'
          ? 'a group-thresholds rule'
          : undefined;
  if (named) {
    if (used !== undefined && used !== named.text) {
      throw mismatch(
        `The policy decides by ${named.text}, but the stats were computed with ${used}.`,
        `Compute the stats with ${named.flag}, or change decision: in the policy.`,
      );
    }
    return {};
  }
  // The policy is silent: the stats' decision is the one judged (recorded as overriding the default).
  if (decision.kind !== 'threshold') return {};
  if (top !== undefined) return { selectTop: top };
  return decision.threshold === 0.5 ? {} : { threshold: decision.threshold };
}

/** Every intersection the policy checks must be in the stats (extra ones are audited but not judged). */
function checkIntersections(mode: Policy['intersections'], stats: StatsSet): void {
  const key = (set: readonly string[]) => [...set].sort().join('*');
  const held = new Set(stats.groupSets.map(key));
  const attrs = stats.attributes;
  const checked: string[][] =
    mode === 'none'
      ? []
      : mode === 'pairs' || mode === 'all'
        ? subsets(attrs).filter((s) => s.length >= 2 && (mode === 'all' || s.length === 2))
        : mode.map((t) => t.split('*').map((s) => s.trim()));
  const missing = checked.filter((s) => !held.has(key(s)));
  if (missing.length === 0) return;
  const wanted = missing.some((s) => s.length > 2) ? 'all' : 'pairs';
  throw mismatch(
    `The policy checks the intersection${missing.length > 1 ? 's' : ''} ${missing.map((s) => s.join(' × ')).join(', ')}, which the stats do not hold.`,
    `Compute the stats with --intersections ${wanted}, or change intersections: in the policy.`,
  );
}

function subsets(items: readonly string[]): string[][] {
  const out: string[][] = [[]];
  for (const x of items) {
    for (const s of out.slice()) out.push([...s, x]);
  }
  return out;
}
