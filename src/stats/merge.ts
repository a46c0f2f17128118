import { MISSING_GROUP } from '../data/index.js';
import { UsageError } from '../errors.js';
import { naturalCompare } from '../util/strings.js';
import { sortGroups } from './rollup.js';
import {
  addMoments,
  emptyCells,
  type FeatureDist,
  type GroupStats,
  type StatsSet,
  type SuppressedKey,
  type SuppressedStats,
} from './types.js';

const BIN = /^(?:<(-?[\d.e+-]+)|>=(-?[\d.e+-]+)|\[(-?[\d.e+-]+), -?[\d.e+-]+\))$/;

/** Lower bound of a bin name (`<18` → -∞, `[18, 25)` → 18, `>=65` → 65), undefined if not a bin. */
function binStart(v: string): number | undefined {
  const m = BIN.exec(v);
  if (!m) return undefined;
  return m[1] !== undefined ? Number.NEGATIVE_INFINITY : Number(m[2] ?? m[3]);
}

/**
 * The union of two attributes' value lists in the order normalisation gives the whole data: bins
 * numerically, categories sorted, the missing group last (so merged stats equal the whole's).
 */
function mergeValues(a: readonly string[], b: readonly string[]): string[] {
  const all = [...new Set([...a, ...b])];
  const present = all.filter((v) => v !== MISSING_GROUP);
  const starts = present.map(binStart);
  const ordered = starts.every((x) => x !== undefined)
    ? present
        .map((v, i) => ({ v, x: starts[i]! }))
        .sort((p, q) => p.x - q.x)
        .map((p) => p.v)
    : present.sort(naturalCompare);
  if (all.includes(MISSING_GROUP)) ordered.push(MISSING_GROUP);
  return ordered;
}

/**
 * Adds two distributions of the same feature (same kind): numeric buckets by index, categories by
 * name. Used by {@link mergeStats} and to roll groups up.
 */
export function mergeFeatureDists(a: FeatureDist, b: FeatureDist): FeatureDist {
  if (a.kind === 'numeric' && b.kind === 'numeric') {
    const m = new Map<number, [number, number, number]>();
    for (const [i, w, wx] of [...a.buckets, ...b.buckets]) {
      const t = m.get(i);
      if (t) {
        t[1] += w;
        t[2] += wx;
      } else m.set(i, [i, w, wx]);
    }
    return {
      kind: 'numeric',
      n: a.n + b.n,
      w: a.w + b.w,
      w2: a.w2 + b.w2,
      missing: a.missing + b.missing,
      buckets: [...m.values()].sort((x, y) => x[0] - y[0]),
    };
  }
  if (a.kind === 'categorical' && b.kind === 'categorical') {
    const counts: Record<string, number> = {};
    for (const k of [...new Set([...Object.keys(a.counts), ...Object.keys(b.counts)])].sort())
      counts[k] = (a.counts[k] ?? 0) + (b.counts[k] ?? 0);
    return {
      kind: 'categorical',
      n: a.n + b.n,
      w: a.w + b.w,
      w2: a.w2 + b.w2,
      missing: a.missing + b.missing,
      counts,
    };
  }
  throw new UsageError('stats_mismatch', 'Cannot merge a numeric and a categorical feature distribution.');
}

/**
 * The groups left out of either of two StatsSets (of the same groups), each once, in group order:
 * a group suppressed in one and complementary in the other is `suppressed`; `below` is the larger.
 * Undefined when neither left any group out.
 */
