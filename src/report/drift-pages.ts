import {
  type Band,
  DEFAULT_BANDS,
  type DriftResult,
  driftCharts,
  formatDriftLine,
  type History,
  historyCharts,
} from '../drift/index.js';
import { chartPage } from './page.js';

/** The trend of a history as table rows: one per run. */
export function historyRows(history: History): string[][] {
  return history.runs.map((r) => {
    const score = history.values.find(
      (v) =>
        v.runId === r.runId && v.section === 'distribution' && v.name === 'score' && v.group === '(overall)',
    );
    const top = history.values
      .filter(
        (v) =>
          v.runId === r.runId &&
          v.section === 'distribution' &&
          v.value !== null &&
          v.status !== 'insufficient',
      )
      .sort((a, b) => (b.value ?? 0) - (a.value ?? 0))[0];
    return [
      String(r.seq),
      r.createdAt,
      r.current,
      String(r.currentRows),
      score?.value == null ? '—' : score.value.toFixed(3),
      top ? `${top.value!.toFixed(3)} ${top.name} ${top.group}` : '—',
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
