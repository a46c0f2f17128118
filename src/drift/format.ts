import { keyId } from '../stats/index.js';
import { table as textTable } from '../util/text-table.js';
import type { DriftComparison, DriftResult } from './result.js';

/** Renders a plain-text table: header and rows of cells. */
export type TableFn = (header: readonly string[], rows: readonly (readonly string[])[]) => string;

const f = (x: number | null | undefined, d = 3): string =>
  x === null || x === undefined ? '—' : x.toFixed(d);
const p = (x: number | null | undefined): string =>
  x === null || x === undefined ? '—' : x < 0.001 ? '<0.001' : x.toFixed(3);
const group = (attributes: readonly string[], values: readonly string[]) =>
  attributes.length === 0 ? '(overall)' : keyId({ attributes, values });

/**
 * The one-line summary for a log or an alert: status, counts, the two sides and the worst findings.
 * @example
 * formatDriftLine(result)
 * // => 'fairprobe drift ALARM: 8 alarms, 1 warning · early.csv (14959 rows) → late.csv (5041 rows) · alarm score PSI 0.433 region=east; …'
 */
export function formatDriftLine(result: DriftResult, maxFindings = 3): string {
  const c = result.comparisons;
  const sides =
    result.mode === 'windows' && result.windows
      ? `${result.windows.column} by ${result.windows.by}, ${result.windows.list.length} windows, baseline ${result.windows.baseline}`
      : c[0]
        ? `${c[0].baseline.label} (${c[0].baseline.rows} rows) → ${c[0].current.label} (${c[0].current.rows} rows)`
        : '';
  const { alarms, warnings, headlines } = result.summary;
  const counts = `${alarms} alarm${alarms === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  const shown = headlines.slice(0, maxFindings);
  const more = headlines.length > shown.length ? `; +${headlines.length - shown.length} more` : '';
  const findings = shown.length > 0 ? ` · ${shown.join('; ')}${more}` : '';
  // What was not compared (an attribute or feature on one side only) is said even when all is OK.
  const notes = [...new Set(c.flatMap((x) => x.warnings.map((w) => w.message)))];
  const noted =
    notes.length > 0 ? ` · note: ${notes[0]}${notes.length > 1 ? ` (+${notes.length - 1} more)` : ''}` : '';
  return `fairprobe drift ${result.status.toUpperCase()}: ${counts} · ${sides}${findings}${noted}`;
}

function comparisonText(c: DriftComparison, table: TableFn, all: boolean): string {
  const out: string[] = [];
  out.push(
    `${c.status.toUpperCase()}  baseline ${c.baseline.label} (${c.baseline.rows} rows) → current ${c.current.label} (${c.current.rows} rows)`,
  );
  const dist = c.distribution.filter((d) => all || d.status !== 'ok' || d.attributes.length === 0);
  if (dist.length > 0) {
    out.push(
      '',
      'Distribution drift (PSI and JS on baseline-quantile bins; KS and Wasserstein on the fine grid)',
    );
    out.push(
      table(
        [
          'column',
          'group',
          'n base',
          'n cur',
          'PSI',
          'JS',
          'KS',
          'KS p',
          'Wasserstein',
          'χ² p (adj.)',
          'status',
        ],
        dist.map((d) => [
          d.column,
          group(d.attributes, d.values),
          String(d.baselineRows),
          String(d.currentRows),
          f(d.psi),
          f(d.js),
          f(d.ks),
          p(d.ksPValue),
          f(d.wasserstein),
          p(d.pAdjusted),
          d.status,
        ]),
      ),
    );
  }
  const fair = c.fairness.filter((x) => all || x.status === 'warn' || x.status === 'alarm');
  if (fair.length > 0) {
    out.push('', 'Fairness drift (change = current − baseline, bootstrap 95% interval)');
    out.push(
      table(
        ['metric', 'group', 'reference', 'baseline', 'current', 'change [CI]', 'p (adj.)', 'status'],
        fair.map((x) => [
          x.metric,
          group(x.attributes, x.values),
          x.reference?.join(' & ') ?? '',
          f(x.baseline),
          f(x.current),
          `${x.change !== null && x.change > 0 ? '+' : ''}${f(x.change)} ${x.interval ? `[${f(x.interval.low)}, ${f(x.interval.high)}]` : ''}`.trim(),
          p(x.pAdjusted),
          x.status,
        ]),
      ),
    );
  }
  if (c.groupMix.length > 0) {
    out.push('', 'Group mix (who is scored)');
    out.push(
      table(
        ['attribute', 'shares baseline → current', 'PSI', 'p (adj.)', 'status'],
        c.groupMix.map((m) => [
          m.attributes.join(' × '),
          m.groups
            .map((g) => `${g.values.join('&')} ${f(g.baselineShare, 2)}→${f(g.currentShare, 2)}`)
            .join(', '),
          f(m.psi),
          p(m.pAdjusted),
          m.status,
        ]),
      ),
    );
  }
  for (const g of c.groupChanges) {
    out.push(`${g.status}: ${g.change} group ${group(g.attributes, g.values)} (${g.rows} rows)`);
  }
  for (const w of c.warnings) out.push(`note: ${w.message}`);
  return out.join('\n');
}

/**
 * The terminal report of a drift run. By default only the overall rows and the checks that warn or
 * alarm are listed; `all` lists every check.
 */
export function formatDriftTable(
  result: DriftResult,
  table: TableFn = textTable,
  options: { all?: boolean } = {},
): string {
  const out = [formatDriftLine(result, 0)];
  if (result.mode === 'windows' && result.windows) {
    out.push(
      '',
      `Windows (${result.windows.column} by ${result.windows.by}; baseline: ${result.windows.baseline})`,
    );
    const byWindow = new Map(result.comparisons.map((c) => [c.current.label, c]));
    out.push(
      table(
        ['window', 'rows', 'score PSI', 'group PSI', 'of', 'alarms', 'warnings', 'status'],
        result.windows.list.map((w) => {
          const c = byWindow.get(w.window);
          const overall = c?.distribution.find((d) => d.column === 'score' && d.attributes.length === 0);
          // The group shift that counts: the most serious status first (a noisy small group's
          // large but insignificant PSI does not hide the one that alarms), then the largest PSI.
          const rank = { alarm: 2, warn: 1 } as Record<string, number>;
          const top = c?.distribution
            .filter((d) => d.attributes.length > 0 && d.psi !== null && d.status !== 'insufficient')
            .sort((a, b) => (rank[b.status] ?? 0) - (rank[a.status] ?? 0) || (b.psi ?? 0) - (a.psi ?? 0))[0];
          return [
            w.window,
            String(w.rows),
            c ? f(overall?.psi) : 'baseline',
            top ? f(top.psi) : '—',
            top ? `${top.column} ${group(top.attributes, top.values)}` : '',
            String(c?.counts.alarm ?? 0),
            String(c?.counts.warn ?? 0),
            w.status,
          ];
        }),
      ),
    );
    for (const c of result.comparisons.filter(
      (x) => x.status === 'alarm' || x.status === 'warn' || options.all,
    )) {
      out.push('', comparisonText(c, table, options.all ?? false));
    }
  } else {
    for (const c of result.comparisons) out.push('', comparisonText(c, table, options.all ?? false));
  }
  out.push(
    '',
    `Bands: PSI warn ${result.settings.bands.psi.warn}, alarm ${result.settings.bands.psi.alarm}; a check warns or alarms only when also significant (p adj. < ${result.settings.significance}, ${result.settings.correction}).`,
  );
  return out.join('\n');
}
