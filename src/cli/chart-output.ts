import { chartsPage, type ReportChart } from '../report/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { Io } from './run.js';

/** `--format`, `--out` and `--specs` of a command whose result comes with charts. */
export interface ChartOutputFlags {
  format?: string;
  out?: string;
  specs?: string;
}

/**
 * Writes a result that comes with charts (counterfactual, proxies): its text summary (default), JSON,
 * or a self-contained HTML page with the charts (`--format html`, or an `--out` ending in .html), to
 * `--out` or stdout; `--specs DIR` also writes each chart's Vega-Lite spec as `DIR/ID.vl.json`.
 */
export function writeChartOutput(
  io: Io,
  flags: ChartOutputFlags,
  output: { result: unknown; text: string; title: string; charts: () => readonly ReportChart[] },
): void {
  const format = flags.format ?? (flags.out?.toLowerCase().endsWith('.html') ? 'html' : 'table');
  const body =
    format === 'json'
      ? `${JSON.stringify(output.result, null, 2)}\n`
      : format === 'html'
        ? chartsPage(output.title, output.charts(), output.text)
        : output.text;
  if (flags.out) {
    writeFileAtomic(flags.out, body);
    io.err(`wrote ${flags.out}`);
  } else io.out(body);
  if (flags.specs) {
    const charts = output.charts();
    for (const c of charts) {
      writeFileAtomic(`${flags.specs}/${c.id}.vl.json`, `${JSON.stringify(c.spec, null, 2)}\n`);
    }
    io.err(`wrote ${charts.length} chart spec(s) to ${flags.specs}`);
  }
}
