import type { Cell, Normalized, ScanPlan } from '../data/index.js';
import {
  addMoments,
  emptyCells,
  type GroupKey,
  type GroupStats,
  Intersections,
  type Moments,
  type Provenance,
  STATS_SCHEMA,
  type StatsSet,
} from './types.js';

/** The attribute combinations to group on: each attribute, then pairs or all intersections. */
export function groupSetsFor(attributes: readonly string[], intersections: Intersections): string[][] {
  const sets: string[][] = attributes.map((a) => [a]);
  if (intersections === Intersections.none || attributes.length < 2) return sets;
  const n = attributes.length;
  const combos: string[][] = [];
  for (let mask = 1; mask < 1 << n; mask++) {
    const set = attributes.filter((_, i) => mask & (1 << i));
    if (set.length < 2) continue;
    if (intersections === Intersections.pairs && set.length !== 2) continue;
    combos.push(set);
  }
  combos.sort((a, b) => a.length - b.length);
  return [...sets, ...combos];
}

function cellMoments(cell: Cell): Moments {
  return { n: cell.n, w: cell.w, w2: cell.w2, s: cell.s, s2: cell.s2 };
}

/**
 * Rolls the finest cells up into sufficient statistics for the overall group, every single
 * attribute and the requested intersections. Pure TypeScript over the one scan's result.
 */
export function buildStats(
  normalized: Normalized,
  plan: ScanPlan,
  options: { intersections?: Intersections; provenance?: Provenance } = {},
): StatsSet {
  const attributes = plan.groups.map((g) => g.column);
  const groupSets = groupSetsFor(attributes, options.intersections ?? Intersections.pairs);
  const bins = plan.histogram.bins;
  const byKey = new Map<string, GroupStats>();
  const order: string[] = [];
  const get = (key: GroupKey): GroupStats => {
    const id = JSON.stringify([key.attributes, key.values]);
    let g = byKey.get(id);
    if (!g) {
      g = {
        key,
        cells: emptyCells(),
        hist: { pos: new Array(bins).fill(0), neg: new Array(bins).fill(0), unl: new Array(bins).fill(0) },
      };
      byKey.set(id, g);
      order.push(id);
    }
    return g;
  };
  get({ attributes: [], values: [] });
  const index = new Map(attributes.map((a, i) => [a, i]));
  // Create groups in value order (bins numerically, categories sorted) so output order does not
  // depend on row order.
  const rank = attributes.map((a) => new Map((normalized.values[a] ?? []).map((v, i) => [v, i])));
  // A total order (not only by group values): the floating-point sums below then do not depend on
  // the order the scan returned its cells in (DuckDB's parallel GROUP BY varies run to run).
  const sortedCells = [...normalized.cells].sort((a, b) => {
    for (let i = 0; i < a.g.length; i++) {
      const d = rank[i]!.get(a.g[i]!)! - rank[i]!.get(b.g[i]!)!;
      if (d !== 0) return d;
    }
    return (
      (a.y ?? -1) - (b.y ?? -1) ||
      a.p - b.p ||
      (a.bin ?? -1) - (b.bin ?? -1) ||
      a.n - b.n ||
      a.w - b.w ||
      a.w2 - b.w2 ||
      a.s - b.s ||
      a.s2 - b.s2
    );
  });
  for (const set of groupSets) {
    const idx = set.map((a) => index.get(a)!);
    for (const cell of sortedCells) get({ attributes: set, values: idx.map((i) => cell.g[i]!) });
  }
  for (const cell of sortedCells) {
    const m = cellMoments(cell);
    const targets = [byKey.get(JSON.stringify([[], []]))!];
    for (const set of groupSets) {
      const values = set.map((a) => cell.g[index.get(a)!]!);
      targets.push(byKey.get(JSON.stringify([set, values]))!);
    }
    for (const t of targets) {
      const c = t.cells;
      const slot =
        cell.y === null
          ? cell.p
            ? c.up
            : c.un
          : cell.y === 1
            ? cell.p
              ? c.tp
              : c.fn
            : cell.p
              ? c.fp
              : c.tn;
      addMoments(slot, m);
      if (cell.bin !== null) {
        const h = cell.y === null ? t.hist.unl : cell.y === 1 ? t.hist.pos : t.hist.neg;
        h[cell.bin]! += cell.w;
      }
    }
  }
  // Within a group set, by each attribute's value order (not by the first attribute of the cells).
  const groups = sortGroups(
    order.map((id) => byKey.get(id)!),
    groupSets,
    normalized.values,
  );
  return {
    schema: STATS_SCHEMA,
    attributes,
    groupSets,
    histogram: plan.histogram,
    decision: plan.decision,
    rows: normalized.rows,
    values: normalized.values,
    groups,
    provenance: options.provenance ?? {
      sources: [],
      columnsRead: plan.columns,
      roles: rolesText(plan),
      scoreScale: plan.scoreScale,
      hasLabel: normalized.label !== undefined,
      label: normalized.label,
      prediction: normalized.prediction,
    },
  };
}

/** The roles of a plan as text, for provenance records. */
export function rolesText(plan: ScanPlan): Record<string, string | string[] | undefined> {
  const r = plan.roles;
  return {
    score: r.score,
    prediction: plan.decision.kind === 'prediction' ? plan.decision.column : r.prediction,
    label: r.label,
    groups: r.groups.map((g) => (g.edges ? `${g.column}:${g.edges.join(',')}` : g.column)),
    weight: r.weight,
    id: r.id,
  };
}

function cmp(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = a[i]! < b[i]! ? -1 : a[i]! > b[i]! ? 1 : 0;
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Overall first, then by group set (in `groupSets` order), then by each attribute's value order. */
export function sortGroups(
  groups: readonly GroupStats[],
  groupSets: readonly (readonly string[])[],
  values: Readonly<Record<string, readonly string[]>>,
): GroupStats[] {
  const setIndex = new Map(groupSets.map((s, i) => [JSON.stringify(s), i]));
  const rank = (g: GroupStats) =>
    g.key.attributes.length === 0 ? -1 : (setIndex.get(JSON.stringify(g.key.attributes)) ?? 1e9);
  const pos = (attr: string, v: string) => {
    const i = (values[attr] ?? []).indexOf(v);
    return i < 0 ? 1e9 : i;
  };
  const byValues = (a: GroupStats, b: GroupStats) => {
    for (let i = 0; i < a.key.values.length; i++) {
      const d =
        pos(a.key.attributes[i]!, a.key.values[i]!) - pos(b.key.attributes[i]!, b.key.values[i]!) ||
        cmp([a.key.values[i]!], [b.key.values[i]!]);
      if (d !== 0) return d;
    }
    return 0;
  };
  return [...groups].sort((a, b) => rank(a) - rank(b) || byValues(a, b));
}
