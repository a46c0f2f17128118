import { METRICS, type MetricDefinition } from '../metrics/index.js';
import { escapeMarkdown } from './escape.js';

const TITLES: Record<string, string> = {
  group: 'Group metrics',
  disparity: 'Disparities (each group against its reference group)',
  aggregate: 'Aggregates (one value per attribute)',
  ranking: 'Ranking and exposure',
};

const INTROS: Record<string, string> = {
  group:
    'Computed for every group, every intersection and overall. Rates carry Wilson intervals (on the effective sample size when weighted); a rate whose denominator is empty is `null` with a reason.',
  disparity:
    'Each group against the reference group of its attribute (largest group by default). Differences and ratios carry bootstrap intervals from count-level resampling; tests are two-proportion z or Fisher exact, Holm-corrected.',
  aggregate: 'fairlearn-style summaries over the groups of an attribute, `between_groups` and `to_overall`.',
  ranking: 'The ordered lead list: who appears near the top and how much attention each group gets.',
};

function row(m: MetricDefinition): string {
  return `| \`${m.id}\` | ${escapeMarkdown(m.name)} | \`${m.formula.replaceAll('|', '\\|')}\` | ${escapeMarkdown(m.description)} | ${m.favourable} | ${m.needs} | ${m.source ? escapeMarkdown(m.source) : ''} |`;
}

/**
 * The metrics reference page (docs/metrics.md), generated from the registry: the same text the
 * reports and `fairprobe metrics --explain` show, so every definition is written once.
 * @example
 * metricsReferenceMarkdown().startsWith('# Metrics reference') // => true
 */
export function metricsReferenceMarkdown(): string {
  const kinds = [...new Set(METRICS.map((m) => m.kind))];
  const out = [
    '# Metrics reference',
    '',
    '_Generated from the metric registry (`src/metrics/registry.ts`) by `npm run docs`; do not edit by hand._',
    '',
    'Selection (being contacted by sales) is treated as the favourable outcome. "needs" says what the data must provide for the metric to be defined.',
    '',
  ];
  for (const kind of kinds) {
    out.push(`## ${TITLES[kind] ?? kind}`, '', INTROS[kind] ?? '', '');
    out.push(
      '| id | name | formula | meaning | favourable | needs | source |',
      '|---|---|---|---|---|---|---|',
    );
    for (const m of METRICS.filter((x) => x.kind === kind)) out.push(row(m));
    out.push('');
  }
  return `${out.join('\n')}`;
}
