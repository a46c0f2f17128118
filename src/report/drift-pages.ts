import {
  type Band,
  DEFAULT_BANDS,
  type DriftResult,
  driftCharts,
  formatDriftLine,
  type History,
  type HistoryValue,
  historyCharts,
  historyUncharted,
} from '../drift/index.js';
import { chartPage } from './page.js';

/**
 * The trend of a history as table rows: one per run. A windows run is one row for all its windows,
 * as its alarm and warning counts are: it shows the windows and their rows in all, and its PSIs are
 * the largest of any window, with the window in brackets ("top PSI": the largest of the checks with
 * the worst status).
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
    // The shift that counts: the worst status first (a noisy small group's larger PSI that is not
    // significant does not hide the one that alarms), then the largest PSI.
    const worst = ['alarm', 'warn'].find((st) => psis.some((v) => v.status === st));
    const top = largest(psis.filter((v) => (worst ? v.status === worst : v.status !== 'insufficient')));
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
  'top PSI',
  'alarms',
  'warnings',
  'status',
];

/** Findings listed in the page, at most; the rest are counted. */
const UNCHARTED_SHOWN = 200;

/**
 * The HTML drift report of a history: PSI, fairness-difference and disparate-impact trends with
 * their alarm bands, the warnings and alarms the charts leave out, and the runs. Self-contained
 * (scripts inlined; every string from the data escaped) and a pure function of the history and bands.
 */
export function historyHtml(
  history: History,
  bands: { psi: Band; difference: Band; ratio?: Band | undefined } = {
    psi: DEFAULT_BANDS.psi,
    difference: DEFAULT_BANDS.fairness.difference,
    ratio: DEFAULT_BANDS.fairness.ratio,
  },
): string {
  const last = history.runs[history.runs.length - 1];
  const ratio = bands.ratio ?? DEFAULT_BANDS.fairness.ratio;
  const uncharted = historyUncharted(history);
  const shown = uncharted.slice(0, UNCHARTED_SHOWN);
  if (uncharted.length > shown.length) shown.push(`… and ${uncharted.length - shown.length} more`);
  return chartPage({
    title: 'fairprobe drift history',
    summary: last
      ? `${history.runs.length} run(s); latest #${last.seq} at ${last.createdAt}: ${last.status.toUpperCase()}. Bands: PSI warn ${bands.psi.warn}, alarm ${bands.psi.alarm}; fairness change warn ${bands.difference.warn}, alarm ${bands.difference.alarm}; disparate impact change warn ${ratio.warn}, alarm ${ratio.alarm}.`
      : 'No runs recorded yet.',
    charts: historyCharts(history, { ...bands, ratio }),
    sections: [
      ...(shown.length > 0
        ? [
            {
              heading: 'Warnings and alarms not on the charts',
              text: `A windows run is charted by its last window; the findings of its other windows, and those for groups new in or gone from the data, are listed here.\n\n${shown.join('\n')}`,
            },
          ]
        : []),
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
