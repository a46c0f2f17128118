import type { GroupStats } from '../stats/index.js';
import type { SuppressedGroup } from './result.js';

function rowsOf(g: GroupStats): number {
  return Object.values(g.cells).reduce((a, m) => a + m.n, 0);
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
 *
 * @example
 * suppressSmallGroups(genderGroups, ['gender'], 10).suppressed.map((s) => s.reason)
 * // => ['suppressed', 'complementary'] when one gender group has 4 rows
 */
export function suppressSmallGroups(
  members: readonly GroupStats[],
  attributes: readonly string[],
  suppressBelow: number,
): { shown: GroupStats[]; suppressed: SuppressedGroup[] } {
  const reason = new Map<GroupStats, 'suppressed' | 'complementary'>();
  for (const g of members) if (rowsOf(g) < suppressBelow) reason.set(g, 'suppressed');
  if (reason.size > 0) {
    // The lines whose totals are published: all groups (k = 1), or groups sharing all values but one.
    const lines: GroupStats[][] = [];
    if (attributes.length === 1) lines.push([...members]);
    else {
      for (let free = 0; free < attributes.length; free++) {
        const byRest = new Map<string, GroupStats[]>();
        for (const g of members) {
          const rest = JSON.stringify(g.key.values.filter((_, i) => i !== free));
          byRest.set(rest, [...(byRest.get(rest) ?? []), g]);
        }
        lines.push(...byRest.values());
      }
    }
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of lines) {
        const hidden = line.filter((g) => reason.has(g));
        const visible = line.filter((g) => !reason.has(g));
        if (hidden.length === 1 && visible.length > 0) {
          const smallest = visible.reduce((a, b) => (rowsOf(b) < rowsOf(a) ? b : a));
          reason.set(smallest, 'complementary');
          changed = true;
        }
      }
    }
  }
  return {
    shown: members.filter((g) => !reason.has(g)),
    suppressed: members
      .filter((g) => reason.has(g))
      .map((g) => ({ values: g.key.values, rows: null, reason: reason.get(g)! })),
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
