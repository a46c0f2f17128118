import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';

const LIBS = [
  'vega/build/vega.min.js',
  'vega-lite/build/vega-lite.min.js',
  'vega-embed/build/vega-embed.min.js',
];

/** Finds a file under the nearest node_modules folder above `from` (then the working directory). */
function findModuleFile(rel: string): string {
  for (const start of [import.meta.dirname, process.cwd()]) {
    let dir = resolve(start);
    for (;;) {
      const p = join(dir, 'node_modules', rel);
      if (existsSync(p)) return p;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error(`Cannot find node_modules/${rel}: install vega, vega-lite and vega-embed.`);
}

let scripts: string | undefined;

/** The vega, vega-lite and vega-embed builds from node_modules, as inline scripts (read once). */
function inlineScripts(): string {
  scripts ??= LIBS.map(
    (rel) =>
      `<script>/* ${rel} */\n${readFileSync(findModuleFile(rel), 'utf8').replaceAll('</script', '<\\/script')}\n</script>`,
  ).join('\n');
  return scripts;
}

/** HTML-escapes text. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** JSON safe inside a script element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A simple section of a drift page: a heading, optional preformatted text and optional table. */
export interface HtmlSection {
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
export function driftHtml(page: {
  readonly title: string;
  readonly summary: string;
  readonly charts: readonly TopLevelSpec[];
  readonly sections?: readonly HtmlSection[];
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
pre { background: #f6f6f6; padding: 0.75rem; overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; }
td.alarm { color: #b91c1c; font-weight: 600; } td.warn { color: #b45309; font-weight: 600; }
.chart { margin: 1.5rem 0; }
</style>
${inlineScripts()}
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.summary)}</p>
${charts}
${sections}
<script>
const specs = ${scriptJson(page.charts)};
specs.forEach((spec, i) => vegaEmbed('#chart' + i, spec, { actions: false, renderer: 'svg' }));
</script>
</body>
</html>
`;
}
