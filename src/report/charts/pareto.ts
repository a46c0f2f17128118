import type { TopLevelSpec } from 'vega-lite';
import type { SweepResult } from '../../mitigation/in/index.js';
import { CHART_CONFIG, type ReportChart, VL_SCHEMA } from './types.js';

const f3 = (x: number | null) => (x === null ? 'not defined' : x.toFixed(3));
const r4 = (x: number | null) => (x === null ? null : Math.round(x * 1e4) / 1e4);

/**
 * The fairness–accuracy trade-off of a λ sweep: one point per λ (parity gap on x, AUC on y), the
 * Pareto front joined by a line. Up and to the left is better.
 * @example
 * paretoChart(sweep).id // => 'pareto-gender'
 */
export function paretoChart(r: SweepResult): ReportChart {
  const values = r.points.map((p) => ({
    lambda: String(p.lambda),
    auc: r4(p.auc),
    gap: r4(p.demographicParityDifference),
    pareto: p.pareto ? 'Pareto front' : 'dominated',
  }));
  const front = values.filter((v) => v.pareto === 'Pareto front').sort((a, b) => (a.gap ?? 0) - (b.gap ?? 0));
  const spec: TopLevelSpec = {
    $schema: VL_SCHEMA,
    title: {
      text: `Fairness–accuracy trade-off (penalty on ${r.attribute})`,
      subtitle: `Held-out split of ${r.split.test} rows; parity gap of the top ${(100 * r.selectShare).toFixed(0)}%`,
    },
    description: `AUC against the selection-rate gap between ${r.attribute} groups, one point per fairness penalty λ.`,
    width: 420,
    height: 280,
    layer: [
      {
        data: { values: front },
        mark: { type: 'line', color: '#1565c0' },
        encoding: {
          x: { field: 'gap', type: 'quantitative' },
          y: { field: 'auc', type: 'quantitative' },
          order: { field: 'gap', type: 'quantitative' },
        },
      },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 80 },
        encoding: {
          x: { field: 'gap', type: 'quantitative', title: 'parity gap (max − min selection rate)' },
          y: { field: 'auc', type: 'quantitative', title: 'AUC', scale: { zero: false } },
          color: {
            field: 'pareto',
            type: 'nominal',
            title: null,
            scale: { range: ['#1565c0', '#9e9e9e'], domain: ['Pareto front', 'dominated'] },
          },
          shape: { field: 'pareto', type: 'nominal', title: null },
          tooltip: [
            { field: 'lambda', title: 'λ' },
            { field: 'auc', format: '.3f' },
            { field: 'gap', format: '.3f' },
          ],
        },
      },
      {
        data: { values },
        mark: { type: 'text', dx: 8, align: 'left' },
        encoding: {
          x: { field: 'gap', type: 'quantitative' },
          y: { field: 'auc', type: 'quantitative' },
          text: { field: 'lambda' },
        },
      },
    ],
    config: CHART_CONFIG,
  };
  return {
    id: `pareto-${r.attribute.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.replace(/-+$/, ''),
    title: `Fairness–accuracy trade-off across λ`,
    description: `AUC and selection-rate gap of the ${r.attribute}-penalised model for λ = ${r.points.map((p) => p.lambda).join(', ')}.`,
    spec,
    table: {
      columns: ['λ', 'AUC', 'accuracy', 'parity gap', 'Pareto'],
      rows: r.points.map((p) => [
        String(p.lambda),
        f3(p.auc),
        f3(p.accuracy),
        f3(p.demographicParityDifference),
        p.pareto ? 'yes' : 'no',
      ]),
    },
  };
}
