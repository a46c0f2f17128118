import type { TopLevelSpec } from 'vega-lite';
import type { ProxyResult } from '../../model/index.js';
import { CHART_CONFIG, type ReportChart, VL_SCHEMA } from './types.js';

const f3 = (x: number | null) => (x === null ? 'not defined' : x.toFixed(3));

/** Risk colours: the same order everywhere. */
const RISKS = ['high', 'moderate', 'low', 'negligible'] as const;

/**
 * Proxy risk of each feature for one attribute: the one-feature AUC (0.5 is chance) as bars
 * coloured by risk level, ranked, with the all-features cross-validated AUC as a rule.
 * @example
 * proxiesChart(result, 0).id // => 'proxies-a0'
 */
export function proxiesChart(r: ProxyResult, index: number): ReportChart {
  const a = r.attributes[index];
  if (!a) throw new RangeError(`attribute index ${index} is out of range 0..${r.attributes.length - 1}`);
  const values = a.features.map((f) => ({
    feature: f.feature,
    auc: f.auc === null ? null : Math.round(f.auc * 1e4) / 1e4,
    risk: f.risk,
  }));
  const spec: TopLevelSpec = {
    $schema: VL_SCHEMA,
    title: {
      text: `How well each feature predicts ${a.attribute}`,
      subtitle: `One-feature AUC (0.5 = chance); line: all features together, ${a.combined.folds}-fold cross-validated AUC ${f3(a.combined.auc)}`,
    },
    description: `Proxy risk of each feature for ${a.attribute}, ranked by how well it alone predicts the group.`,
    width: 420,
    height: { step: 20 },
    layer: [
      {
        data: { values },
        mark: { type: 'bar', clip: true },
        encoding: {
          y: { field: 'feature', type: 'nominal', sort: values.map((v) => v.feature), title: null },
          // Bars start at chance (0.5): the length is how much better than chance a feature predicts.
          x: { field: 'auc', type: 'quantitative', title: 'AUC', scale: { domain: [0.5, 1], clamp: true } },
          x2: { datum: 0.5 },
          color: {
            field: 'risk',
            type: 'nominal',
            title: 'proxy risk',
            scale: { domain: [...RISKS], range: ['#b71c1c', '#ef6c00', '#fbc02d', '#9e9e9e'] },
          },
          tooltip: [{ field: 'feature' }, { field: 'auc', format: '.3f' }, { field: 'risk' }],
        },
      },
      {
        data: { values: [{ auc: a.combined.auc }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#1565c0', strokeWidth: 2 },
        encoding: { x: { field: 'auc', type: 'quantitative' } },
      },
    ],
    config: CHART_CONFIG,
  };
  return {
    id: `proxies-a${index}`,
    title: `Proxies of ${a.attribute}`,
    description: a.reading,
    spec,
    table: {
      columns: ['feature', 'kind', 'AUC', "Cramér's V", 'mutual information (bits)', 'risk'],
      rows: a.features.map((f) => [
        f.feature,
        f.kind,
        f3(f.auc),
        f3(f.cramersV),
        f.mutualInformation.toFixed(4),
        f.risk,
      ]),
    },
  };
}