export function mergeSuppressed(
  a: SuppressedStats | undefined,
  b: SuppressedStats | undefined,
  groupSets: readonly (readonly string[])[],
  values: Readonly<Record<string, readonly string[]>>,
): SuppressedStats | undefined {
  if (!a && !b) return undefined;
  const byKey = new Map<string, SuppressedKey>();
  for (const k of [...(a?.groups ?? []), ...(b?.groups ?? [])]) {
    const id = JSON.stringify([k.attributes, k.values]);
    const prev = byKey.get(id);
    if (!prev || (prev.reason === 'complementary' && k.reason === 'suppressed'))
      byKey.set(id, { attributes: k.attributes, values: k.values, reason: k.reason });
  }
  const keyed = [...byKey.values()].map((key) => ({ key }));
  return {
    below: Math.max(a?.below ?? 0, b?.below ?? 0),
    groups: sortGroups(keyed, groupSets, values).map((g) => g.key),
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Adds the statistics of two partitions of the same data (same attributes, bins and decision
 * rule): the result equals the statistics of their union. Groups a part left out for privacy
 * (`suppressed`) stay listed as left out; a group that another part kept then holds that part's
 * rows only.
 * @throws {UsageError} when the two were computed with different attributes, bins or decisions.
 * @example
 * mergeStats(januaryStats, februaryStats).rows.read // => rows of both months
 */
export function mergeStats(a: StatsSet, b: StatsSet): StatsSet {
  const names = (x: StatsSet) => x.provenance.sources.map((s) => s.name).join(' + ') || 'in-memory stats';
  const mismatch = (what: string, detail?: string, hint?: string) =>
    new UsageError(
      'stats_mismatch',
      `Cannot merge the stats of ${names(a)} and ${names(b)}: their ${what} differ${detail ? ` (${detail})` : ''}.`,
      {
        hint: hint ?? 'Compute every partition with the same --group, --threshold and histogram settings.',
      },
    );
  const seen = new Set(a.provenance.sources.map((s) => s.sha256));
  const twice = b.provenance.sources.find((s) => seen.has(s.sha256));
  if (twice) {
    throw new UsageError(
      'stats_duplicate',
      `The same data (${twice.name}, SHA-256 ${twice.sha256.slice(0, 12)}…) is in the merge twice; its rows would count double.`,
      {
        hint: 'Give each partition once.',
      },
    );
  }
  if (!sameJson(a.attributes, b.attributes))
    throw mismatch('attributes', `${a.attributes.join(', ')} vs ${b.attributes.join(', ')}`);
  if (!sameJson(a.histogram, b.histogram))
    throw mismatch(
      'score histogram bins',
      `${JSON.stringify(a.histogram)} vs ${JSON.stringify(b.histogram)}`,
    );
  if (!sameJson(a.decision, b.decision)) {
    const d = (x: StatsSet) =>
      x.decision.kind === 'threshold' ? `threshold ${x.decision.threshold}` : JSON.stringify(x.decision);
    const topK = a.provenance.selectTop !== undefined || b.provenance.selectTop !== undefined;
    throw mismatch(
      'decision rules',
      `${d(a)} vs ${d(b)}`,
      topK
        ? '--select-top derives a threshold from each partition separately, so partitions cannot share it; compute the partitions with one --threshold (e.g. the cut-off of the whole list).'
        : undefined,
    );
  }
  if (!sameJson(a.groupSets, b.groupSets)) throw mismatch('intersections');
  if (a.provenance.scoreScale !== b.provenance.scoreScale)
    throw mismatch('score scales (probability vs raw)');
  if (!sameJson(a.provenance.roles, b.provenance.roles))
    throw mismatch(
      'column roles',
      `${JSON.stringify(a.provenance.roles)} vs ${JSON.stringify(b.provenance.roles)}`,
    );
  if (!sameJson(a.features ?? null, b.features ?? null)) throw mismatch('feature columns');
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
    if (g.features) {
      const into: Record<string, FeatureDist> = { ...(m.features ?? {}) };
      for (const [col, d] of Object.entries(g.features)) {
        const prev = into[col];
        into[col] = prev ? mergeFeatureDists(prev, d) : d;
      }
      m = { ...m, features: into };
      out.set(id, m);
    }
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
  for (const attr of a.attributes) values[attr] = mergeValues(a.values[attr] ?? [], b.values[attr] ?? []);
  const union = (x: readonly string[] = [], y: readonly string[] = []) => [...new Set([...x, ...y])].sort();
  const mapping = (x: StatsSet['provenance']['label'], y: StatsSet['provenance']['label']) =>
    x && y
      ? { ...x, positive: union(x.positive, y.positive), negative: union(x.negative, y.negative) }
      : (x ?? y);
  const label = mapping(a.provenance.label, b.provenance.label);
  const prediction = mapping(a.provenance.prediction, b.provenance.prediction);
  const overlap = label ? label.positive.filter((v) => label.negative.includes(v)) : [];
  if (overlap.length > 0)
    throw mismatch(`label mappings (${overlap.join(', ')} is positive in one and negative in the other)`);
  const suppressed = mergeSuppressed(a.suppressed, b.suppressed, a.groupSets, values);
  return {
    ...a,
    ...(suppressed ? { suppressed } : {}),
    provenance: {
      ...a.provenance,
      sources: [...a.provenance.sources, ...b.provenance.sources],
      hasLabel: a.provenance.hasLabel || b.provenance.hasLabel,
      label,
      prediction,
    },
    values,
    rows: {
      read: a.rows.read + b.rows.read,
      used: a.rows.used + b.rows.used,
      dropped: [...dropped.entries()].map(([reason, rows]) => ({ reason, rows })),
      unlabeled: a.rows.unlabeled + b.rows.unlabeled,
      missingGroup,
    },
    groups: sortGroups([...out.values()], a.groupSets, values),
  };
}
