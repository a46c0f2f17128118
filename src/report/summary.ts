import type { AttributeResult, AuditResult } from '../audit/index.js';
import type { Estimate } from '../metrics/index.js';
import { table } from '../util/text-table.js';
import { type MarkdownReportOptions, renderMarkdown } from './markdown.js';
import { outcomeNote } from './verdicts.js';

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : `${(100 * x).toFixed(1)}%`;
const num = (x: number | null | undefined, d = 3) => (x === null || x === undefined ? '—' : x.toFixed(d));

function rateText(e: Estimate | undefined): string {
  if (!e || e.value === null) return 'n/a';
  const i = e.interval;
  return i ? `${pct(e.value)} [${pct(i.low)}, ${pct(i.high)}]` : pct(e.value);
}

/**
 * A value past a bound, with enough decimals (from `d`, up to 6) not to print as the bound itself
 * (1.2517 past 1.25 prints 1.252, not 1.25).
 */
function past(x: number, bound: number, d: number): string {
  let digits = d;
  while (digits < 6 && Number(Math.abs(x).toFixed(digits)) === Math.abs(bound)) digits++;
  return x.toFixed(digits);
}

/** Flags for a group's disparities: factual, with the rule that triggered them. */
function flags(g: AttributeResult['groups'][number]): string[] {
  const out: string[] = [];
  const di = g.disparities?.disparate_impact;
  const sig = di?.pAdjusted != null && di.pAdjusted < 0.05 ? ' (significant)' : ' (not significant)';
  if (di?.value != null && di.value < 0.8) out.push(`DI ${past(di.value, 0.8, 2)} < 0.8${sig}`);
  // Above 1.25 the reference group is the one selected at under four fifths of this group's rate.
  if (di?.value != null && di.value > 1.25) out.push(`DI ${past(di.value, 1.25, 2)} > 1.25${sig}`);
  const eo = g.disparities?.equal_opportunity_difference;
  if (eo?.value != null && Math.abs(eo.value) > 0.1) {
    const p = g.rates?.tpr?.difference.pAdjusted;
    out.push(
      `TPR gap ${eo.value > 0 ? '+' : ''}${past(eo.value, 0.1, 3)}${p != null && p < 0.05 ? ' (significant)' : ' (not significant)'}`,
    );
  }
  return out;
}

/** The terminal summary of an audit: per attribute, groups with n, key rates, disparities and flags. */
export function formatSummary(
  r: AuditResult,
  renderTable: (h: string[], rows: string[][]) => string = table,
): string {
  const lines: string[] = [];
  const d = r.decision;
  const rule =
    d.kind === 'threshold'
      ? d.selectTop
        ? `top ${d.selectTop} (score ≥ ${num(d.threshold, 4)}; ties at the cut-off all selected)`
        : `score ≥ ${d.threshold}`
      : d.kind === 'prediction'
        ? `prediction column "${d.column}"`
        : d.kind === 'group-thresholds'
          ? `group thresholds by "${d.attribute}" (decision rule)`
          : 'none (label-only audit)';
  lines.push(`fairprobe audit — ${r.input.source.name}`);
  lines.push(...verdictLines(r));
  lines.push(
    `rows: ${r.rows.read} read, ${r.rows.used} used${r.rows.dropped.map((x) => `, ${x.rows} dropped (${x.reason})`).join('')}${r.rows.unlabeled ? `, ${r.rows.unlabeled} without label` : ''}`,
  );
  lines.push(`decision: ${rule}; ${d.selected} selected`);
  const o = r.overall.metrics;
  lines.push(
    d.kind === 'none'
      ? `overall: base rate ${rateText(o.base_rate)}`
      : `overall: selection ${rateText(o.selection_rate)} · base rate ${rateText(o.base_rate)} · TPR ${rateText(o.tpr)} · AUC ${num(o.auc?.value)}`,
  );
  for (const a of r.attributes) {
    lines.push(
      '',
      a.groups.length === 0
        ? `■ ${a.attributes.join(' × ')}   (no group shown: every group is suppressed or empty)`
        : `■ ${a.attributes.join(' × ')}   (reference: ${a.reference.values ? a.reference.values.join(' & ') : 'per metric'}, rule: ${a.reference.rule})`,
    );
    const labelOnly = r.decision.kind === 'none';
    const pOf = (g: (typeof a.groups)[number], id: string) => {
      const p = g.rates?.[id]?.difference.pAdjusted;
      return p == null ? '—' : fmtP(p);
    };
    const rows = a.groups.map((g) =>
      labelOnly
        ? [
            g.values.join(' & ') + (g.isReference ? ' (ref)' : ''),
            String(g.n),
            rateText(g.metrics.base_rate),
            num(g.rates?.base_rate?.ratio.value, 2),
            num(g.rates?.base_rate?.difference.value, 3),
            pOf(g, 'base_rate'),
            g.status === 'small' ? 'small n' : '',
          ]
        : [
            g.values.join(' & ') + (g.isReference ? ' (ref)' : ''),
            String(g.n),
            rateText(g.metrics.selection_rate),
            rateText(g.metrics.base_rate),
            rateText(g.metrics.tpr),
            num(g.disparities?.disparate_impact?.value, 2),
            pOf(g, 'selection_rate'),
            [...(g.status === 'small' ? ['small n'] : []), ...flags(g)].join('; '),
          ],
    );
    if (rows.length > 0)
      lines.push(
        renderTable(
          labelOnly
            ? ['group', 'n', 'base rate [95% CI]', 'ratio to ref', 'difference', 'p (adj.)', 'flags']
            : ['group', 'n', 'selection rate [95% CI]', 'base rate', 'TPR', 'DI', 'p (adj.)', 'flags'],
          rows,
        ),
      );
    const dp = a.aggregates.demographic_parity_difference?.between_groups.value;
    const eod = a.aggregates.equalized_odds_difference?.between_groups.value;
    if (!labelOnly && rows.length > 0)
      lines.push(`  demographic parity difference ${num(dp)} · equalized odds difference ${num(eod)}`);
    const sup = a.suppressed.filter((s) => s.reason !== 'empty');
    if (sup.length) {
      const extra = sup.filter((s) => s.reason === 'complementary').length;
      lines.push(
        `  suppressed: ${sup.length - extra} group(s) under ${String(r.options.suppressBelow)} rows` +
          (extra ? ` and ${extra} more so they cannot be worked out by subtraction` : '') +
          `, ${a.suppressedRows} rows in all`,
      );
    }
  }
  if (r.ranking) lines.push(...rankingLines(r, renderTable));
  if (r.warnings.length) {
    lines.push('', 'Warnings:');
    const shown = r.warnings.slice(0, 12);
    for (const w of shown) lines.push(`  - ${w.message}`);
    if (r.warnings.length > shown.length) {
      lines.push(`  … and ${r.warnings.length - shown.length} more (all are in --format json).`);
    }
  }
  lines.push(
    '',
    r.decision.kind === 'none'
      ? 'Label-only audit (no score or prediction): base rates of the real outcome per group, compared with the reference group. p: two-proportion z or Fisher exact test, Holm-corrected. Run `fairprobe metrics --explain` for every definition.'
      : 'DI = disparate impact (selection rate ÷ reference’s; flagged outside the four-fifths band 0.8–1.25). p: two-proportion z or Fisher exact test, Holm-corrected. Run `fairprobe metrics --explain` for every definition.',
  );
  return lines.join('\n');
}

