import {
  type Band,
  DEFAULT_BANDS,
  type DriftResult,
  driftCharts,
  formatDriftLine,
  type History,
  type HistoryValue,
  historyCharts,
} from '../drift/index.js';
import { chartPage } from './page.js';

/**
 * The trend of a history as table rows: one per run. A windows run is one row for all its windows,
 * as its alarm and warning counts are: it shows the windows and their rows in all, and its PSIs are
 * the largest of any window, with the window in brackets.
 */
export function historyRows(history: History): string[][] {
  const byRun = new Map<string, HistoryValue[]>();
  for (const v of history.values) {
    if (v.section !== 'distribution' || v.value === null) continue;
    const list = byRun.get(v.runId) ?? [];
    list.push(v);
    byRun.set(v.runId, list);
  }
  const largest = (vs: readonly HistoryValue[]) =>
    vs.reduce<HistoryValue | undefined>(
      (a, v) => (a === undefined || v.value! > a.value! ? v : a),
      undefined,
    );
  return history.runs.map((r) => {
    const psis = byRun.get(r.runId) ?? [];
    const at = (v: HistoryValue) => (r.mode === 'windows' && v.window ? ` [${v.window}]` : '');
    const score = largest(psis.filter((v) => v.name === 'score' && v.group === '(overall)'));
    const top = largest(psis.filter((v) => v.status !== 'insufficient'));
    const w = r.mode === 'windows' ? r.windows?.list : undefined;
    return [
      String(r.seq),
      r.createdAt,
      w && w.length > 0 ? `${w.length} windows ${w[0]!.window}…${w[w.length - 1]!.window}` : r.current,
      String(w ? w.reduce((n, x) => n + x.rows, 0) : r.currentRows),
      score ? `${score.value!.toFixed(3)}${at(score)}` : '—',
      top ? `${top.value!.toFixed(3)} ${top.name} ${top.group}${at(top)}` : '—',
      String(r.alarms),
      String(r.warnings),
      r.status,
    ];
  });
}

export const HISTORY_HEADER = [
  'run',
  'created',
  'current',
  'rows',
  'score PSI',
  'max PSI',
  'alarms',
  'warnings',
  'status',
];

/**
 * The HTML drift report of a history: PSI and fairness-change trends with alarm bands, and the runs.
 * Self-contained (scripts inlined) and a pure function of the history and bands.
 */
export function historyHtml(
  history: History,
  bands: { psi: Band; difference: Band } = {
    psi: DEFAULT_BANDS.psi,
    difference: DEFAULT_BANDS.fairness.difference,
  },
): string {
  const last = history.runs[history.runs.length - 1];
  return chartPage({
    title: 'fairprobe drift history',
    summary: last
      ? `${history.runs.length} run(s); latest #${last.seq} at ${last.createdAt}: ${last.status.toUpperCase()}. Bands: PSI warn ${bands.psi.warn}, alarm ${bands.psi.alarm}; fairness change warn ${bands.difference.warn}, alarm ${bands.difference.alarm}.`
      : 'No runs recorded yet.',
    charts: historyCharts(history, bands),
    sections: [
      { heading: 'Runs', table: { header: HISTORY_HEADER, rows: historyRows(history) } },
      ...(last ? [{ heading: 'Latest run', text: last.line }] : []),
    ],
  });
}

/** The HTML drift report of one result: PSI per group (or per window) with bands, and the text report. */
export function driftResultHtml(result: DriftResult, text: string): string {
  return chartPage({
    title: 'fairprobe drift report',
    summary: formatDriftLine(result),
    charts: driftCharts(result),
    sections: [{ heading: 'Details', text }],
  });
}
