import { UsageError } from '../errors.js';
import { sortGroups } from './rollup.js';
import { addMoments, emptyCells, type GroupStats, type StatsSet } from './types.js';

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Adds the statistics of two partitions of the same data (same attributes, bins and decision
 * rule): the result equals the statistics of their union.
 * @throws {UsageError} when the two were computed with different attributes, bins or decisions.
 * @example
 * mergeStats(januaryStats, februaryStats).rows.read // => rows of both months
 */
export function mergeStats(a: StatsSet, b: StatsSet): StatsSet {
  const mismatch = (what: string) =>
    new UsageError('stats_mismatch', `Cannot merge these stats: their ${what} differ.`, {
      hint: 'Compute every partition with the same --group, --threshold/--select-top and histogram settings.',
    });
  if (!sameJson(a.attributes, b.attributes)) throw mismatch('attributes');
  if (!sameJson(a.histogram, b.histogram)) throw mismatch('score histogram bins');
  if (!sameJson(a.decision, b.decision)) throw mismatch('decision rules');
  if (!sameJson(a.groupSets, b.groupSets)) throw mismatch('intersections');
  const out = new Map<string, GroupStats>();
  for (const g of [...a.groups, ...b.groups]) {
    const id = JSON.stringify([g.key.attributes, g.key.values]);
    let m = out.get(id);
    if (!m) {
      m = {
        key: g.key,
        cells: emptyCells(),
        hist: {
          pos: new Array(a.histogram.bins).fill(0),
          neg: new Array(a.histogram.bins).fill(0),
          unl: new Array(a.histogram.bins).fill(0),
        },
      };
      out.set(id, m);
    }
    for (const c of ['tp', 'fp', 'tn', 'fn', 'up', 'un'] as const) addMoments(m.cells[c], g.cells[c]);
    for (const h of ['pos', 'neg', 'unl'] as const) {
      const src = g.hist[h];
      const dst = m.hist[h];
      for (let i = 0; i < src.length; i++) dst[i]! += src[i]!;
    }
  }
  const dropped = new Map<string, number>();
  for (const d of [...a.rows.dropped, ...b.rows.dropped])
    dropped.set(d.reason, (dropped.get(d.reason) ?? 0) + d.rows);
  const missingGroup: Record<string, number> = { ...a.rows.missingGroup };
  for (const [k, v] of Object.entries(b.rows.missingGroup)) missingGroup[k] = (missingGroup[k] ?? 0) + v;
  const values: Record<string, string[]> = {};
  for (const attr of a.attributes) {
    const seen = [...(a.values[attr] ?? [])];
    for (const v of b.values[attr] ?? []) if (!seen.includes(v)) seen.push(v);
    values[attr] = seen;
  }
  return {
    ...a,
    values,
    rows: {
      read: a.rows.read + b.rows.read,
      used: a.rows.used + b.rows.used,
      unlabeled: a.rows.unlabeled + b.rows.unlabeled,
      dropped: [...dropped.entries()].map(([reason, rows]) => ({ reason, rows })),
      missingGroup,
    },
    groups: sortGroups([...out.values()], a.groupSets, values),
  };
}
