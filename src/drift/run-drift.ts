import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { type DataInput, type LabelRule, parseGroupSpecs, type Roles } from '../data/index.js';
import { InputError, UsageError } from '../errors.js';
import { isStatsFile, keyId, readStatsFile, STATS_SCHEMA, type StatsSet } from '../stats/index.js';
import { isCalendarDate, recordedTimestamp } from '../util/timestamp.js';
import { VERSION } from '../version.js';
import { collectDriftStats, collectWindowStats, type DriftCollectOptions } from './collect.js';
import { compareStats, compareUngated, gateComparisons } from './compare.js';
import { DRIFT_SCHEMA, type DriftComparison, type DriftResult, type DriftSettings } from './result.js';
import type { TimeUnit } from './scan.js';
import { type DriftSettingsInput, resolveDriftSettings, worstStatus } from './settings.js';

/** One side of a drift comparison: data (a file path or in-memory rows) or saved statistics. */
export type DriftSide = DataInput | StatsSet;

/** Options of {@link drift}. */
export interface DriftOptions extends DriftSettingsInput, Partial<Omit<DriftCollectOptions, 'histogram'>> {
  /** The baseline: a data file, a stats file (`fairprobe stats` or `--save-baseline`), rows, or a StatsSet. */
  readonly baseline: DriftSide;
  readonly current: DriftSide;
  /** Fixed timestamp for reproducible results (default: now). */
  readonly createdAt?: string | undefined;
  /**
   * Drop the label when the current data has no such column (production data without outcomes yet):
   * only decision-based drift is compared, and a warning says so. A label taken from a stats
   * baseline is always optional this way.
   */
  readonly labelOptional?: boolean | undefined;
}

/** Options of {@link driftWindows}. */
export interface WindowDriftOptions extends DriftSettingsInput, DriftCollectOptions {
  readonly data: DataInput;
  /** The date or timestamp column. */
  readonly time: string;
  readonly by: TimeUnit;
  /** `first` (default), `previous`, or a date (`2025-06`, `2025-06-02`) naming the window that contains it. */
  readonly baselineWindow?: string | undefined;
  readonly createdAt?: string | undefined;
}

function isStats(x: unknown): x is StatsSet {
  return typeof x === 'object' && x !== null && (x as { schema?: unknown }).schema === STATS_SCHEMA;
}

function loadStats(side: DriftSide): StatsSet | undefined {
  if (isStats(side)) return side;
  if (typeof side === 'string' && isStatsFile(side)) return readStatsFile(side);
  return undefined;
}

/** The roles, decision and features a stats set was computed with, to collect the other side alike. */
function collectOptionsOf(stats: StatsSet): Partial<DriftCollectOptions> {
  const r = stats.provenance.roles;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const groups = Array.isArray(r.groups) ? r.groups.join(',') : (text(r.groups) ?? '');
  const roles: Roles = {
    score: text(r.score),
    label: text(r.label),
    prediction: stats.decision.kind === 'prediction' ? stats.decision.column : undefined,
    weight: text(r.weight),
    groups: parseGroupSpecs(groups),
  };
  const rule = (m: StatsSet['provenance']['label']): LabelRule | undefined =>
    m?.rule === 'explicit' ? { positive: m.positive, negative: m.negative } : undefined;
  return {
    roles,
    label: rule(stats.provenance.label),
    prediction: rule(stats.provenance.prediction),
    threshold: stats.decision.kind === 'threshold' ? stats.decision.threshold : undefined,
    scoreScale: stats.provenance.scoreScale,
    features: stats.features?.columns,
  };
}

function sideLabel(side: DriftSide, stats: StatsSet, fallback: string): string {
  if (typeof side === 'string') return side;
  return stats.provenance.sources.map((s) => s.name).join(' + ') || fallback;
}

