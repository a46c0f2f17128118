import { binLabel } from '../data/index.js';
import { type AggregationSpec, SPEC_MARKER } from './aggregation-spec.js';
import { type DialectSyntax, dialectSyntax, quoteTable, type SqlDialect } from './dialects.js';
import { aggregateOver, inlineNumbers, projectionList } from './projection.js';

/** Where the query runs: the engine's dialect and the table (optionally `schema.table`). */
export interface AggregationSqlOptions {
  readonly dialect: SqlDialect;
  /** The table or view holding the scored rows; dots separate its parts (`project.dataset.table`). */
  readonly table: string;
}

/**
 * The one aggregation query that computes an audit's sufficient statistics in the given dialect:
 * a comment header saying what it computes (with the settings as a machine-readable spec line),
 * then one `GROUP BY` over the full cross of the sensitive attributes, the label, the decision,
 * the score histogram bin and the validation code. Its result columns are g0…gk, y, p, bin, chk,
 * n, w, w2, s, s2 — the same cells the embedded engine computes, so the result audits exactly
 * like the raw data. Marginals and intersections are rolled up afterwards, by fairprobe.
 * @example
 * aggregationSql(aggregationSpec({ roles }), { dialect: 'bigquery', table: 'crm.leads' })
 * // => '-- fairprobe aggregation query (bigquery) …\nSELECT g0, y, p, bin, chk, …'
 */
export function aggregationSql(spec: AggregationSpec, options: AggregationSqlOptions): string {
  const syntax = dialectSyntax(options.dialect);
  const projection = projectionList(spec, syntax, inlineNumbers(syntax));
  const body = aggregateOver(
    syntax,
    spec.roles.groups.length,
    projection,
    quoteTable(syntax, options.table),
    {
      orderBy: true,
    },
  );
  return `${header(spec, syntax, options).join('\n')}\n${body}\n`;
}

/** Comment lines: what the query computes, how to audit its result, and the spec. */
function header(spec: AggregationSpec, syntax: DialectSyntax, options: AggregationSqlOptions): string[] {
  const name = (c: string) => syntax.ident(c).replace(/[\r\n]/g, ' ');
  const { roles, decision, histogram } = spec;
  const groups = roles.groups.map((g, i) =>
    g.edges
      ? `--   g${i}  = bin index of ${name(g.column)} at edges ${g.edges.join(', ')} ` +
        `(${g.edges.length + 1} bins: 0 = ${binLabel(g.edges, 0)} ... ${g.edges.length} = ${binLabel(g.edges, g.edges.length)}; NULL = missing)`
      : `--   g${i}  = ${name(g.column)} as trimmed text (NULL = missing)`,
  );
  const p =
    decision.kind === 'threshold'
      ? `1 when ${name(roles.score!)} >= ${decision.threshold}, else 0`
      : decision.kind === 'prediction'
        ? `${name(decision.column)} as text`
        : '0 (no score and no prediction: a label-only audit)';
  const range = spec.scoreScale === 'probability' ? '3 outside [0, 1], ' : '';
  const lines = [
    `-- fairprobe aggregation query (${syntax.id}): the sufficient statistics of a fairness audit`,
    `-- of ${quoteTable(syntax, options.table).replace(/[\r\n]/g, ' ')} in one pass. One row per combination of`,
    ...groups,
    `--   y   = ${roles.label ? `${name(roles.label)} as text (NULL = unlabeled)` : 'NULL (no label column)'}`,
    `--   p   = the decision: ${p}`,
    `--   bin = score histogram bin: ${histogram.bins} equal bins over [${histogram.lo}, ${histogram.hi}]${roles.score ? ` of ${name(roles.score)}` : ' (no score: NULL)'}`,
    `--   chk = row check: 0 ok, 1 score missing, 2 NaN, ${range}4 infinite, 5 weight missing/negative/NaN`,
    `-- with n = rows, w = sum of weight${roles.weight ? ` (${name(roles.weight)})` : ' (1 per row)'}, w2 = sum of weight^2,`,
    '-- s = sum of weight*score and s2 = sum of weight*score^2 (over rows with chk = 0).',
    '-- Marginals and intersections are rolled up from this cross by fairprobe; only these aggregates',
    '-- leave the database. Save the result as CSV (with a header), Parquet or JSON, keeping the column',
    '-- names, and audit it (several results, e.g. one per partition or day, are merged):',
    '--   fairprobe audit --stats RESULT.csv --query THIS_QUERY.sql',
    '-- The next line holds these settings for that import; keep it.',
    `${SPEC_MARKER}${JSON.stringify({ ...spec, dialect: syntax.id, table: options.table })}`,
  ];
  return lines;
}
