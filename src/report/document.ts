import { createHash } from 'node:crypto';
import type { AttributeResult, AuditResult } from '../audit/index.js';
import { METRICS, type MetricDefinition } from '../metrics/index.js';
import { attributeCharts, type ChartTable, type ReportChart, rankingSetCharts } from './charts/index.js';
import { type DpiaInfo, type DpiaSignOff, signOffLines } from './dpia.js';
import { findings } from './findings.js';
import {
  attributeName,
  comparisonText,
  count,
  decisionText,
  fixed,
  groupName,
  pct,
  setting,
  significanceText,
} from './format.js';
import { bandRatioText, bandStatus, bandStatusText } from './four-fifths.js';
import {
  outcomeNote,
  readPolicy,
  readVerdicts,
  STATUS_ORDER,
  verdictStatusShort,
  verdictStatusText,
  worstStatus,
} from './verdicts.js';

/**
 * The report as a document of plain-text blocks, rendered to HTML and to Markdown by separate
 * renderers (which escape every string). Building it computes no metric: it reads the AuditResult.
 */
export type Block =
  | { readonly kind: 'heading'; readonly text: string; readonly id?: string | undefined }
  | {
      readonly kind: 'paragraph';
      readonly text: string;
      /** `lead` paragraphs open a section; `note` ones are small print. */
      readonly tone?: 'lead' | 'note' | undefined;
    }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'fields'; readonly fields: readonly Field[] }
  | { readonly kind: 'table'; readonly caption: string; readonly table: ChartTable }
  | { readonly kind: 'chart'; readonly chart: ReportChart }
  | { readonly kind: 'signoff'; readonly lines: readonly DpiaSignOff[] }
  | { readonly kind: 'code'; readonly text: string };

/** A labelled value; `undefined` values are shown as "Not provided — to be completed by the controller". */
export interface Field {
  readonly label: string;
  readonly value: string | undefined;
}

export interface ReportSection {
  /** A stable id made of [a-z0-9-] only. */
  readonly id: string;
  readonly title: string;
  readonly blocks: readonly Block[];
}

export interface ReportDocument {
  readonly title: string;
  readonly subtitle: string;
  readonly sections: readonly ReportSection[];
}

export interface ReportOptions {
  /** What the controller states for the DPIA annex; absent fields are marked, never invented. */
  readonly dpia?: DpiaInfo | undefined;
  /** A title for the report (default: "Fairness audit: SOURCE"). */
  readonly title?: string | undefined;
}

/** Intersections with more groups than this get tables instead of per-group dot charts. */
export const MAX_CHARTED_GROUPS = 40;

const p = (text: string, tone?: 'lead' | 'note'): Block => ({ kind: 'paragraph', text, tone });
const h = (text: string, id?: string): Block => ({ kind: 'heading', text, id });

/** SHA-256 of the result's JSON: names exactly which AuditResult a report renders. */
export function resultSha256(result: AuditResult): string {
  return createHash('sha256').update(JSON.stringify(result)).digest('hex');
}

/** The role of a column read, from the result's recorded roles. */
function roleOf(result: AuditResult, column: string): { role: string; why: string } {
  const r = result.input.roles;
  const groups = (Array.isArray(r.groups) ? r.groups : []).map((g: string) => g.split(':')[0]);
  if (r.score === column)
    return { role: 'score', why: "the model's score: decisions at the threshold, curves, calibration" };
  if (r.prediction === column) return { role: 'prediction', why: 'the decision taken for each lead (0/1)' };
  if (r.label === column)
    return { role: 'label', why: 'the real outcome: base rates, error rates and calibration' };
  if (groups.includes(column))
    return { role: 'sensitive attribute', why: 'defines the groups compared in this audit' };
  if (r.weight === column) return { role: 'weight', why: 'row weights of every count' };
  if (r.id === column)
    return { role: 'identifier', why: 'checked for duplicate rows only; never written to any report' };
  return { role: 'other', why: 'read for the audit' };
}

