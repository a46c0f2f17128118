import type { TopLevelSpec } from 'vega-lite';
import { vegaAssets } from './assets.js';
import type { ReportChart } from './charts/types.js';
import { escapeHtml, jsonForScript } from './escape.js';

function scripts(): string {
  const a = vegaAssets();
  return [a.vega, a.vegaLite, a.vegaEmbed].map((s) => `<script>${s}</script>`).join('\n');
}

/** A section of a chart page: a heading, optional preformatted text and an optional table. */
export interface PageSection {
  readonly heading: string;
  readonly text?: string | undefined;
  readonly table?:
    | { readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] }
    | undefined;
}

/**
 * A self-contained HTML page (works offline: vega, vega-lite and vega-embed are inlined from
 * node_modules) showing Vega-Lite charts and text sections. A pure function of its arguments.
 */
export function chartPage(page: {
  readonly title: string;
  readonly summary: string;
  readonly charts: readonly TopLevelSpec[];
  readonly sections?: readonly PageSection[];
}): string {
  const charts = page.charts.map((_, i) => `<div class="chart" id="chart${i}"></div>`).join('\n');
  const sections = (page.sections ?? [])
    .map((s) => {
      const table = s.table
        ? `<table><thead><tr>${s.table.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${s.table.rows
            .map(
              (r) =>
                `<tr>${r.map((c) => `<td class="${escapeHtml(c)}">${escapeHtml(c)}</td>`).join('')}</tr>`,
            )
            .join('')}</tbody></table>`
        : '';
      return `<section><h2>${escapeHtml(s.heading)}</h2>${s.text ? `<pre>${escapeHtml(s.text)}</pre>` : ''}${table}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(page.title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #111; }
pre { background: #f6f6f6; padding: 0.75rem; overflow-x: auto; white-space: pre-wrap; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; }
td.alarm { color: #b91c1c; font-weight: 600; } td.warn { color: #b45309; font-weight: 600; }
.chart { margin: 1.5rem 0; }
</style>
${scripts()}
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.summary)}</p>
${charts}
${sections}
<script>
const specs = ${jsonForScript(page.charts)};
specs.forEach((spec, i) => vegaEmbed('#chart' + i, spec, { actions: false, renderer: 'svg' }));
</script>
</body>
</html>
`;
}

/**
 * A self-contained page for charts that come with their own tables (counterfactual, proxies,
 * Pareto sweeps): each chart, then its numbers, then the command's text summary.
 */
export function chartsPage(title: string, charts: readonly ReportChart[], summaryText: string): string {
  return chartPage({
    title,
    summary: charts.map((c) => c.description).join(' '),
    charts: charts.map((c) => c.spec),
    sections: [
      ...charts.map((c) => ({
        heading: `Numbers: ${c.title}`,
        table: { header: c.table.columns, rows: c.table.rows },
        text: c.table.note,
      })),
      { heading: 'Summary', text: summaryText },
    ],
  });
}