function collectFrom(
  o: Partial<DriftCollectOptions>,
  fixed: Partial<DriftCollectOptions>,
): DriftCollectOptions {
  // Roles given override one by one; the others come from the baseline (a stats file's roles).
  const given = o.roles;
  const base = fixed.roles;
  const roles: Roles | undefined =
    given && base
      ? {
          ...base,
          score: given.score ?? base.score,
          label: given.label ?? base.label,
          prediction: given.prediction ?? base.prediction,
          weight: given.weight ?? base.weight,
          groups: given.groups?.length ? given.groups : base.groups,
        }
      : (given ?? base);
  if (!roles?.groups?.length) {
    throw new UsageError(
      'no_groups',
      roles
        ? 'Name the sensitive attributes to compare.'
        : 'Name the columns to compare: at least a score and groups.',
      {
        hint: 'For example --score score --group gender,region (or give a stats file as the baseline).',
      },
    );
  }
  return {
    ...fixed,
    ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)),
    roles,
  } as DriftCollectOptions;
}

function headlines(comparisons: readonly DriftComparison[], many: boolean): string[] {
  const items: { rank: number; size: number; text: string }[] = [];
  const rank = { alarm: 2, warn: 1 } as Record<string, number>;
  const where = (attrs: readonly string[], values: readonly string[]) => keyId({ attributes: attrs, values });
  const f = (x: number | null | undefined, d = 3) => (x === null || x === undefined ? '—' : x.toFixed(d));
  for (const c of comparisons) {
    const at = many ? ` [${c.current.label}]` : '';
    for (const d of c.distribution) {
      if (rank[d.status])
        items.push({
          rank: rank[d.status]!,
          size: d.psi ?? 0,
          text: `${d.status} ${d.column} PSI ${f(d.psi)} ${where(d.attributes, d.values)}${at}`,
        });
    }
    for (const m of c.groupMix) {
      if (rank[m.status])
        items.push({
          rank: rank[m.status]!,
          size: m.psi ?? 0,
          text: `${m.status} group mix of ${m.attributes.join(' × ')} PSI ${f(m.psi)}${at}`,
        });
    }
    for (const g of c.groupChanges) {
      if (rank[g.status])
        items.push({
          rank: rank[g.status]!,
          size: 0,
          text: `${g.status} ${g.change} group ${where(g.attributes, g.values)} (${g.rows} rows)${at}`,
        });
    }
    for (const x of c.fairness) {
      if (rank[x.status]) {
        const sign = x.change !== null && x.change > 0 ? '+' : '';
        items.push({
          rank: rank[x.status]!,
          size: Math.abs(x.change ?? 0),
          // A disparity names its reference: a shift of the reference moves every other group's too.
          text: `${x.status} ${x.metric} ${where(x.attributes, x.values)}${x.reference ? ` vs ${x.reference.join(', ')}` : ''} ${f(x.baseline)} → ${f(x.current)} (${sign}${f(x.change)})${at}`,
        });
      }
    }
  }
  return items.sort((a, b) => b.rank - a.rank || b.size - a.size).map((i) => i.text);
}

function assemble(
  comparisons: DriftComparison[],
  settings: DriftSettings,
  createdAt: string | undefined,
  windows?: DriftResult['windows'],
): DriftResult {
  const status = worstStatus(comparisons.map((c) => c.status));
  return {
    schema: DRIFT_SCHEMA,
    tool: { name: 'fairprobe', version: VERSION },
    createdAt: recordedTimestamp(createdAt),
    mode: windows ? 'windows' : 'pair',
    status,
    summary: {
      alarms: comparisons.reduce((a, c) => a + c.counts.alarm, 0),
      warnings: comparisons.reduce((a, c) => a + c.counts.warn, 0),
      headlines: headlines(comparisons, windows !== undefined),
    },
    settings,
    ...(windows ? { windows } : {}),
    comparisons,
  };
}

/**
 * Compares two saved (or collected) statistics sets without any data.
 * @example
 * driftFromStats(parseStats(base), parseStats(cur)).status // => 'ok'
 */