function summarySection(result: AuditResult, nFindings: number): ReportSection {
  const o = result.overall.metrics;
  const d = result.decision;
  const blocks: Block[] = [];
  const src = result.input.source as { name: string; format?: string; bytes?: number };
  blocks.push({
    kind: 'fields',
    fields: [
      {
        label: 'Data',
        value: `${src.name}${src.format ? ` (${src.format.toUpperCase()}` : ''}${src.bytes !== undefined ? `, ${count(src.bytes)} bytes)` : src.format ? ')' : ''}`,
      },
      {
        label: 'Rows',
        value: `${count(result.rows.read)} read, ${count(result.rows.used)} used, ${count(result.rows.dropped.reduce((a, x) => a + x.rows, 0))} dropped`,
      },
      {
        label: 'Decision',
        value: `${decisionText(result)}${d.kind === 'none' ? '' : ` — ${count(d.selected)} leads selected (${pct(o.selection_rate?.value)})`}`,
      },
      {
        label: 'Attributes',
        value: result.attributes
          .filter((a) => a.attributes.length === 1)
          .map(attributeName)
          .join(', '),
      },
      {
        label: 'Overall',
        value: [
          o.selection_rate?.value != null ? `selection rate ${pct(o.selection_rate.value)}` : '',
          o.base_rate?.value != null ? `base rate ${pct(o.base_rate.value)}` : '',
          o.tpr?.value != null ? `TPR ${pct(o.tpr.value)}` : '',
          o.auc?.value != null ? `AUC ${fixed(o.auc.value)}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      },
    ],
  });
  const verdicts = readVerdicts(result);
  const policy = readPolicy(result);
  if (verdicts) {
    const outcome = policy?.outcome?.status ?? worstStatus(verdicts);
    blocks.push(
      p(
        `Policy${policy?.name ? ` "${policy.name}"` : ''}: ${verdictStatusText(outcome)}${outcomeNote(outcome, policy?.outcome?.counts)}. ${STATUS_ORDER.map((s) => `${verdicts.filter((v) => v.status === s).length} ${s}`).join(', ')}.`,
        'lead',
      ),
    );
    const scopes = [...new Set(verdicts.map((v) => v.attributes.join(' × ') || 'all leads'))];
    blocks.push({
      kind: 'table',
      caption: 'Verdicts per attribute',
      table: {
        columns: ['Attribute', 'Verdict', 'fail', 'warn', 'insufficient data', 'pass', 'Worst case'],
        rows: scopes.map((scope) => {
          const vs = verdicts.filter((v) => (v.attributes.join(' × ') || 'all leads') === scope);
          const worst = worstStatus(vs);
          const example = vs.find((v) => v.status === worst);
          return [
            scope,
            verdictStatusShort(worst),
            ...STATUS_ORDER.map((s) => String(vs.filter((v) => v.status === s).length)),
            example?.reason ?? '',
          ];
        }),
      },
    });
  } else if (result.decision.kind === 'none') {
    blocks.push(
      p(
        'No policy was applied, so there are no verdicts. This is a label-only audit (no score or decision): per attribute, the table shows the groups with the lowest and highest base rate (the real outcome) relative to the reference group. Differences in base rates describe the data, not a model.',
        'lead',
      ),
    );
    blocks.push({ kind: 'table', caption: 'Base rates per attribute', table: baseRateTable(result) });
  } else {
    blocks.push(
      p(
        'No policy was applied, so there are no verdicts. Per attribute, the table shows the group with the lowest selection-rate ratio to the reference group and the largest true-positive-rate difference.',
        'lead',
      ),
    );
    blocks.push({ kind: 'table', caption: 'Largest disparities per attribute', table: worstTable(result) });
  }
  blocks.push(
    p(
      nFindings === 0
        ? 'No finding is listed (see the DPIA annex for the criteria).'
        : `${nFindings} finding(s) are listed as risks in the DPIA annex for the controller to assess.`,
    ),
  );
  return { id: 'summary', title: 'Summary', blocks };
}

/** Label-only audits: the lowest and highest base-rate ratio to the reference, per attribute. */
function baseRateTable(result: AuditResult): ChartTable {
  const rows = result.attributes
    .filter((a) => a.groups.length > 0)
    .map((a) => {
      const others = a.groups
        .filter((g) => !g.isReference && g.rates?.base_rate?.ratio.value != null)
        .sort((x, y) => x.rates!.base_rate!.ratio.value! - y.rates!.base_rate!.ratio.value!);
      const lo = others[0];
      const hi = others[others.length - 1];
      const cell = (g: (typeof others)[number] | undefined) =>
        g ? `${groupName(g)}: ${comparisonText(g.rates?.base_rate?.ratio)}` : '—';
      return [
        attributeName(a),
        a.reference.values ? a.reference.values.join(' & ') : `per metric (${a.reference.rule})`,
        cell(lo),
        lo ? significanceText(lo.rates?.base_rate?.difference, lo.n) : '—',
        cell(hi),
        hi ? significanceText(hi.rates?.base_rate?.difference, hi.n) : '—',
      ];
    });
  return {
    columns: [
      'Attribute',
      'Reference',
      'Lowest base-rate ratio',
      'Difference',
      'Highest base-rate ratio',
      'Difference',
    ],
    rows,
  };
}

function worstTable(result: AuditResult): ChartTable {
  const rows = result.attributes
    .filter((a) => a.attributes.length === 1 || a.groups.length > 0)
    .map((a) => {
      const others = a.groups.filter((g) => !g.isReference);
      const byDi = others
        .filter((g) => g.rates?.selection_rate?.ratio.value != null)
        .sort((x, y) => x.rates!.selection_rate!.ratio.value! - y.rates!.selection_rate!.ratio.value!)[0];
      const byTpr = others
        .filter((g) => g.rates?.tpr?.difference.value != null)
        .sort(
          (x, y) => Math.abs(y.rates!.tpr!.difference.value!) - Math.abs(x.rates!.tpr!.difference.value!),
        )[0];
      const di = byDi?.rates?.selection_rate;
      const eo = byTpr?.rates?.tpr?.difference;
      return [
        attributeName(a),
        a.reference.values ? a.reference.values.join(' & ') : `per metric (${a.reference.rule})`,
        byDi ? `${groupName(byDi)}: ${bandRatioText(di?.ratio)}` : '—',
        byDi ? bandStatusText(bandStatus(di?.ratio.value)) : '—',
        byDi ? significanceText(di?.difference, byDi.n) : '—',
        byTpr ? `${groupName(byTpr)}: ${comparisonText(eo, 3, true)}` : '—',
        byTpr ? significanceText(eo, byTpr.n) : '—',
      ];
    });
  return {
    columns: [
      'Attribute',
      'Reference',
      'Lowest selection-rate ratio',
      'Four-fifths band',
      'Selection-rate difference',
      'Largest TPR difference',
      'TPR difference',
    ],
    rows,
  };
}

function dataSection(result: AuditResult): ReportSection {
  const blocks: Block[] = [];
  blocks.push(
    p(
      `Only the ${result.input.columnsRead.length} columns below were read from the source; no other column was opened (data minimisation). This report holds aggregates only: no row, identifier or individual score.`,
      'lead',
    ),
  );
  blocks.push({
    kind: 'table',
    caption: 'Columns read and why',
    table: {
      columns: ['Column', 'Role', 'Why it was read'],
      rows: result.input.columnsRead.map((c) => {
        const r = roleOf(result, c);
        return [c, r.role, r.why];
      }),
    },
  });
  const rows = result.rows;
  const rowLines: string[][] = [
    ['Read', count(rows.read), 'every row of the source'],
    ['Used', count(rows.used), 'rows in every count of this report'],
    ...rows.dropped.map((x) => ['Dropped', count(x.rows), x.reason]),
  ];
  if (rows.unlabeled > 0)
    rowLines.push([
      'Without label',
      count(rows.unlabeled),
      'used for selection rates and score distributions, not for error rates',
    ]);
  for (const [col, n] of Object.entries(rows.missingGroup ?? {}))
    rowLines.push([`Missing ${col}`, count(n), `placed in the "(missing)" group of ${col}`]);
  blocks.push({
    kind: 'table',
    caption: 'Rows',
    table: { columns: ['Rows', 'Count', 'Why'], rows: rowLines },
  });
  const mapping = [result.labels, result.prediction].filter((m) => m !== undefined);
  if (mapping.length > 0) {
    blocks.push({
      kind: 'list',
      items: mapping.map(
        (m) =>
          `Column "${m.column}": ${m.positive.join(', ')} → 1; ${m.negative.join(', ') || '(none)'} → 0 (${m.rule === 'explicit' ? 'as given' : 'recognised vocabulary'}).`,
      ),
    });
  }
  return { id: 'data', title: 'Data and roles', blocks };
}

function attributeSection(result: AuditResult, a: AttributeResult, index: number): ReportSection {
  const blocks: Block[] = [];
  const ref = a.reference.values ? a.reference.values.join(' & ') : null;
  blocks.push(
    p(
      a.groups.length === 0
        ? `No group shown: ${a.suppressed.length} suppressed or empty.`
        : `${a.groups.length} group(s) shown${a.suppressed.length ? `, ${a.suppressed.length} suppressed or empty` : ''}. Reference group: ${ref ?? 'chosen per metric'} (rule: ${a.reference.rule}).`,
      'lead',
    ),
  );
  const tooMany = a.attributes.length > 1 && a.groups.length > MAX_CHARTED_GROUPS;
  if (tooMany) {
    blocks.push(
      p(
        `${a.groups.length} groups are too many for per-group charts: the heatmap shows each group's rate, and the AuditResult (JSON) holds every metric of every group.`,
        'note',
      ),
    );
  }
  for (const chart of attributeCharts(result, index)) {
    if (tooMany && (chart.id.endsWith('-group-rates') || chart.id.endsWith('-ratios'))) continue;
    blocks.push({ kind: 'chart', chart });
  }
  const aggs = Object.entries(a.aggregates);
  if (aggs.length > 0) {
    blocks.push({
      kind: 'table',
      caption: `Aggregates over the groups of ${attributeName(a)}`,
      table: {
        columns: ['Metric', 'Between groups', 'To overall'],
        rows: aggs.map(([id, v]) => [
          id,
          v.between_groups.value === null
            ? (v.between_groups.reason ?? 'not defined')
            : fixed(v.between_groups.value),
          v.to_overall.value === null ? (v.to_overall.reason ?? 'not defined') : fixed(v.to_overall.value),
        ]),
      },
    });
  }
  return { id: `attribute-${index}`, title: attributeName(a), blocks };
}

function rankingSection(result: AuditResult): ReportSection | null {
  const r = result.ranking;
  if (!r) return null;
  const discount =
    r.discount.kind === 'geometric'
      ? `geometric with patience ${r.discount.patience} (position i gets ${r.discount.patience}^(i−1))`
      : 'logarithmic (position i gets 1/log2(1 + i))';
  const blocks: Block[] = [
    p(
      `The list ordered by score, as a sales team works it from the top: ${count(r.total)} leads ranked (${r.mode === 'exact' ? 'exact ranks' : 'ranks from the 1,000-bin score histograms'}). Each cut-off shows every group's share of the top k against its share of all leads and of converted leads; skew@k is the log of that ratio and NDKL the discounted divergence of every prefix from the population mix (Geyik et al., KDD 2019). Exposure uses a ${discount} position-bias model (Singh & Joachims, KDD 2018).`,
      'lead',
    ),
    p(`Ties: ${r.ties}`, 'note'),
    p(`Intervals: ${r.intervals}`, 'note'),
    {
      kind: 'table',
      caption: 'Cut-offs',
      table: {
        columns: [
          'Cut-off',
          'k',
          'Share of list',
          'Score of the k-th lead',
          'Tied mass at the boundary (error bound)',
        ],
        rows: r.at.map((c) => [
          `top ${c.label}`,
          count(c.k),
          pct(c.share),
          c.score
            ? c.score.low === c.score.high
              ? fixed(c.score.low, 4)
              : `${fixed(c.score.low, 4)}–${fixed(c.score.high, 4)}`
            : '—',
          c.boundaryMass > 0
            ? `${fixed(c.boundaryMass, 1)} (counts exact to ±${fixed(c.boundaryMass, 1)})`
            : '0 (exact)',
        ]),
      },
    },
    {
      kind: 'table',
      caption: 'NDKL per attribute (0 = every prefix has the target mix)',
      table: {
        columns: ['Attribute', ...r.at.map((c) => `top ${c.label}`), 'vs converted mix (largest cut-off)'],
        rows: r.sets.map((s) => {
          const lastQ = s.ndkl[s.ndkl.length - 1]?.qualified;
          return [
            attributeName(s),
            ...s.ndkl.map((n) => comparisonText(n.population, 4)),
            lastQ ? comparisonText(lastQ, 4) : '—',
          ];
        }),
      },
    },
  ];
  r.sets.forEach((s, i) => {
    if (s.attributes.length !== 1) return;
    blocks.push(h(`Ranking: ${attributeName(s)}`, `ranking-${i}`));
    for (const chart of rankingSetCharts(result, i)) blocks.push({ kind: 'chart', chart });
    if (s.suppressed > 0)
      blocks.push(
        p(`${s.suppressed} group(s) are suppressed (too few rows) but count in every mix.`, 'note'),
      );
  });
  return { id: 'ranking', title: 'Ranking and exposure', blocks };
}

function definitionsSection(result: AuditResult): ReportSection {
  const kinds: { kind: MetricDefinition['kind']; title: string }[] = [
    { kind: 'group', title: 'Group metrics' },
    { kind: 'disparity', title: 'Disparities against the reference group' },
    { kind: 'aggregate', title: 'Aggregates per attribute' },
    ...(result.ranking ? [{ kind: 'ranking' as const, title: 'Ranking metrics (audit --ranking)' }] : []),
  ];
  return {
    id: 'definitions',
    title: 'Metric definitions',
    blocks: [
      p(
        "The definitions below are those of fairprobe's metric registry, the single source of every formula.",
        'lead',
      ),
      ...kinds.map(
        (k): Block => ({
          kind: 'table',
          caption: k.title,
          table: {
            columns: ['Id', 'Name', 'Formula', 'Meaning', 'Source'],
            rows: METRICS.filter((m) => m.kind === k.kind).map((m) => [
              m.id,
              m.name,
              m.formula,
              m.description,
              m.source ?? '—',
            ]),
          },
        }),
      ),
    ],
  };
}

function warningsSection(result: AuditResult): ReportSection {
  const blocks: Block[] = [];
  blocks.push(
    result.warnings.length
      ? { kind: 'list', items: result.warnings.map((w) => `${w.message} (${w.code})`) }
      : p('The audit raised no warning.'),
  );
  const below = setting(result, 'suppressBelow', 10);
  const suppressed = result.attributes.flatMap((a) =>
    a.suppressed.map((s) => [
      attributeName(a),
      s.values.join(' & '),
      s.reason === 'empty'
        ? 'no rows'
        : s.reason === 'complementary'
          ? 'suppressed so that a small group cannot be worked out by subtraction (count not shown)'
          : `suppressed: fewer than ${below} rows (count not shown)`,
    ]),
  );
  blocks.push(
    suppressed.length
      ? {
          kind: 'table',
          caption: 'Suppressed and empty groups',
          table: { columns: ['Attribute', 'Group', 'Status'], rows: suppressed },
        }
      : p(`No group was suppressed (groups under ${below} rows would be).`),
  );
  return { id: 'warnings', title: 'Warnings and suppressed groups', blocks };
}

const CORRECTIONS: Record<string, string> = {
  holm: "Holm's step-down method (family-wise error rate)",
  bh: 'the Benjamini–Hochberg method (false discovery rate)',
  none: 'no correction',
};

function methodologySection(result: AuditResult): ReportSection {
  const s = <T>(k: string, f: T) => setting(result, k, f);
  const level = `${Math.round(100 * Number(s('confidence', 0.95)))}%`;
  const items = [
    `Decision: ${decisionText(result)}.`,
    `Rates carry ${level} Wilson score intervals (on Kish's effective sample size when rows are weighted). A rate whose denominator is empty is not defined and shown with its reason, never as 0.`,
    `Differences and ratios against the reference group carry ${level} percentile bootstrap intervals from ${count(Number(s('replicates', 1000)))} multinomial resamples of each group's cell counts (seed ${String(s('seed', 42))}).`,
    `Each comparison is tested with the two-proportion z-test, or Fisher's exact test when an expected count is below 5; p-values are adjusted across the groups of each attribute with ${CORRECTIONS[String(s('correction', 'holm'))] ?? String(s('correction', 'holm'))}. "Statistically significant" means an adjusted p-value below 0.05.`,
    `Reference group rule: ${String(s('reference', 'largest'))}. Intersections: ${String(s('intersections', 'pairs'))}.`,
    `Groups under ${String(s('minGroupSize', 30))} rows are flagged as small; groups under ${String(s('suppressBelow', 10))} rows are suppressed from every table and chart. Missing attribute values: ${String(s('missing', 'as-group'))}.`,
    `Curves come from score histograms of ${count(Number(s('histogramBins', 1000)))} bins (no second pass over the data): ${String(s('sweepPoints', 101))} thresholds, 10 calibration bins, 20 distribution bins. Scores are read as ${String(s('scoreScale', 'probability'))}.`,
    'The four-fifths band (0.8–1.25) is a screening rule of thumb (US EEOC, 29 CFR 1607.4(D)), not a legal test; TPR differences beyond ±0.10 are also listed as findings when no policy applies.',
  ];
  return {
    id: 'methodology',
    title: 'Methodology',
    blocks: [
      { kind: 'list', items },
      h('All options'),
      { kind: 'code', text: JSON.stringify(result.options, null, 2) },
    ],
  };
}

function dpiaSection(result: AuditResult, d: DpiaInfo): ReportSection {
  const fs = findings(result);
  const groups = (Array.isArray(result.input.roles.groups) ? result.input.roles.groups : []).map(
    (g: string) => g.split(':')[0]!,
  );
  const r = result.input.roles;
  const categories: string[][] = [
    ...(r.score ? [['Model output', String(r.score), "the prospect-scoring model's score"]] : []),
    ...(r.prediction ? [['Decision', String(r.prediction), 'the decision taken on each lead']] : []),
    ...(r.label ? [['Outcome', String(r.label), 'whether the lead converted']] : []),
    ['Sensitive attributes', groups.join(', '), 'the characteristics whose groups are compared'],
    ...(r.weight ? [['Weights', String(r.weight), 'row weights']] : []),
    ...(r.id ? [['Identifier', String(r.id), 'read for duplicate checks only; not in this report']] : []),
  ];
  const policy = readPolicy(result);
  const blocks: Block[] = [
    p(
      "This annex collects what the audit contributes to a Data Protection Impact Assessment (GDPR Art. 35). The controller's statements come from the report options; where one is absent the annex says so instead of supplying text.",
      'lead',
    ),
    h('Processing'),
    {
      kind: 'fields',
      fields: [
        { label: 'Processing purpose', value: d.purpose },
        { label: 'Lawful basis', value: d.lawfulBasis },
        { label: 'Controller', value: d.controller },
        { label: 'Data protection officer', value: d.dpo },
        { label: 'Data subjects', value: d.dataSubjects },
        { label: 'Recipients', value: d.recipients },
        { label: 'Retention', value: d.retention },
      ],
    },
    h('Data categories and sensitive attributes'),
    {
      kind: 'table',
      caption: 'Data categories processed by the model and read by the audit',
      table: { columns: ['Category', 'Columns', 'Use'], rows: categories },
    },
    p(
      `Sensitive attributes audited: ${groups.join(', ') || 'none'}. Whether any is a special category of personal data (GDPR Art. 9) and on which condition it is processed is for the controller to state.`,
    ),
    h('Findings as risks'),
    p(
      policy
        ? 'Each finding is a verdict of the policy that is outside its tolerance (fail) or beyond its warning level (warn). Likelihood and severity are for the controller to assess.'
        : 'Without a policy, findings are selection-rate ratios outside the four-fifths band (0.8–1.25) and TPR differences beyond ±0.10. Likelihood and severity are for the controller to assess.',
    ),
  ];
  if (fs.length === 0) {
    blocks.push(p('No finding met these criteria.'));
  } else {
    blocks.push({
      kind: 'table',
      caption: 'Risks',
      table: {
        columns: ['Id', 'Finding', 'Why listed', 'Likelihood', 'Severity', 'Mitigation', 'Residual risk'],
        rows: fs.map((f) => {
          const a = d.risks?.[f.id];
          return [
            f.id,
            `${f.attribute} = ${f.group}: ${f.observation}`,
            `${f.criterion}; ${f.evidence}`,
            a?.likelihood ?? 'to be assessed',
            a?.severity ?? 'to be assessed',
            a?.mitigation ?? 'to be assessed',
            a?.residualRisk ?? 'to be assessed',
          ];
        }),
      },
    });
  }
  blocks.push(h('Mitigations considered'));
  blocks.push(
    d.mitigations?.length
      ? { kind: 'list', items: d.mitigations }
      : { kind: 'fields', fields: [{ label: 'Mitigations', value: undefined }] },
  );
  blocks.push(
    p(
      'Mitigations commonly considered for such findings (listed for reference; none was applied by this audit): review of the features behind the score; reweighing or resampling of the training data; group-specific thresholds; fairness-constrained retraining; human review of decisions near the threshold.',
      'note',
    ),
  );
  blocks.push(h('Sign-off'));
  blocks.push({ kind: 'signoff', lines: signOffLines(d) });
  blocks.push(h('Reproducibility fingerprint'));
  const src = result.input.source as { name: string; bytes?: number };
  blocks.push({
    kind: 'fields',
    fields: [
      { label: 'Tool', value: `${result.tool.name} ${result.tool.version}` },
      { label: 'Result schema', value: result.schema },
      { label: 'Audited at', value: result.createdAt },
      {
        label: 'Input',
        value: `${src.name}${src.bytes !== undefined ? ` (${count(src.bytes)} bytes)` : ''}`,
      },
      { label: 'Input SHA-256', value: result.input.sha256 },
      { label: 'AuditResult SHA-256', value: resultSha256(result) },
      ...(policy?.sha256 ? [{ label: 'Policy SHA-256', value: policy.sha256 }] : []),
      { label: 'Options', value: JSON.stringify(result.options) },
    ],
  });
  return { id: 'dpia', title: 'DPIA annex', blocks };
}

/**
 * Builds the report document of an audit: summary, data and roles, one section per attribute and
 * intersection, definitions, warnings, methodology and the DPIA annex. A pure function: the same
 * result and options give the same document (the date comes from `result.createdAt`).
 */
export function reportDocument(result: AuditResult, options: ReportOptions = {}): ReportDocument {
  const nFindings = findings(result).length;
  return {
    title: options.title ?? `Fairness audit: ${result.input.source.name}`,
    subtitle: `Audited ${result.createdAt} with ${result.tool.name} ${result.tool.version} · decision: ${decisionText(result)}`,
    sections: [
      summarySection(result, nFindings),
      dataSection(result),
      ...result.attributes.map((a, i) => attributeSection(result, a, i)),
      ...[rankingSection(result)].filter((x): x is ReportSection => x !== null),
      definitionsSection(result),
      warningsSection(result),
      methodologySection(result),
      dpiaSection(result, options.dpia ?? {}),
    ],
  };
}
