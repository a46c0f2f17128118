import {
  binLabel,
  type DataInput,
  type DecisionSpec,
  type HistogramSpec,
  type LabelRule,
  MISSING_GROUP,
  MissingPolicy,
  type Normalized,
  normalizeCells,
  openSource,
  planScan,
  probabilityThresholdProblem,
  type ReadOptions,
  type Roles,
  type ScanPlan,
  type ScoreScale,
  type Source,
} from '../data/index.js';
import { InputError, UsageError } from '../errors.js';
import {
  buildStats,
  type FeatureDist,
  type FeatureGrid,
  type FeatureSpec,
  type GroupStats,
  gridPoint,
  keyId,
  type Provenance,
  rolesText,
  STATS_SCHEMA,
  type StatsSet,
} from '../stats/index.js';
import { bothSettled } from '../util/settled.js';
import { closestNames, quoteIdent, usedParams } from '../util/strings.js';
import { driftScan, FEATURE_GRID, type FeatureCell, type ScanCell, type TimeUnit } from './scan.js';

/** How to read one data file for drift: roles, features, decisions, grouping. */
export interface DriftCollectOptions {
  /** score, label, prediction, groups and weight (time and features are given separately). */
  readonly roles: Roles;
  /** Feature columns; a name alone is numeric for number columns and categorical otherwise. */
  readonly features?: readonly (string | FeatureSpec)[] | undefined;
  readonly read?: ReadOptions | undefined;
  readonly label?: LabelRule | undefined;
  readonly prediction?: LabelRule | undefined;
  /** Decision: score ≥ threshold (default 0.5), unless roles.prediction is given. */
  readonly threshold?: number | undefined;
  readonly scoreScale?: ScoreScale | undefined;
  readonly missing?: MissingPolicy | undefined;
  readonly maxGroups?: number | undefined;
  /** Fixed score-histogram bins (e.g. the baseline's, so raw scores of two files are comparable). */
  readonly histogram?: HistogramSpec | undefined;
  /** Score-histogram bins when `histogram` is not given (default 1000). */
  readonly histogramBins?: number | undefined;
  /** The numeric feature grid (default FEATURE_GRID; a baseline's, so both sides share buckets). */
  readonly featureGrid?: FeatureGrid | undefined;
}

/** The stats of one time window of a file. */
export interface WindowStats {
  /** Start of the window, `YYYY-MM-DD` (`YYYY-MM` for months). */
  readonly window: string;
  readonly stats: StatsSet;
}

/** Statistics per time window, from one pass. */
export interface WindowedStats {
  readonly windows: readonly WindowStats[];
  /** Rows with no usable time value (in no window). */
  readonly missingTime: number;
}

function resolveFeatures(source: Source, features: DriftCollectOptions['features']): FeatureSpec[] {
  const byName = new Map(source.columns.map((c) => [c.name, c]));
  return (features ?? []).map((f) => {
    const column = typeof f === 'string' ? f : f.column;
    const info = byName.get(column);
    if (!info) {
      const near = closestNames(column, [...byName.keys()]);
      throw new InputError('missing_column', `The feature column "${column}" is not in the data.`, {
        file: source.info.kind === 'file' ? source.info.name : undefined,
        column,
        hint: near.length
          ? `Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`
          : `Columns in the data: ${[...byName.keys()].join(', ')}.`,
      });
    }
    if (typeof f !== 'string') return f;
    if (info.kind === 'number') return { column, kind: 'numeric' };
    if (info.kind === 'string' || info.kind === 'boolean') return { column, kind: 'categorical' };
    throw new UsageError(
      'bad_feature',
      `The feature "${column}" is of type ${info.type}, neither numeric nor text.`,
      {
        column,
        hint: 'Name numeric or categorical columns as features.',
      },
    );
  });
}

async function scoreHistogram(source: Source, options: DriftCollectOptions): Promise<HistogramSpec> {
  const bins = options.histogramBins ?? 1000;
  if (options.histogram) return options.histogram;
  const score = options.roles.score;
  if ((options.scoreScale ?? 'probability') === 'probability' || !score) return { lo: 0, hi: 1, bins };
  const rel = await source.relation([score]);
  const c = quoteIdent(score);
  const sql = `SELECT min(${c})::DOUBLE AS lo, max(${c})::DOUBLE AS hi FROM ${rel.sql} WHERE NOT isnan(${c}) AND NOT isinf(${c})`;
  const r = (await source.connection.runAndReadAll(sql, usedParams(sql, rel.params))).getRowObjectsJS()[0]!;
  const lo = Number(r.lo ?? 0);
  const hi = Number(r.hi ?? 1);
  return { lo, hi: hi > lo ? hi : lo + 1, bins };
}

interface Acc {
  n: number;
  w: number;
  w2: number;
  missing: number;
  buckets: Map<number | string, [number, number]>;
}

/** A group value as normalisation writes it: bins by their label, missing as `(missing)`. */
function groupValue(plan: ScanPlan, attribute: number, v: string | number | null): string {
  if (v === null) return MISSING_GROUP;
  const spec = plan.groups[attribute]!;
  return spec.edges ? binLabel(spec.edges, Number(v)) : String(v);
}

