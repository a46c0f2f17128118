import { createHash } from 'node:crypto';
import type { AuditResult } from '../audit/index.js';
import { vegaAssets } from './assets.js';
import type { ChartTable, ReportChart } from './charts/index.js';
import { type Block, type ReportOptions, reportDocument } from './document.js';
import { NOT_PROVIDED } from './dpia.js';
import { escapeHtml as e, jsonForScript } from './escape.js';

/** Options of the HTML report (the same as every report's). */
export type HtmlReportOptions = ReportOptions;

const CSS = `
:root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --accent: #0b5cad;
  --bad: #fff1e5; --bad-ink: #8a3b00; --ok: #eaf5ea; --ok-ink: #1a5e20; --warn: #fff8c5; --na: #f0f0f0; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI",
  Roboto, "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 28px 64px; }
header.report { border-bottom: 2px solid var(--ink); margin-bottom: 16px; padding-bottom: 8px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; line-height: 1.25; overflow-wrap: anywhere; }
h2 { font-size: 1.35rem; margin: 40px 0 8px; padding-top: 8px; border-top: 1px solid var(--line);
  overflow-wrap: anywhere; }
h3 { font-size: 1.05rem; margin: 24px 0 6px; overflow-wrap: anywhere; }
p { margin: 6px 0 10px; overflow-wrap: anywhere; }
p.lead { font-size: 1rem; }
p.note, .subtitle, figcaption, .table-note { color: var(--muted); font-size: 0.88rem; }
nav.toc { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px;
  margin: 12px 0 8px; font-size: 0.9rem; }
nav.toc ol { margin: 4px 0; padding-left: 20px; columns: 2; column-gap: 32px; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0 12px; }
dl.fields dt { font-weight: 600; }
dl.fields dd { margin: 0; overflow-wrap: anywhere; }
dd.missing, td.missing { color: var(--bad-ink); font-style: italic; }
ul { padding-left: 22px; }
li { margin: 3px 0; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; margin: 8px 0 14px; }
table { border-collapse: collapse; font-size: 0.84rem; min-width: 40%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; color: var(--ink); }
th, td { border: 1px solid var(--line); padding: 3px 7px; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
td { max-width: 28em; }
th { background: var(--soft); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.s-bad { background: var(--bad); color: var(--bad-ink); }
td.s-ok { background: var(--ok); color: var(--ok-ink); }
td.s-warn { background: var(--warn); }
td.s-na { background: var(--na); }
figure.chart { margin: 18px 0 26px; padding: 12px 14px; border: 1px solid var(--line); border-radius: 6px; }
figure.chart figcaption { margin: 6px 0; }
.vis { min-height: 60px; max-width: 100%; overflow-x: auto; }
.vis svg { max-width: 100%; height: auto; }
pre { background: var(--soft); border: 1px solid var(--line); padding: 8px 10px; font-size: 0.8rem;
  white-space: pre-wrap; overflow-wrap: anywhere; }
table.signoff td { height: 2.4em; min-width: 9em; }
footer { margin-top: 40px; color: var(--muted); font-size: 0.82rem; border-top: 1px solid var(--line);
  padding-top: 8px; overflow-wrap: anywhere; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-before: page; border-top: none; margin-top: 0; }
  section#summary h2 { break-before: avoid; }
  h2, h3, caption { break-after: avoid; }
  figure.chart { break-inside: avoid; border: none; padding: 0; }
  .table-wrap { overflow: visible; }
  table { font-size: 7.5pt; }
  tr { break-inside: avoid; }
  td.s-bad, td.s-ok, td.s-warn, td.s-na, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .vis { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
`;

/**
 * Runs in the page: draws every chart from the embedded specs with vega-embed (SVG renderer, no
 * actions menu, nothing loaded), then sets `data-charts-ready` on <html> with the number drawn.
 */
const BOOT = `(function () {
  'use strict';
  var specs = JSON.parse(document.getElementById('fairprobe-specs').textContent);
  var nodes = document.querySelectorAll('[data-chart]');
  var jobs = [];
  Array.prototype.forEach.call(nodes, function (el) {
    var spec = specs[el.getAttribute('data-chart')];
    if (!spec) return;
    jobs.push(vegaEmbed(el, spec, { renderer: 'svg', actions: false }).then(function () {
      el.setAttribute('data-rendered', 'true');
    }, function (err) {
      el.setAttribute('data-rendered', 'error');
      el.textContent = 'This chart could not be drawn; its numbers are in the table below.';
      console.error(err);
    }));
  });
  Promise.all(jobs).then(function () {
    document.documentElement.setAttribute('data-charts-ready', String(jobs.length));
  });
})();
`;

/** A class for a table cell from its text: numbers right-aligned, statuses tinted (text and symbol stay). */
function cellClass(text: string): string {
  if (/^[✗▲]/.test(text)) return ' class="s-bad"';
  if (/^✓/.test(text)) return ' class="s-ok"';
  if (/^!/.test(text)) return ' class="s-warn"';
  if (/^\?/.test(text)) return ' class="s-na"';
  if (/^[−+-]?[<\d][\d,.]*%?( \[[^\]]*\])?$/.test(text)) return ' class="num"';
  return '';
}