export function driftFromStats(
  baseline: StatsSet,
  current: StatsSet,
  options: DriftSettingsInput & {
    readonly createdAt?: string;
    readonly labels?: { baseline: string; current: string };
  } = {},
): DriftResult {
  const settings = resolveDriftSettings(options, baseline.features?.columns ?? []);
  const labels = options.labels ?? {
    baseline: sideLabel(baseline, baseline, 'baseline'),
    current: sideLabel(current, current, 'current'),
  };
  return assemble([compareStats(baseline, current, settings, labels)], settings, options.createdAt);
}

/**
 * Drift between a baseline and a current data set, each a data file, a stats file or in-memory data:
 * distribution drift of the score and features (overall and per group), fairness drift, group mix,
 * new and vanished groups. A data side is read in one pass; the current side uses the baseline's
 * score bins. With a stats file as baseline, the roles and features come from it.
 * @throws {InputError} for unusable data, {@link UsageError} for bad options.
 * @example
 * const r = await drift({ baseline: 'base.stats.json', current: 'week-32.csv' });
 * r.status // => 'ok' | 'warn' | 'alarm'
 */
export async function drift(options: DriftOptions): Promise<DriftResult> {
  return (await driftDetailed(options)).result;
}

/** The baseline's feature specs (with the kinds it read them as) for the features asked for. */
function baselineFeatures(
  base: StatsSet,
  asked: DriftCollectOptions['features'],
): DriftCollectOptions['features'] {
  const specs = base.features?.columns;
  if (!specs || !asked) return asked ?? specs;
  const names = new Set(asked.map((f) => (typeof f === 'string' ? f : f.column)));
  return specs.filter((f) => names.has(f.column));
}

/** Largest size ratio of two files read at the same time (one thread each on two cores). */
const TOGETHER_SIZE_RATIO = 1.15;

/**
 * Reads two data files at the same time when that is faster than one after the other: files of
 * about the same size and format, on two or more cores, with the engine's threads and memory left
 * to fairprobe, and the score bins known before the baseline is read (probability scores). Each
 * engine gets half the cores: DuckDB's aggregation wastes less on one thread than on two, and one
 * file's single-threaded steps (CSV sniffing, the roll-up) overlap the other's scan; files of
 * unequal size would leave a core idle, so they are read in turn.
 *
 * The current side is read with the caller's options, as the baseline is; it is kept only when
 * that reads it as the baseline's options would have (the same roles, decision rule, features and
 * score bins); otherwise, or when reading it failed, it is read again after the baseline.
 */
async function collectTogether(
  baseline: DriftSide,
  current: DriftSide,
  options: Partial<DriftCollectOptions>,
): Promise<{ base?: StatsSet | undefined; cur?: StatsSet | undefined }> {
  const engine = options.read?.engine;
  const cores = availableParallelism();
  if (typeof baseline !== 'string' || typeof current !== 'string' || cores < 2) return {};
  if (engine?.threads !== undefined || engine?.memoryLimit !== undefined) return {};
  if (options.roles?.score !== undefined && (options.scoreScale ?? 'probability') !== 'probability')
    return {};
  if (options.histogram !== undefined || extname(baseline) !== extname(current)) return {};
  let sizes: [number, number];
  try {
    sizes = [statSync(baseline).size, statSync(current).size];
  } catch {
    return {};
  }
  const [small, large] = [Math.min(...sizes), Math.max(...sizes)];
  if (!(small > 0) || large / small > TOGETHER_SIZE_RATIO) return {};
  const opts = collectFrom(options, {});
  const read = { ...options.read, engine: { ...engine, threads: Math.floor(cores / 2) } };
  // A baseline that cannot be read ends the run: the current file's pass is stopped, not finished.
  const stop = new AbortController();
  const [b, c] = await Promise.allSettled([
    collectDriftStats(baseline, { ...opts, read }).catch((e: unknown) => {
      stop.abort();
      throw e;
    }),
    collectDriftStats(current, {
      ...opts,
      read: { ...read, signal: read.signal ? AbortSignal.any([read.signal, stop.signal]) : stop.signal },
    }),
  ]);
  if (b.status === 'rejected') throw b.reason;
  const base = b.value;
  if (c.status === 'rejected') return { base };
  const alike = (x: StatsSet) => JSON.stringify([collectOptionsOf(x), x.histogram, x.features?.grid]);
  return { base, cur: alike(c.value) === alike(base) ? c.value : undefined };
}

