import type { TopLevelSpec } from 'vega-lite';
import type { CounterfactualResult } from '../../model/index.js';
import { CHART_CONFIG, type ReportChart, VL_SCHEMA } from './types.js';

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? 'not defined' : `${(100 * x).toFixed(2)}%`;
const r5 = (x: number | null | undefined) =>
  x === null || x === undefined ? null : Math.round(x * 1e5) / 1e5;

/**
 * Counterfactual flip test: per (from → to) pair, the share of decisions that change with its
 * Wilson interval (left), and the distribution of score changes as a histogram (right).
 * @example
 * counterfactualChart(result).id // => 'counterfactual'
 */
export function counterfactualChart(r: CounterfactualResult): ReportChart {
  const shown = r.pairs.filter((p) => !p.suppressed && p.n > 0);
  const label = (p: { from: string; to: string }) => `${p.from} → ${p.to}`;
  const shares = shown.map((p) => ({
    pair: label(p),
    share: r5(p.changed.share),
    low: r5(p.changed.interval?.low),
    high: r5(p.changed.interval?.high),
  }));
  const hist = shown.flatMap((p) =>
    (p.histogram?.counts ?? []).map((c, i) => ({
      pair: label(p),
      start: r5(p.histogram!.start + i * p.histogram!.width),
      end: r5(p.histogram!.start + (i + 1) * p.histogram!.width),
      share: r5(c / p.n),
    })),
  );
  const level = Math.round(100 * r.confidence);
  const spec: TopLevelSpec = {
    $schema: VL_SCHEMA,
    title: {
      text: `Counterfactual flip of ${r.attribute}${r.proxies.length ? ` (and ${r.proxies.join(', ')})` : ''}`,
      subtitle: `Decision: score ≥ ${r.threshold}; bars: ${level}% Wilson intervals`,
    },
    description: `Share of decisions that change when ${r.attribute} is flipped, and the distribution of score changes, per pair of groups.`,
    hconcat: [
      {
        data: { values: shares },
        width: 260,
        height: { step: 22 },
        layer: [
          {
            mark: { type: 'rule', strokeWidth: 2 },
            encoding: {
              y: { field: 'pair', type: 'nominal', title: null },
              x: { field: 'low', type: 'quantitative', title: 'decisions changed', axis: { format: '%' } },
              x2: { field: 'high' },
            },
          },
          {
            mark: { type: 'point', filled: true, size: 60, color: '#1565c0' },
            encoding: {
              y: { field: 'pair', type: 'nominal' },
              x: { field: 'share', type: 'quantitative' },
              tooltip: [
                { field: 'pair' },
                { field: 'share', format: '.2%' },
                { field: 'low', format: '.2%' },
                { field: 'high', format: '.2%' },
              ],
            },
          },
        ],
      },
      {
        data: { values: hist },
        width: 260,
        height: { step: 22 },
        mark: { type: 'rect' },
        encoding: {
          y: { field: 'pair', type: 'nominal', title: null, axis: null },
          x: { field: 'start', type: 'quantitative', title: 'score change (counterfactual − actual)' },
          x2: { field: 'end' },
          color: { field: 'share', type: 'quantitative', title: 'share of rows', scale: { scheme: 'blues' } },
          tooltip: [
            { field: 'pair' },
            { field: 'start', format: '.4f' },
            { field: 'end', format: '.4f' },
            { field: 'share', format: '.2%' },
          ],
        },
      },
    ],
    config: CHART_CONFIG,
  };
  return {
    id: 'counterfactual',
    title: `Counterfactual flip of ${r.attribute}`,
    description: `Per pair of ${r.attribute} groups, the share of decisions that change and the distribution of score changes when the attribute is flipped.`,
    spec,
    table: {
      columns: [
        'from → to',
        'rows',
        'decisions changed',
        `${level}% interval`,
        'mean score change',
        `${level}% interval`,
      ],
      rows: r.pairs.map((p) => [
        label(p),
        p.suppressed ? `<${10}` : String(p.n),
        pct(p.changed.share),
        p.changed.interval ? `[${pct(p.changed.interval.low)}, ${pct(p.changed.interval.high)}]` : '',
        p.meanChange.value === null ? 'not defined' : p.meanChange.value.toFixed(5),
        p.meanChange.interval
          ? `[${p.meanChange.interval.low.toFixed(5)}, ${p.meanChange.interval.high.toFixed(5)}]`
          : '',
      ]),
    },
  };
}
