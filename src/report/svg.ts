import type { TopLevelSpec } from 'vega-lite';
import type { AuditResult } from '../audit/index.js';
import { reportCharts } from './charts/index.js';

/**
 * Renders a Vega-Lite spec to SVG text with vega's own headless renderer (no browser, no canvas:
 * text widths are estimated, so the output is the same on every machine without node-canvas).
 * @example
 * (await renderSvg(groupRatesSpec(result, 0))).startsWith('<svg') // => true
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return `${await view.toSVG()}\n`;
  } finally {
    view.finalize();
  }
}

/** Every chart of the report as SVG, by file name (`ID.svg`), in report order. */
export async function renderChartSvgs(result: AuditResult): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const c of reportCharts(result)) out.set(`${c.id}.svg`, await renderSvg(c.spec));
  return out;
}
