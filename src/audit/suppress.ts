import { UsageError } from '../errors.js';
import { type GroupStats, mergeSuppressed, type StatsSet, type SuppressedKey } from '../stats/index.js';
import type { SuppressedGroup } from './result.js';

/** Groups with fewer rows are suppressed from audit outputs unless told otherwise (`--suppress-below`). */
export const SUPPRESS_BELOW = 10;

function rowsOf(g: GroupStats): number {
  return Object.values(g.cells).reduce((a, m) => a + m.n, 0);
}

/** A group of a line: one of the members, or a group the stats left out (no statistics). */
interface Node {
  readonly values: readonly string[];
  readonly group?: GroupStats;
  readonly reason?: SuppressedKey['reason'];
}

/**
 * Small-group suppression for one attribute or intersection, with complementary suppression.
 *
 * Primary: groups with fewer than `suppressBelow` rows are not shown. Complementary: a suppressed
 * group must not be recoverable by subtraction from totals that are shown. For a single attribute
 * the total is the overall group; for an intersection, each line of the table (all attributes but
 * one fixed) adds up to a group of a smaller set that is shown. Whenever a line (or the attribute)
 * holds exactly one suppressed group, its smallest shown member is suppressed too, until no line
 * has a lone suppressed group. Row counts of suppressed groups are not disclosed one by one.
 * Groups the stats already left out (`leftOut`, from `StatsSet.suppressed`) and that are not among
 * the members count as suppressed with their recorded reason.
 *
 * @example
 * suppressSmallGroups(genderGroups, ['gender'], 10).suppressed.map((s) => s.reason)
 * // => ['suppressed', 'complementary'] when one gender group has 4 rows
 */
export function suppressSmallGroups(
  members: readonly GroupStats[],
  attributes: readonly string[],
  suppressBelow: number,
  leftOut: readonly SuppressedKey[] = [],
): { shown: GroupStats[]; suppressed: SuppressedGroup[] } {
  const present = new Set(members.map((g) => JSON.stringify(g.key.values)));
  const nodes: Node[] = [
    ...members.map((g) => ({ values: g.key.values, group: g })),
    ...leftOut
      .filter((k) => !present.has(JSON.stringify(k.values)))
      .map((k) => ({ values: k.values, reason: k.reason })),
  ];
  const reason = new Map<Node, 'suppressed' | 'complementary'>();
  for (const n of nodes) {
    if (!n.group) reason.set(n, n.reason ?? 'suppressed');
    else if (rowsOf(n.group) < suppressBelow) reason.set(n, 'suppressed');
  }
  if (reason.size > 0) {
    // The lines whose totals are published: all groups (k = 1), or groups sharing all values but one.
    const lines: Node[][] = [];
    if (attributes.length === 1) lines.push([...nodes]);
    else {
      for (let free = 0; free < attributes.length; free++) {
        const byRest = new Map<string, Node[]>();
        for (const n of nodes) {
          const rest = JSON.stringify(n.values.filter((_, i) => i !== free));
          byRest.set(rest, [...(byRest.get(rest) ?? []), n]);
        }
        lines.push(...byRest.values());
      }
    }
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of lines) {
        const hidden = line.filter((n) => reason.has(n));
        const visible = line.filter((n) => !reason.has(n));
        if (hidden.length === 1 && visible.length > 0) {
          const smallest = visible.reduce((a, b) => (rowsOf(b.group!) < rowsOf(a.group!) ? b : a));
          reason.set(smallest, 'complementary');
          changed = true;
        }
      }
    }
  }
  return {
    shown: nodes.filter((n) => n.group && !reason.has(n)).map((n) => n.group!),
    suppressed: nodes
      .filter((n) => reason.has(n))
      .map((n) => ({ values: n.values, rows: null, reason: reason.get(n)! })),
  };
}

/** Rows held by the groups `suppressSmallGroups` left out (disclosed only as a total). */
export function suppressedRows(
  members: readonly GroupStats[],
  suppressed: readonly SuppressedGroup[],
): number {
  const ids = new Set(suppressed.filter((s) => s.reason !== 'empty').map((s) => JSON.stringify(s.values)));
  return members.filter((g) => ids.has(JSON.stringify(g.key.values))).reduce((a, g) => a + rowsOf(g), 0);
}

/** @throws {UsageError} unless `below` is a whole number ≥ 0 (the `suppressBelow` of the stats). */
export function checkSuppressBelow(below: number): void {
  if (!Number.isInteger(below) || below < 0) {
    throw new UsageError(
      'bad_option',
      `Invalid value for --suppress-below (option "suppressBelow"): ${below} is not a whole number ≥ 0.`,
      {
        hint: 'Give the smallest number of rows a group kept in the stats may have, e.g. --suppress-below 10.',
      },
    );
  }
}

/**
 * Leaves the groups with fewer than `below` rows out of a StatsSet, and as many others as stop them
 * being worked out by subtraction from the groups kept (the audit's complementary suppression, set
 * by set), and records them in `suppressed` so that merges and audits know they are missing. The
 * overall group is always kept. A stats file so reduced no longer merges exactly: use it to keep or
 * share statistics whose small groups could reveal individual rows.
 * @throws {UsageError} when `below` is not a whole number ≥ 0.
 * @example
 * suppressStats(stats, 10).suppressed?.groups.length // => groups left out
 */
export function suppressStats(stats: StatsSet, below: number): StatsSet {
  checkSuppressBelow(below);
  const dropped = new Set<GroupStats>();
  const leftOut: SuppressedKey[] = [];
  for (const set of stats.groupSets) {
    const id = JSON.stringify(set);
    const members = stats.groups.filter((g) => JSON.stringify(g.key.attributes) === id);
    const before = (stats.suppressed?.groups ?? []).filter((k) => JSON.stringify(k.attributes) === id);
    const { shown, suppressed } = suppressSmallGroups(members, set, below, before);
    const kept = new Set(shown);
    for (const g of members) if (!kept.has(g)) dropped.add(g);
    for (const s of suppressed)
      if (s.reason !== 'empty') leftOut.push({ attributes: set, values: s.values, reason: s.reason });
  }
  const suppressed = mergeSuppressed(
    stats.suppressed,
    { below, groups: leftOut },
    stats.groupSets,
    stats.values,
  )!;
  return { ...stats, groups: stats.groups.filter((g) => !dropped.has(g)), suppressed };
}
