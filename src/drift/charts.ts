import type { TopLevelSpec } from 'vega-lite';
import type { History } from './history.js';
import type { DriftResult } from './result.js';
import type { Band } from './settings.js';

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
          x: { field: 'x', type: xType, title: options.xTitle, sort: null },
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

/**
 * The charts of a run history: score and feature PSI per run with the PSI bands, and the change of
 * each fairness difference metric with the difference bands (overall series and any series that
 * ever warned or alarmed).
 */
export function historyCharts(history: History, bands: { psi: Band; difference: Band }): TopLevelSpec[] {
  const last = new Map<string, string>();
  for (const v of history.values) if ((last.get(v.runId) ?? '') < v.window) last.set(v.runId, v.window);
  const vals = history.values.filter((v) => v.window === (last.get(v.runId) ?? ''));
  const x = (v: { seq: number; createdAt: string }) =>
    `#${v.seq} ${v.createdAt.slice(0, 16).replace('T', ' ')}`;
  const psi = interesting(
    vals
      .filter((v) => v.section === 'distribution' && v.value !== null)
      .map((v) => ({ x: x(v), series: `${v.name} · ${v.group}`, value: v.value!, status: v.status })),
  );
  const change = interesting(
    vals
      .filter(
        (v) =>
          v.section === 'fairness' &&
          v.measure === 'change' &&
          v.value !== null &&
          v.name !== 'disparate_impact',
      )
      .map((v) => ({
        x: x(v),
        series: `${v.name} · ${v.group}`,
        value: Math.abs(v.value!),
        status: v.status,
      })),
  );
  return [
    trendChart(psi, {
      title: 'Distribution drift per run (PSI)',
      band: bands.psi,
      yTitle: 'PSI',
      xTitle: 'run',
    }),
    trendChart(change, {
      title: 'Fairness drift per run (|change| vs baseline)',
      band: bands.difference,
      yTitle: '|current − baseline|',
      xTitle: 'run',
    }),
  ];
}

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