function table(t: ChartTable, caption: string): string {
  const head = t.columns.map((c) => `<th scope="col">${e(c)}</th>`).join('');
  const body = t.rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${e(c)}</th>` : `<td${cellClass(c)}>${e(c)}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  const note = t.note ? `\n<p class="table-note">${e(t.note)}</p>` : '';
  return `<div class="table-wrap"><table>\n<caption>${e(caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>${note}`;
}

function chart(c: ReportChart): string {
  const label = `${c.title}. ${c.description}`;
  return `<figure class="chart" id="chart-${c.id}">
<div class="vis" data-chart="${c.id}" role="img" aria-label="${e(label)}"></div>
<figcaption><strong>${e(c.title)}.</strong> ${e(c.description)} The numbers are in the table below.</figcaption>
${table(c.table, `Numbers: ${c.title}`)}
</figure>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h3${b.id ? ` id="${b.id}"` : ''}>${e(b.text)}</h3>`;
    case 'paragraph':
      return `<p${b.tone ? ` class="${b.tone}"` : ''}>${e(b.text)}</p>`;
    case 'list':
      return `<ul>\n${b.items.map((i) => `<li>${e(i)}</li>`).join('\n')}\n</ul>`;
    case 'fields':
      return `<dl class="fields">\n${b.fields
        .map((f) =>
          f.value === undefined || f.value === ''
            ? `<dt>${e(f.label)}</dt><dd class="missing">⚠ ${e(NOT_PROVIDED)}</dd>`
            : `<dt>${e(f.label)}</dt><dd>${e(f.value)}</dd>`,
        )
        .join('\n')}\n</dl>`;
    case 'table':
      return table(b.table, b.caption);
    case 'chart':
      return chart(b.chart);
    case 'signoff':
      return `<div class="table-wrap"><table class="signoff">
<caption>Sign-off</caption>
<thead><tr><th scope="col">Role</th><th scope="col">Name</th><th scope="col">Decision</th><th scope="col">Date</th><th scope="col">Signature</th></tr></thead>
<tbody>
${b.lines
  .map(
    (l) =>
      `<tr><th scope="row">${e(l.role)}</th>${l.name ? `<td>${e(l.name)}</td>` : `<td class="missing">⚠ ${e(NOT_PROVIDED)}</td>`}<td>${e(l.decision ?? '')}</td><td>${e(l.date ?? '')}</td><td></td></tr>`,
  )
  .join('\n')}
</tbody>
</table></div>`;
    case 'code':
      return `<pre><code>${e(b.text)}</code></pre>`;
  }
}

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * Renders an audit as one self-contained HTML page: vega, vega-lite and vega-embed inlined, the
 * chart specs embedded as JSON, every string from the data escaped, a Content-Security-Policy that
 * allows only the page's own scripts (by hash) and no network request, and print styles.
 * A pure function of its inputs: the same result and options give the same bytes.
 * @example
 * writeFileSync('report.html', renderHtml(result, { dpia: { purpose: 'Lead prioritisation' } }));
 */
export function renderHtml(result: AuditResult, options: HtmlReportOptions = {}): string {
  const doc = reportDocument(result, options);
  const assets = vegaAssets();
  const specs: Record<string, unknown> = {};
  for (const s of doc.sections)
    for (const b of s.blocks) if (b.kind === 'chart') specs[b.chart.id] = b.chart.spec;
  const scripts = [assets.vega, assets.vegaLite, assets.vegaEmbed, BOOT];
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map(sha256Source).join(' ')} 'unsafe-eval'`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "connect-src 'none'",
    "font-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const toc = doc.sections.map((s) => `<li><a href="#${s.id}">${e(s.title)}</a></li>`).join('\n');
  const body = doc.sections
    .map(
      (s) =>
        `<section id="${s.id}" aria-labelledby="${s.id}-title">\n<h2 id="${s.id}-title">${e(s.title)}</h2>\n${s.blocks.map(block).join('\n')}\n</section>`,
    )
    .join('\n\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${e(`${result.tool.name} ${result.tool.version}`)}">
<title>${e(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header class="report">
<h1>${e(doc.title)}</h1>
<p class="subtitle">${e(doc.subtitle)}</p>
</header>
<nav class="toc" aria-label="Contents">
<strong>Contents</strong>
<ol>
${toc}
</ol>
</nav>
${body}
<footer>
<p>Generated by ${e(result.tool.name)} ${e(result.tool.version)} from an AuditResult (${e(result.schema)}) created ${e(result.createdAt)}; input SHA-256 ${e(result.input.sha256)}. Charts drawn with vega ${e(assets.versions.vega)}, vega-lite ${e(assets.versions.vegaLite)} and vega-embed ${e(assets.versions.vegaEmbed)}, all inlined: the page loads nothing from the network. The report holds aggregates only.</p>
</footer>
</main>
<script type="application/json" id="fairprobe-specs">${jsonForScript(specs)}</script>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`;
}