/** {@link drift}, also returning both sides' statistics (to save them as stats files). */
export async function driftDetailed(
  options: DriftOptions,
): Promise<{ result: DriftResult; baseline: StatsSet; current: StatsSet }> {
  const { baseline, current, createdAt, labelOptional, ...rest } = options;
  const collectOpts: Partial<DriftCollectOptions> = {
    roles: rest.roles,
    features: rest.features,
    read: rest.read,
    label: rest.label,
    prediction: rest.prediction,
    threshold: rest.threshold,
    scoreScale: rest.scoreScale,
    missing: rest.missing,
    maxGroups: rest.maxGroups,
    histogramBins: rest.histogramBins,
  };
  let base = loadStats(baseline);
  if (base && rest.features?.length) {
    const have = new Set(base.features?.columns.map((c) => c.column) ?? []);
    const lacking = rest.features
      .map((f) => (typeof f === 'string' ? f : f.column))
      .filter((f) => !have.has(f));
    if (lacking.length > 0) {
      throw new UsageError(
        'baseline_lacks_features',
        `The baseline stats hold no distribution of ${lacking.map((f) => `"${f}"`).join(', ')}.`,
        {
          hint: 'Save the baseline with the features: fairprobe drift --baseline DATA --current DATA --features … --save-baseline FILE.',
        },
      );
    }
  }
  let cur = loadStats(current);
  if (!base && !cur) ({ base, cur } = await collectTogether(baseline, current, collectOpts));
  base ??= await collectDriftStats(baseline as DataInput, collectFrom(collectOpts, {}));
  const curOpts = collectFrom(
    // The features as the baseline read them (a column the current data holds as text stays
    // numeric, its text values missing, rather than becoming another kind and not compared).
    { ...collectOpts, features: baselineFeatures(base, collectOpts.features) },
    { ...collectOptionsOf(base), histogram: base.histogram, featureGrid: base.features?.grid },
  );
  let dropped: string | undefined;
  cur ??= await collectDriftStats(current as DataInput, curOpts).catch((e: unknown) => {
    // Production data often has no outcomes yet: a label column taken from the baseline (not asked
    // for) that the current data lacks is left out, and only decision-based drift is compared.
    const optional = rest.roles?.label === undefined || labelOptional ? curOpts.roles.label : undefined;
    if (optional && e instanceof InputError && e.code === 'missing_column' && e.column === optional) {
      dropped = optional;
      return collectDriftStats(current as DataInput, {
        ...curOpts,
        roles: { ...curOpts.roles, label: undefined },
        label: undefined,
      });
    }
    throw e;
  });
  const settings = resolveDriftSettings(rest, base.features?.columns ?? []);
  const labels = {
    baseline: sideLabel(baseline, base, 'baseline'),
    current: sideLabel(current, cur, 'current'),
  };
  const comparison = compareStats(base, cur, settings, labels);
  if (dropped) {
    comparison.warnings.push({
      code: 'no_current_labels',
      message: `The current data has no "${dropped}" column: only decision-based drift (selection rates, disparate impact, statistical parity) is compared.`,
    });
  }
  return {
    result: assemble([comparison], settings, createdAt),
    baseline: base,
    current: cur,
  };
}

