/**
 * Pure Vega-Lite spec builders for the before/after evidence of mitigations. Each returns the same
 * shape as the report's charts (id, title, description, spec, and the numbers as a table), so the
 * report can include them as a section without this module depending on the report.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ComparisonRow, Evaluation } from './evaluate.js';
import { METHODS } from './methods.js';

const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, labelLimit: 220 },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 220 },
  title: { fontSize: 13, subtitleFontSize: 11, anchor: 'start' as const },
} as const;

/** A chart: a stable id ([a-z0-9-]), title, one-sentence description, spec, and its numbers as a table. */
export interface MitigationChart {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly spec: TopLevelSpec;
  readonly table: { readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] };
}

const r4 = (x: number | null | undefined) =>
  x === null || x === undefined ? null : Math.round(x * 1e4) / 1e4;
const text = (x: number | null | undefined) => (x === null || x === undefined ? 'not defined' : x.toFixed(3));
const interval = (e: ComparisonRow['before']) =>
  e?.interval ? `[${e.interval.low.toFixed(3)}, ${e.interval.high.toFixed(3)}]` : '';

/**
 * Each disparity of each non-reference group before and after the mitigation, as points with their
 * intervals, one row per group and one column per metric.
 * @example
 * beforeAfterChart(evaluation, { metrics: ['disparate_impact'] }).spec.mark // => undefined (layered)
 */
export function beforeAfterChart(
  ev: Evaluation,
  options: { readonly metrics?: readonly string[] } = {},
): MitigationChart {
  const metrics = options.metrics ?? ['disparate_impact', 'equal_opportunity_difference'];
  const rows = ev.disparities.filter((d) => d.group.length > 0 && metrics.includes(d.metric));
  const values = rows.flatMap((d) =>
    (['before', 'after'] as const).map((when) => {
      const e = d[when];
      return {
        group: `${d.attribute.join(' × ')}: ${d.group.join(' & ')}`,
        metric: d.metric,
        when,
        value: r4(e?.value),
        low: r4(e?.interval?.low),
        high: r4(e?.interval?.high),
      };
    }),
  );
  const title = `${METHODS[ev.method].title}: disparities before and after`;
  const spec: TopLevelSpec = {
    $schema: VL_SCHEMA,
    title: {
      text: title,
      subtitle: `Same model, same held-out split (${ev.split.test} rows), top ${ev.selectTop}`,
    },
    data: { values },
    facet: { column: { field: 'metric', type: 'nominal', title: null } },
    spec: {
      width: 220,
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: {
            y: { field: 'group', type: 'nominal', title: null },
            yOffset: { field: 'when', type: 'nominal', sort: ['before', 'after'] },
            x: { field: 'low', type: 'quantitative', title: 'value (95% interval)' },
            x2: { field: 'high' },
            color: {
              field: 'when',
              type: 'nominal',
              sort: ['before', 'after'],
              scale: { range: ['#9e9e9e', '#1565c0'] },
            },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 60 },
          encoding: {
            y: { field: 'group', type: 'nominal' },
            yOffset: { field: 'when', type: 'nominal', sort: ['before', 'after'] },
            x: { field: 'value', type: 'quantitative' },
            color: { field: 'when', type: 'nominal', sort: ['before', 'after'], title: null },
            tooltip: [
              { field: 'group' },
              { field: 'metric' },
              { field: 'when' },
              { field: 'value', format: '.3f' },
              { field: 'low', format: '.3f' },
              { field: 'high', format: '.3f' },
            ],
          },
        },
      ],
    },
    resolve: { scale: { x: 'independent' } },
    config: CONFIG,
  };
  return {
    id: `mitigation-${ev.method}-before-after`,
    title,
    description: `Each group's ${metrics.join(' and ')} against its reference group, before and after ${ev.method}, with 95% bootstrap intervals.`,
    spec,
    table: {
      columns: ['attribute', 'group', 'metric', 'before', 'before interval', 'after', 'after interval'],
      rows: rows.map((d) => [
        d.attribute.join(' × '),
        d.group.join(' & '),
        d.metric,
        text(d.before?.value),
        interval(d.before),
        text(d.after?.value),
        interval(d.after),
      ]),
    },
  };
}

/**
 * Fairness against performance: one point for the original model and one per mitigation, with the
 * share of conversions captured in the top-k on x and the largest demographic-parity difference
 * between groups of the first attribute on y. Closer to the bottom right is better.
 */
export function fairnessCostChart(evaluations: readonly Evaluation[]): MitigationChart {
  if (evaluations.length === 0) throw new RangeError('fairnessCostChart requires at least one evaluation');
  const gap = (ev: Evaluation, when: 'before' | 'after') =>
    ev.disparities.find((d) => d.group.length === 0 && d.metric === 'demographic_parity_difference')?.[when]
      ?.value ?? null;
  const first = evaluations[0]!;
  const points = [
    {
      model: 'original',
      captured: r4(first.before.performance.conversionsCapturedShare),
      auc: r4(first.before.performance.auc),
      gap: r4(gap(first, 'before')),
    },
    ...evaluations.map((ev) => ({
      model: ev.method,
      captured: r4(ev.after.performance.conversionsCapturedShare),
      auc: r4(ev.after.performance.auc),
      gap: r4(gap(ev, 'after')),
    })),
  ];
  const spec: TopLevelSpec = {
    $schema: VL_SCHEMA,
    title: {
      text: 'Fairness against performance',
      subtitle: `Top ${first.selectTop}; held-out split of ${first.split.test} rows`,
    },
    width: 360,
    height: 240,
    data: { values: points },
    layer: [
      {
        mark: { type: 'point', filled: true, size: 80 },
        encoding: {
          x: {
            field: 'captured',
            type: 'quantitative',
            title: 'conversions captured in the top-k (share)',
            scale: { zero: false },
          },
          y: {
            field: 'gap',
            type: 'quantitative',
            title: 'demographic parity difference (max − min)',
            scale: { zero: true },
          },
          color: { field: 'model', type: 'nominal', title: null },
          tooltip: [
            { field: 'model' },
            { field: 'captured', format: '.3f' },
            { field: 'auc', format: '.3f' },
            { field: 'gap', format: '.3f' },
          ],
        },
      },
      {
        mark: { type: 'text', dx: 8, align: 'left', fontSize: 11 },
        encoding: {
          x: { field: 'captured', type: 'quantitative' },
          y: { field: 'gap', type: 'quantitative' },
          text: { field: 'model' },
        },
      },
    ],
    config: CONFIG,
  };
  return {
    id: 'mitigation-fairness-cost',
    title: 'Fairness against performance',
    description:
      'For the original model and each mitigation: the share of conversions captured in the selected top-k against the largest gap in selection rates between groups.',
    spec,
    table: {
      columns: ['model', 'conversions captured', 'AUC', 'demographic parity difference'],
      rows: points.map((p) => [p.model, text(p.captured), text(p.auc), text(p.gap)]),
    },
  };
}
