import { z } from 'zod';
import {
  checkEdges,
  DEFAULT_HISTOGRAM,
  type DecisionSpec,
  type GroupSpec,
  type HistogramSpec,
  MAX_HISTOGRAM_BINS,
  type Roles,
  type ScoreScale,
} from '../data/index.js';
import { InputError, UsageError } from '../errors.js';

/** The schema tag of an aggregation spec (the settings a query was written with). */
export const QUERY_SCHEMA = 'fairprobe.query/1';

/**
 * Everything that shapes the aggregation query's result and that the import must know to read
 * it: which column each `g` is (and its bin edges), the label, the decision rule, the score scale
 * and the histogram. `fairprobe sql` writes it into the query's header; `fairprobe audit --stats
 * RESULT --query QUERY.sql` reads it back.
 */
export interface AggregationSpec {
  readonly schema: typeof QUERY_SCHEMA;
  readonly roles: {
    readonly score?: string | undefined;
    readonly label?: string | undefined;
    readonly prediction?: string | undefined;
    readonly weight?: string | undefined;
    readonly groups: readonly GroupSpec[];
  };
  readonly decision: DecisionSpec;
  readonly scoreScale: ScoreScale;
  readonly histogram: HistogramSpec;
}

/** How to build a spec: the roles and the settings the CLI flags give. */
export interface AggregationSpecOptions {
  readonly roles: Pick<Roles, 'score' | 'label' | 'prediction' | 'weight' | 'groups'>;
  /** Select leads with score ≥ threshold (default 0.5); ignored with a prediction column. */
  readonly threshold?: number | undefined;
  readonly scoreScale?: ScoreScale | undefined;
  /** Score histogram bins (default 1000). */
  readonly histogramBins?: number | undefined;
  /** The histogram's range for raw scores (probabilities use [0, 1]). */
  readonly scoreRange?: readonly [number, number] | undefined;
}

/**
 * Validates the settings of an aggregation query (without the data: the table is in a warehouse).
 * @throws {UsageError} no group, nothing to audit, bad edges or threshold, raw scores without a range.
 * @example
 * aggregationSpec({ roles: { score: 'score', label: 'converted', groups: [{ column: 'gender' }] } }).decision
 * // => { kind: 'threshold', threshold: 0.5 }
 */
export function aggregationSpec(options: AggregationSpecOptions): AggregationSpec {
  const { roles } = options;
  if (roles.groups.length === 0) {
    throw new UsageError('no_groups', 'Name at least one sensitive attribute to audit.', {
      hint: 'Pass --group, e.g. --group gender,age_band.',
    });
  }
  for (const g of roles.groups) if (g.edges) checkEdges(g.column, g.edges);
  const threshold = options.threshold ?? 0.5;
  if (!Number.isFinite(threshold)) {
    throw new UsageError('bad_option', `The threshold must be a finite number, not ${threshold}.`);
  }
  const decision: DecisionSpec = roles.prediction
    ? { kind: 'prediction', column: roles.prediction }
    : roles.score
      ? { kind: 'threshold', threshold }
      : { kind: 'none' };
  if (decision.kind === 'none' && !roles.label) {
    throw new UsageError(
      'nothing_to_audit',
      'Name a score, a prediction or a label column: there is nothing to audit.',
      {
        hint: 'Pass --score COLUMN (and --label COLUMN for error rates), or --prediction COLUMN.',
      },
    );
  }
  const scoreScale = options.scoreScale ?? 'probability';
  const bins = options.histogramBins ?? DEFAULT_HISTOGRAM.bins;
  if (!Number.isInteger(bins) || bins < 10 || bins > MAX_HISTOGRAM_BINS) {
    throw new UsageError('bad_option', `The histogram needs 10 to 100000 bins, not ${bins}.`);
  }
  let histogram: HistogramSpec = { lo: 0, hi: 1, bins };
  if (scoreScale === 'raw' && roles.score) {
    const range = options.scoreRange;
    if (!range || !Number.isFinite(range[0]) || !Number.isFinite(range[1]) || !(range[1] > range[0])) {
      throw new UsageError(
        'score_range_needed',
        'Raw scores need the histogram range: the query cannot look at the data first.',
        {
          hint: 'Pass --score-range LO,HI (e.g. the minimum and maximum score of the table), the same for every partition.',
        },
      );
    }
    histogram = { lo: range[0], hi: range[1], bins };
  }
  const groups = roles.groups.map((g) =>
    g.edges ? { column: g.column, edges: [...g.edges] } : { column: g.column },
  );
  return {
    schema: QUERY_SCHEMA,
    roles: {
      score: roles.score,
      label: roles.label,
      prediction: roles.prediction,
      weight: roles.weight,
      groups,
    },
    decision,
    scoreScale,
    histogram,
  };
}

const SpecSchema = z.object({
  schema: z.literal(QUERY_SCHEMA),
  dialect: z.string().optional(),
  table: z.string().optional(),
  roles: z
    .object({
      score: z.string().optional(),
      label: z.string().optional(),
      prediction: z.string().optional(),
      weight: z.string().optional(),
      groups: z
        .array(z.object({ column: z.string(), edges: z.array(z.number()).optional() }).strict())
        .min(1),
    })
    .strict(),
  decision: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('threshold'), threshold: z.number() }).strict(),
    z.object({ kind: z.literal('prediction'), column: z.string() }).strict(),
    z.object({ kind: z.literal('none') }).strict(),
  ]),
  scoreScale: z.enum(['probability', 'raw']),
  histogram: z.object({ lo: z.number(), hi: z.number(), bins: z.number().int().min(1) }).strict(),
});

/** The marker of the machine-readable line in a query's comment header. */
export const SPEC_MARKER = '-- fairprobe-spec: ';

/**
 * Reads the spec back from the header of a query written by `fairprobe sql`.
 * @throws {InputError} when the text holds no spec line or a malformed one.
 * @example
 * parseQuerySpec(aggregationSql(spec, { dialect: 'trino', table: 'leads' })).roles // => spec.roles
 */
export function parseQuerySpec(sql: string, file?: string): AggregationSpec {
  const line = sql.split(/\r?\n/).find((l) => l.startsWith(SPEC_MARKER));
  const hint = 'Give the .sql file that `fairprobe sql` wrote (its header holds the settings), unedited.';
  if (!line) {
    throw new InputError('bad_query_file', 'This query has no "fairprobe-spec" header line.', { file, hint });
  }
  let json: unknown;
  try {
    json = JSON.parse(line.slice(SPEC_MARKER.length));
  } catch (e) {
    throw new InputError(
      'bad_query_file',
      `The query's spec line is not valid JSON: ${(e as Error).message}`,
      {
        file,
        hint,
      },
    );
  }
  const r = SpecSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new InputError(
      'bad_query_file',
      `The query's spec line is malformed at ${issue.path.join('.') || '(top)'}: ${issue.message}.`,
      { file, hint },
    );
  }
  const { dialect: _d, table: _t, ...spec } = r.data;
  return spec as AggregationSpec;
}