/** The policy's verdicts, leading the summary: outcome, then every non-passing verdict's reason. */
function verdictLines(r: AuditResult): string[] {
  if (!r.policy || !r.verdicts) return [];
  const p = r.policy;
  const e = p.effective;
  const c = p.outcome.counts;
  const out = [
    `■ policy${p.name ? ` "${p.name}"` : ''}: ${p.outcome.status.toUpperCase()} — ${c.fail} fail · ${c.warn} warn · ${c.pass} pass · ${c['insufficient-data']} insufficient data${outcomeNote(p.outcome.status, c)}`,
    `judged by policy sha256 ${p.sha256.slice(0, 16)}… (uncertainty ${e.uncertainty}, ${Number((e.confidence * 100).toFixed(2))}% intervals, min group size ${e.min_group_size}${p.overridden.length ? `; overridden by options: ${p.overridden.join(', ')}` : ''})`,
  ];
  const order = ['fail', 'warn', 'insufficient-data'] as const;
  for (const status of order) {
    const vs = r.verdicts.filter((v) => v.status === status);
    const shown = status === 'insufficient-data' ? vs.slice(0, 10) : vs;
    for (const v of shown) out.push(`- ${status.toUpperCase()}: ${v.reason}`);
    if (shown.length < vs.length) out.push(`- … and ${vs.length - shown.length} more ${status} verdicts`);
  }
  if (c.pass > 0)
    out.push(`- ${c.pass} ${c.pass === 1 ? 'verdict passes' : 'verdicts pass'} (all are in the JSON result)`);
  out.push('');
  return out;
}

/** A ranking estimate with its interval when it has one: `0.97 [0.95, 0.99]`. */
function estimateText(e: Estimate | undefined, d: number): string {
  if (!e || e.value === null) return '—';
  const i = e.interval;
  return i ? `${num(e.value, d)} [${num(i.low, d)}, ${num(i.high, d)}]` : num(e.value, d);
}

/** The ranking view in the terminal: per attribute, share of the top k and exposure per group. */
function rankingLines(r: AuditResult, renderTable: (h: string[], rows: string[][]) => string): string[] {
  const rk = r.ranking!;
  const lines = ['', `■ ranking (${rk.mode} mode, ${rk.total} leads)`];
  const cutoffs = rk.at.map((c) => c.label);
  for (const set of rk.sets.filter((x) => x.attributes.length === 1)) {
    const rows = set.groups.map((g) => [
      g.values.join(' & ') + (g.isReference ? ' (ref)' : ''),
      pct(g.populationShare.value),
      ...g.at.map((a) => `${pct(a.share.value)} (${num(a.skew.value, 2)})`),
      estimateText(g.exposure.ratio, 2),
      g.fourFifths.from === null ? '—' : `from k=${g.fourFifths.from}`,
    ]);
    lines.push(
      renderTable(
        [
          set.attributes.join(' × '),
          'population',
          ...cutoffs.map((c) => `top ${c} (skew)`),
          'exposure ratio',
          'DI < 0.8',
        ],
        rows,
      ),
    );
    const last = set.ndkl[set.ndkl.length - 1];
    if (last) lines.push(`  NDKL@${last.at}: ${estimateText(last.population, 3)}`);
  }
  lines.push(
    '  Share of each top-k list (skew@k = log of that share ÷ population share; 0 is parity). Exposure ratio: attention (position-discounted) ÷ expected conversions, [bootstrap interval].',
    `  Ties: ${rk.ties.split('. ')[0]}.`,
  );
  return lines;
}

function fmtP(p: number): string {
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

/**
 * The Markdown report of an audit (see {@link renderMarkdown}): without `chartDir` it holds every
 * chart's numbers as tables but no images.
 */
export function formatMarkdown(r: AuditResult, options: MarkdownReportOptions = {}): string {
  return renderMarkdown(r, options);
}