function pickBaseline(windows: readonly string[], spec: string, by: TimeUnit): number {
  if (spec === 'first') return 0;
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(spec);
  if (!m) {
    throw new UsageError('bad_baseline_window', `Cannot read the baseline window "${spec}".`, {
      hint: 'Use first, previous, or a date such as 2025-06 or 2025-06-02.',
    });
  }
  const date = `${m[1]}-${m[2]}-${m[3] ?? '01'}`;
  if (!isCalendarDate(date)) {
    throw new UsageError('bad_baseline_window', `"${spec}" is not a date in the calendar.`, {
      hint: 'Months run from 01 to 12, and days to the end of their month: e.g. 2025-06 or 2025-06-30.',
    });
  }
  const starts = windows.map((w) => (by === 'month' ? `${w}-01` : w));
  let idx = -1;
  starts.forEach((s, i) => {
    if (s <= date) idx = i;
  });
  const end = idx >= 0 ? nextStart(starts[idx]!, by) : '';
  if (idx < 0 || date >= end) {
    throw new UsageError('unknown_baseline_window', `No ${by} window in the data contains ${spec}.`, {
      hint: `Windows: ${windows.join(', ')}.`,
    });
  }
  return idx;
}

function nextStart(start: string, by: TimeUnit): string {
  const d = new Date(`${start}T00:00:00Z`);
  if (by === 'day') d.setUTCDate(d.getUTCDate() + 1);
  else if (by === 'week') d.setUTCDate(d.getUTCDate() + 7);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Drift over time windows of one file, from one pass: the time column truncated to day, week or
 * month is an extra grouping key; each window is compared with the baseline window (the first, a
 * chosen one, or each window's previous one).
 * @example
 * const r = await driftWindows({ data: 'datasets/prospects.csv', time: 'signup_date', by: 'month', roles: { score: 'score', groups: [{ column: 'region' }] } });
 * r.windows.list.map((w) => w.status) // => ['ok', …, 'alarm', 'alarm', 'alarm']
 */
export async function driftWindows(options: WindowDriftOptions): Promise<DriftResult> {
  const { data, time, by, baselineWindow = 'first', createdAt, ...rest } = options;
  const { windows, missingTime } = await collectWindowStats(data, { ...rest, time, by });
  if (windows.length === 0 && missingTime > 0) {
    throw new InputError(
      'bad_time_column',
      `No value of the time column "${time}" reads as a date (${missingTime} rows).`,
      {
        column: time,
        hint: 'Name a DATE or TIMESTAMP column, or text in ISO form (2025-06-30).',
      },
    );
  }
  if (windows.length < 2) {
    throw new InputError(
      'too_few_windows',
      `The data spans ${windows.length} ${by} window(s); drift needs at least two.`,
      {
        column: time,
        hint: 'Use a shorter window (--by week or day) or more data.',
      },
    );
  }
  const names = windows.map((w) => w.window);
  const settings = resolveDriftSettings(rest, windows[0]!.stats.features?.columns ?? []);
  const comparisons: DriftComparison[] = [];
  const statusOf = new Map<string, DriftComparison['status']>();
  const fixed = baselineWindow === 'previous' ? -1 : pickBaseline(names, baselineWindow, by);
  windows.forEach((w, i) => {
    const b = fixed >= 0 ? fixed : i - 1;
    if (b < 0 || b === i) return;
    comparisons.push(
      compareUngated(windows[b]!.stats, w.stats, settings, {
        baseline: windows[b]!.window,
        current: w.window,
      }),
    );
  });
  gateComparisons(comparisons, settings);
  for (const c of comparisons) statusOf.set(c.current.label, c.status);
  return assemble(comparisons, settings, createdAt, {
    column: time,
    by,
    baseline: fixed >= 0 ? names[fixed]! : 'previous',
    list: windows.map((w) => ({
      window: w.window,
      rows: w.stats.rows.read,
      status: statusOf.get(w.window) ?? 'ok',
    })),
    missingTime,
  });
}