/** Rolls the feature cells of one window into the groups of `stats` and attaches them. */
function attachFeatures(
  stats: StatsSet,
  plan: ScanPlan,
  grid: FeatureGrid,
  specs: readonly FeatureSpec[],
  cells: readonly FeatureCell[],
): StatsSet {
  const ids = new Map(stats.groups.map((g, i) => [keyId(g.key), i]));
  const acc = stats.groups.map(() =>
    specs.map<Acc>(() => ({ n: 0, w: 0, w2: 0, missing: 0, buckets: new Map() })),
  );
  for (const c of cells) {
    if (c.noDecision) continue;
    const id =
      c.attribute < 0
        ? '(overall)'
        : keyId({
            attributes: [stats.attributes[c.attribute]!],
            values: [groupValue(plan, c.attribute, c.g)],
          });
    const t = ids.get(id);
    if (t === undefined) continue;
    const a = acc[t]![c.feature]!;
    a.n += c.n;
    a.w += c.w;
    a.w2 += c.w2;
    if (c.key === null) {
      a.missing += c.w;
      continue;
    }
    // Per bucket: Σ weight, and Σ weight × point (the point of whole numbers and of other values).
    const wx = c.w * (typeof c.key === 'number' ? gridPoint(grid, c.key, c.whole) : 0);
    const b = a.buckets.get(c.key);
    if (b) {
      b[0] += c.w;
      b[1] += wx;
    } else a.buckets.set(c.key, [c.w, wx]);
  }
  const groups: GroupStats[] = stats.groups.map((g, gi) => {
    const features: Record<string, FeatureDist> = {};
    specs.forEach((spec, fi) => {
      const a = acc[gi]![fi]!;
      const base = { n: a.n, w: a.w, w2: a.w2, missing: a.missing };
      if (spec.kind === 'numeric') {
        const buckets = [...a.buckets.entries()]
          .map(([k, [w, wx]]) => [Number(k), w, wx] as const)
          .sort((x, y) => x[0] - y[0]);
        features[spec.column] = { kind: 'numeric', ...base, buckets };
      } else {
        const counts: Record<string, number> = {};
        for (const k of [...a.buckets.keys()].map(String).sort()) counts[k] = a.buckets.get(k)![0];
        features[spec.column] = { kind: 'categorical', ...base, counts };
      }
    });
    return { ...g, features };
  });
  return { ...stats, groups, features: { grid, columns: specs } };
}

/**
 * The StatsSet of one window from the overall and per-attribute cells of the scan: each grouping is
 * validated and rolled up by the data and stats layers (normalizeCells, buildStats) on a plan with
 * that one attribute, then the groups are put together (overall, then each attribute's groups).
 */
async function windowStats(
  source: Source,
  plan: ScanPlan,
  cells: readonly ScanCell[],
  options: DriftCollectOptions,
  provenance: (n: Normalized) => Provenance,
): Promise<StatsSet> {
  const drop = options.missing === MissingPolicy.drop;
  const keep = (c: ScanCell) => !(drop && c.anyMissing);
  const overallCells = cells.filter((c) => c.attribute < 0);
  const opts = {
    label: options.label,
    prediction: options.prediction,
    missing: drop ? MissingPolicy.asGroup : options.missing,
    maxGroups: options.maxGroups,
  };
  const overallPlan: ScanPlan = { ...plan, groups: [] };
  const overall = await normalizeCells(
    source,
    overallPlan,
    overallCells.filter(keep).map((c) => c.raw),
    opts,
  );
  const overallStats = buildStats(overall, overallPlan, { intersections: 'none' });
  const attributes = plan.groups.map((g) => g.column);
  const values: Record<string, readonly string[]> = {};
  const missingGroup: Record<string, number> = {};
  const groups: GroupStats[] = [overallStats.groups[0]!];
  for (let i = 0; i < attributes.length; i++) {
    const own = cells.filter((c) => c.attribute === i);
    const missing = own.filter((c) => c.raw.g[0] === null).reduce((a, c) => a + c.raw.n, 0);
    if (missing > 0) missingGroup[attributes[i]!] = missing;
    const sub: ScanPlan = { ...plan, groups: [plan.groups[i]!] };
    const n = await normalizeCells(
      source,
      sub,
      own.filter(keep).map((c) => c.raw),
      opts,
    );
    values[attributes[i]!] = n.values[attributes[i]!] ?? [];
    groups.push(...buildStats(n, sub, { intersections: 'none' }).groups.slice(1));
  }
  const read = overallCells.reduce((a, c) => a + c.raw.n, 0);
  const dropped = overallCells.filter((c) => !keep(c)).reduce((a, c) => a + c.raw.n, 0);
  return {
    schema: STATS_SCHEMA,
    attributes,
    groupSets: attributes.map((a) => [a]),
    histogram: plan.histogram,
    decision: overallStats.decision,
    rows: {
      ...overall.rows,
      read,
      dropped: [
        ...(dropped > 0
          ? [{ reason: 'missing value in a sensitive attribute (--missing drop)', rows: dropped }]
          : []),
        ...overall.rows.dropped,
      ],
      missingGroup,
    },
    values,
    groups,
    provenance: provenance(overall),
  };
}

