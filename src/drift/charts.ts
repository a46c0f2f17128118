import type { TopLevelSpec } from 'vega-lite';
import type { History, HistoryValue } from './history.js';
import type { DriftResult } from './result.js';
import { type Band, DEFAULT_BANDS, DRIFT_DISPARITIES, type DriftDisparity } from './settings.js';

const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** One point of a trend line: when (run time or window), which series, the value and its status. */
export interface TrendPoint {
  readonly x: string;
  readonly series: string;
  readonly value: number;
  readonly status: string;
}

/**
 * A line chart of a drift measure over runs or windows with its warn and alarm bands shaded
 * (amber from warn to alarm, red above alarm). Pure: the same points give the same spec.
 * @example
 * trendChart(points, { title: 'Score PSI', band: { warn: 0.1, alarm: 0.25 }, xTitle: 'run' }).layer.length // => 3
 */
export function trendChart(
  points: readonly TrendPoint[],
  options: {
    readonly title: string;
    readonly band?: Band | undefined;
    readonly yTitle: string;
    readonly xTitle: string;
    readonly temporal?: boolean;
    /** Every x value in order, so an x without a point (a run with nothing to draw) still has its place. */
    readonly xDomain?: readonly string[] | undefined;
  },
): TopLevelSpec {
  const max = Math.max(...points.map((p) => p.value), options.band ? options.band.alarm * 1.6 : 0, 0);
  const xType = options.temporal ? 'temporal' : 'ordinal';
  const bands = options.band
    ? [
        {
          data: {
            values: [
              { from: options.band.warn, to: options.band.alarm, level: 'warn' },
              { from: options.band.alarm, to: max, level: 'alarm' },
            ],
          },
          mark: { type: 'rect' as const, opacity: 0.15 },
          encoding: {
            y: { field: 'from', type: 'quantitative' as const },
            y2: { field: 'to' },
            color: {
              field: 'level',
              type: 'nominal' as const,
              scale: { domain: ['warn', 'alarm'], range: ['#f59e0b', '#dc2626'] },
              legend: { title: 'band' },
            },
          },
        },
      ]
    : [];
  return {
    $schema: VL_SCHEMA,
    title: options.title,
    width: 640,
    height: 280,
    data: { values: points.map((p) => ({ ...p })) },
    resolve: { scale: { color: 'independent' } },
    layer: [
      ...bands,
      {
        mark: { type: 'line', point: true },
        encoding: {
          x: {
            field: 'x',
            type: xType,
            title: options.xTitle,
            sort: null,
            ...(options.xDomain ? { scale: { domain: [...options.xDomain] } } : {}),
          },
          y: { field: 'value', type: 'quantitative', title: options.yTitle, scale: { domain: [0, max] } },
          color: { field: 'series', type: 'nominal', title: 'check' },
          tooltip: [
            { field: 'x', title: options.xTitle },
            { field: 'series', title: 'check' },
            { field: 'value', format: '.3f' },
            { field: 'status' },
          ],
        },
      },
      {
        data: { values: points.filter((p) => p.status === 'alarm').map((p) => ({ ...p })) },
        mark: { type: 'point', shape: 'diamond', size: 120, filled: true, color: '#dc2626' },
        encoding: {
          x: { field: 'x', type: xType, sort: null },
          y: { field: 'value', type: 'quantitative' },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Series worth drawing: the overall one and every series that ever left the ok state. */
function interesting<T extends { series: string; status: string }>(points: readonly T[]): T[] {
  const keep = new Set(
    points.filter((p) => p.status === 'warn' || p.status === 'alarm').map((p) => p.series),
  );
  return points.filter((p) => keep.has(p.series) || p.series.endsWith('(overall)'));
}

/** Which history chart draws a recorded value: a check's main measure (PSI, or a fairness change). */
function chartOf(v: HistoryValue): 'psi' | 'difference' | 'ratio' | undefined {
  if (v.section === 'fairness') {
    if (v.measure !== 'change') return undefined;
    return DRIFT_DISPARITIES[v.name as DriftDisparity] === 'ratio' ? 'ratio' : 'difference';
  }
  return v.measure === 'psi' ? 'psi' : undefined;
}

const seriesOf = (v: HistoryValue) =>
  v.section === 'mix' ? `group mix · ${v.name}` : `${v.name} · ${v.group}`;

/** The window each run is charted by: the last one of a windows run, '' for a pair. */
function chartedWindows(history: History): Map<string, string> {
  const last = new Map<string, string>();
  for (const v of history.values) if ((last.get(v.runId) ?? '') < v.window) last.set(v.runId, v.window);
  return last;
}

/**
 * The charts of a run history: score, feature and group-mix PSI per run with the PSI bands; the
 * change of each group rate and difference metric with the difference bands; and, when recorded,
 * the change of each ratio metric (disparate impact) with the ratio bands. Each chart draws the
 * overall series and every series that ever warned or alarmed, and has a place for every run; a
 * windows run is drawn by its last window ({@link historyUncharted} lists what that leaves out).
 */
export function historyCharts(
  history: History,
  bands: { psi: Band; difference: Band; ratio?: Band | undefined },
): TopLevelSpec[] {
  const last = chartedWindows(history);
  const x = (v: { seq: number; createdAt: string }) =>
    `#${v.seq} ${v.createdAt.slice(0, 16).replace('T', ' ')}`;
  const xDomain = history.runs.map(x);
  const points = (chart: 'psi' | 'difference' | 'ratio') =>
    interesting(
      history.values
        .filter((v) => chartOf(v) === chart && v.value !== null && v.window === (last.get(v.runId) ?? ''))
        .map((v) => ({
          x: x(v),
          series: seriesOf(v),
          value: chart === 'psi' ? v.value! : Math.abs(v.value!),
          status: v.status,
        })),
    );
  const ratioRecorded = history.values.some((v) => chartOf(v) === 'ratio');
  return [
    trendChart(points('psi'), {
      title: 'Distribution drift per run (PSI)',
      band: bands.psi,
      yTitle: 'PSI',
      xTitle: 'run',
      xDomain,
    }),
    trendChart(points('difference'), {
      title: 'Fairness drift per run (|change| vs baseline)',
      band: bands.difference,
      yTitle: '|current − baseline|',
      xTitle: 'run',
      xDomain,
    }),
    ...(ratioRecorded
      ? [
          trendChart(points('ratio'), {
            title: 'Disparate impact drift per run (|change| of the ratio vs baseline)',
            band: bands.ratio ?? DEFAULT_BANDS.fairness.ratio,
            yTitle: '|current − baseline| (ratio)',
            xTitle: 'run',
            xDomain,
          }),
        ]
      : []),
  ];
}

/**
 * The warnings and alarms of a history that {@link historyCharts} does not draw, one line each, oldest
 * run first: those of a windows run's earlier windows, and the counts of new or vanished groups
 * (recorded in a run's counts but not as values). Empty when the charts show every finding.
 * @example
 * historyUncharted(history) // => ['#1 [2025-10] alarm score PSI region=east 0.399', …]
 */
export function historyUncharted(history: History): string[] {
  const last = chartedWindows(history);
  const lines: { seq: number; text: string }[] = [];
  const counted = new Map<string, { alarm: number; warn: number }>();
  for (const v of history.values) {
    if (chartOf(v) === undefined || (v.status !== 'alarm' && v.status !== 'warn')) continue;
    const n = counted.get(v.runId) ?? { alarm: 0, warn: 0 };
    n[v.status]++;
    counted.set(v.runId, n);
    if (v.value !== null && v.window === (last.get(v.runId) ?? '')) continue;
    const value = v.value === null ? '—' : v.section === 'fairness' ? signed(v.value) : v.value.toFixed(3);
    const what =
      v.section === 'fairness'
        ? `${v.name} ${v.group} ${value}`
        : v.section === 'mix'
          ? `group mix PSI ${v.name} ${value}`
          : `${v.name} PSI ${v.group} ${value}`;
    lines.push({ seq: v.seq, text: `#${v.seq}${v.window ? ` [${v.window}]` : ''} ${v.status} ${what}` });
  }
  for (const r of history.runs) {
    const n = counted.get(r.runId) ?? { alarm: 0, warn: 0 };
    const alarms = r.alarms - n.alarm;
    const warnings = r.warnings - n.warn;
    const parts = [
      alarms > 0 ? `${alarms} alarm${alarms === 1 ? '' : 's'}` : '',
      warnings > 0 ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '',
    ].filter(Boolean);
    if (parts.length > 0) {
      lines.push({
        seq: r.seq,
        text: `#${r.seq} ${parts.join(' and ')} for groups new in or gone from the current data`,
      });
    }
  }
  return lines.sort((a, b) => a.seq - b.seq).map((l) => l.text);
}

const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;

/** The chart of a drift result: PSI per window (windows mode) or per check (a pair), with the bands. */
export function driftCharts(result: DriftResult): TopLevelSpec[] {
  const band = result.settings.bands.psi;
  const points: TrendPoint[] = [];
  for (const c of result.comparisons) {
    for (const d of c.distribution) {
      if (d.psi === null) continue;
      const group =
        d.attributes.length === 0
          ? '(overall)'
          : d.attributes.map((a, i) => `${a}=${d.values[i]}`).join(' & ');
      points.push({
        x: result.mode === 'windows' ? c.current.label : group,
        series: result.mode === 'windows' ? `${d.column} · ${group}` : d.column,
        value: d.psi,
        status: d.status,
      });
    }
  }
  return [
    trendChart(result.mode === 'windows' ? interesting(points) : points, {
      title:
        result.mode === 'windows'
          ? 'Distribution drift per window (PSI)'
          : 'Distribution drift per group (PSI)',
      band,
      yTitle: 'PSI',
      xTitle: result.mode === 'windows' ? 'window' : 'group',
    }),
  ];
}
