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

/** Adds one normalised cell to a group's confusion cells and histograms. */
function addCell(t: GroupStats, cell: Cell): void {
  const c = t.cells;
  const slot =
    cell.y === null ? (cell.p ? c.up : c.un) : cell.y === 1 ? (cell.p ? c.tp : c.fn) : cell.p ? c.fp : c.tn;
  addMoments(slot, cell as Moments);
  const h = cell.y === null ? t.hist.unl : cell.y === 1 ? t.hist.pos : t.hist.neg;
  if (cell.bin !== null) h[cell.bin]! += cell.w;
  if (cell.hist) {
    const { bins, w } = cell.hist;
    for (let i = 0; i < bins.length; i++) h[bins[i]!]! += w[i]!;
  }
}

/** Adds group `f`'s statistics into group `t`. */
function addGroup(t: GroupStats, f: GroupStats): void {
  for (const name of ['tp', 'fp', 'tn', 'fn', 'up', 'un'] as const) addMoments(t.cells[name], f.cells[name]);
  for (const h of ['pos', 'neg', 'unl'] as const) {
    const src = f.hist[h];
    const dst = t.hist[h];
    for (let i = 0; i < src.length; i++) dst[i]! += src[i]!;
  }
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
  const k = attributes.length;
  // 1. Rank every cell's values (bins numerically, categories sorted) and give each cell its index
  //    in the full cross of all attributes (mixed radix over the ranks).
  const ranks = attributes.map((a) => new Map((normalized.values[a] ?? []).map((v, i) => [v, i])));
  const radix = attributes.map((a) => Math.max(1, (normalized.values[a] ?? []).length));
  const cells = normalized.cells;
  const m = cells.length;
  const cross = new Float64Array(m);
  const order = new Array<number>(m);
  const sortKey = new Float64Array(m);
  const yCode = (y: 0 | 1 | null) => (y === null ? 2 : y);
  for (let j = 0; j < m; j++) {
    const c = cells[j]!;
    let x = 0;
    for (let i = 0; i < k; i++) x = x * radix[i]! + ranks[i]!.get(c.g[i]!)!;
    cross[j] = x;
    order[j] = j;
    // A total order: the floating-point sums below then do not depend on the order the scan
    // returned its cells in (DuckDB's parallel GROUP BY varies from run to run).
    sortKey[j] = ((x * 3 + yCode(c.y)) * 2 + c.p) * (bins + 1) + (c.bin === null ? bins : c.bin);
  }
  order.sort((a, b) => {
    const d = sortKey[a]! - sortKey[b]!;
    if (d !== 0) return d;
    const ca = cells[a]!;
    const cb = cells[b]!;
    return ca.n - cb.n || ca.w - cb.w || ca.w2 - cb.w2 || ca.s - cb.s || ca.s2 - cb.s2;
  });
  // 2. Accumulate the finest groups (one per occupied cross index), in that order.
  const newGroup = (key: GroupKey): GroupStats => ({
    key,
    cells: emptyCells(),
    hist: { pos: new Array(bins).fill(0), neg: new Array(bins).fill(0), unl: new Array(bins).fill(0) },
  });
  const finest = new Map<number, GroupStats>();
  for (const j of order) {
    const c = cells[j]!;
    let g = finest.get(cross[j]!);
    if (!g) {
      g = newGroup({ attributes, values: c.g });
      finest.set(cross[j]!, g);
    }
    addCell(g, c);
  }
  // 3. Roll the finest groups up into the overall group and every group set, in cross order.
  const overall = newGroup({ attributes: [], values: [] });
  const index = new Map(attributes.map((a, i) => [a, i]));
  const bySet = groupSets.map(() => new Map<string, GroupStats>());
  const finestSorted = [...finest.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
  const setIdx = groupSets.map((set) => set.map((a) => index.get(a)!));
  for (const f of finestSorted) {
    addGroup(overall, f);
    groupSets.forEach((set, si) => {
      const values = setIdx[si]!.map((i) => f.key.values[i]!);
      const id = values.join('\u0000');
      let g = bySet[si]!.get(id);
      if (!g) {
        g = newGroup({ attributes: set, values });
        bySet[si]!.set(id, g);
      }
      addGroup(g, f);
    });
  }
  const all = [overall, ...bySet.flatMap((mp) => [...mp.values()])];
  // Within a group set, by each attribute's value order (not by the first attribute of the cells).
  const groups = sortGroups(all, groupSets, normalized.values);
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
export function sortGroups<T extends { readonly key: GroupKey }>(
  groups: readonly T[],
  groupSets: readonly (readonly string[])[],
  values: Readonly<Record<string, readonly string[]>>,
): T[] {
  const setIndex = new Map(groupSets.map((s, i) => [JSON.stringify(s), i]));
  const rank = (g: T) =>
    g.key.attributes.length === 0 ? -1 : (setIndex.get(JSON.stringify(g.key.attributes)) ?? 1e9);
  const pos = (attr: string, v: string) => {
    const i = (values[attr] ?? []).indexOf(v);
    return i < 0 ? 1e9 : i;
  };
  const byValues = (a: T, b: T) => {
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