async function collect(
  input: DataInput,
  options: DriftCollectOptions,
  time?: { readonly column: string; readonly by: TimeUnit },
): Promise<WindowedStats> {
  const source = await openSource(input, { ...options.read, prefetchFingerprint: true });
  try {
    const specs = resolveFeatures(source, options.features);
    if (time) {
      const info = source.columns.find((c) => c.name === time.column);
      if (info && info.kind !== 'time' && info.kind !== 'string') {
        throw new UsageError(
          'bad_time_column',
          `The time column "${time.column}" is ${info.type}, not a date or timestamp.`,
          {
            column: time.column,
            hint: 'Name a DATE or TIMESTAMP column, or text in ISO form (2025-06-30).',
          },
        );
      }
    }
    const roles: Roles = {
      ...options.roles,
      time: time?.column,
      features: specs.map((f) => f.column),
    };
    if (roles.score === undefined && !roles.prediction && options.threshold !== undefined) {
      throw new UsageError(
        'decision_needs_score',
        'A threshold selects leads by their score, but no score column was given.',
        {
          hint: 'Name the score column with --score, or a 0/1 decision column with --prediction.',
        },
      );
    }
    const t = options.threshold;
    const problem =
      t !== undefined && (options.scoreScale ?? 'probability') === 'probability'
        ? probabilityThresholdProblem(t)
        : undefined;
    if (problem) {
      throw new UsageError('bad_option', `The threshold ${problem}`, {
        hint: 'For raw model scores pass --raw-scores.',
      });
    }
    const decision: DecisionSpec = roles.prediction
      ? { kind: 'prediction', column: roles.prediction }
      : { kind: 'threshold', threshold: options.threshold ?? 0.5 };
    const histogram = await scoreHistogram(source, options);
    const plan = await planScan(source, roles, { decision, scoreScale: options.scoreScale, histogram });
    const [scan, sha256] = await bothSettled(
      driftScan(source, plan, specs, time, { grid: options.featureGrid }),
      source.fingerprint(),
    );
    const windows = [...new Set(scan.cells.map((c) => c.t))].sort((a, b) =>
      a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0,
    );
    let missingTime = 0;
    const out: WindowStats[] = [];
    for (const t of windows) {
      const cells = scan.cells.filter((c) => c.t === t);
      if (time && t === null) {
        missingTime = cells.filter((c) => c.attribute < 0).reduce((a, c) => a + c.raw.n, 0);
        continue;
      }
      const stats = await windowStats(source, plan, cells, options, (n) => ({
        sources: [
          {
            ...source.info,
            sha256,
            rows: cells.filter((c) => c.attribute < 0).reduce((a, c) => a + c.raw.n, 0),
          },
        ],
        columnsRead: plan.columns,
        roles: rolesText(plan),
        scoreScale: plan.scoreScale,
        hasLabel: n.label !== undefined,
        label: n.label,
        prediction: n.prediction,
      }));
      const drop = options.missing === MissingPolicy.drop;
      const feats = scan.features.filter((f) => f.t === t && !(drop && f.anyMissing));
      const withFeatures =
        specs.length > 0
          ? attachFeatures(stats, plan, options.featureGrid ?? FEATURE_GRID, specs, feats)
          : stats;
      out.push({ window: t === null ? '(all)' : label(t, time?.by), stats: withFeatures });
    }
    return { windows: out, missingTime };
  } finally {
    source.close();
  }
}

function label(start: string, by: TimeUnit | undefined): string {
  return by === 'month' ? start.slice(0, 7) : start;
}

/**
 * One pass over a data file for drift: its sufficient statistics (as `collectStats`) plus, per group,
 * the distribution of each feature column. Aggregates only; save them with `serializeStats` to keep
 * a baseline without its rows.
 * @throws {InputError} for unusable data, {@link UsageError} for bad options.
 * @example
 * const base = await collectDriftStats('datasets/prospects.csv', { roles: { score: 'score', groups: [{ column: 'region' }] }, features: ['web_visits'] });
 * base.groups[0].features.web_visits.kind // => 'numeric'
 */
export async function collectDriftStats(input: DataInput, options: DriftCollectOptions): Promise<StatsSet> {
  const r = await collect(input, options);
  if (r.windows.length === 0) throw new InputError('no_rows', 'The data has no usable rows.');
  return r.windows[0]!.stats;
}

/**
 * Statistics per time window in one pass: the time column, truncated to its day, ISO week or month,
 * is an extra grouping key of the scan.
 * @example
 * const { windows } = await collectWindowStats('datasets/prospects.csv', { roles, time: 'signup_date', by: 'month' });
 * windows.map((w) => w.window) // => ['2025-01', …, '2025-12']
 */
export async function collectWindowStats(
  input: DataInput,
  options: DriftCollectOptions & { readonly time: string; readonly by: TimeUnit },
): Promise<WindowedStats> {
  return collect(input, options, { column: options.time, by: options.by });
}
