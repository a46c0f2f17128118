import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { AuditResult } from '../audit/index.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { reportCharts } from './charts/index.js';
import type { ReportOptions } from './document.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderSvg } from './svg.js';

export const ReportFormat = { html: 'html', md: 'md', json: 'json' } as const;
export type ReportFormat = (typeof ReportFormat)[keyof typeof ReportFormat];

export interface WriteReportOptions extends ReportOptions {
  readonly format: ReportFormat;
  /** The report file. Markdown charts go to the folder `STEM-charts/` beside it. */
  readonly out: string;
  /** Also write every chart's Vega-Lite spec to this folder as `ID.vl.json`. */
  readonly specsDir?: string | undefined;
}

/** The chart folder of a Markdown report: `reports/audit.md` → `audit-charts`. */
export function chartDirFor(out: string): string {
  return `${basename(out, extname(out))}-charts`;
}

/**
 * Writes every chart's Vega-Lite spec as `ID.vl.json` (for the Vega editor), returning the paths.
 */
export function writeChartSpecs(result: AuditResult, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return reportCharts(result).map((c) => {
    const path = join(dir, `${c.id}.vl.json`);
    writeFileAtomic(path, `${JSON.stringify(c.spec, null, 2)}\n`);
    return path;
  });
}

/**
 * Writes a report: one self-contained HTML file, the AuditResult as JSON, or a Markdown file with its
 * charts as SVG files in `STEM-charts/` beside it (old SVGs there that the report no longer uses are removed). Each
 * file is written atomically. Returns the paths written.
 * @example
 * await writeReport(result, { format: 'md', out: 'reports/audit.md' }) // => ['reports/audit-charts/a0-group-rates.svg', …, 'reports/audit.md']
 */
export async function writeReport(result: AuditResult, options: WriteReportOptions): Promise<string[]> {
  const { format, out, specsDir, ...rest } = options;
  if (!Object.values(ReportFormat).includes(format)) {
    throw new UsageError('bad_format', `Cannot write a report as "${String(format)}".`, {
      hint: `Use one of ${Object.values(ReportFormat).join(', ')}.`,
    });
  }
  const written: string[] = [];
  if (format === 'json') {
    // The AuditResult itself: what `fairprobe report` renders and `AuditResultSchema` validates.
    writeFileAtomic(out, `${JSON.stringify(result, null, 2)}\n`);
  } else if (format === 'md') {
    const chartDir = chartDirFor(out);
    const dir = join(dirname(out), chartDir);
    mkdirSync(dir, { recursive: true });
    const names = new Set<string>();
    for (const c of reportCharts(result)) {
      const name = `${c.id}.svg`;
      names.add(name);
      writeFileAtomic(join(dir, name), await renderSvg(c.spec));
      written.push(join(dir, name));
    }
    for (const f of readdirSync(dir)) if (f.endsWith('.svg') && !names.has(f)) rmSync(join(dir, f));
    writeFileAtomic(out, renderMarkdown(result, { ...rest, chartDir }));
  } else {
    writeFileAtomic(out, renderHtml(result, rest));
  }
  written.push(out);
  if (specsDir) written.push(...writeChartSpecs(result, specsDir));
  return written;
}
