import type { DuckDBValue } from '@duckdb/node-api';
import { InputError, UsageError } from '../errors.js';
import { dialectSyntax } from '../sql/dialects.js';
import { keyTextList, projectionList } from '../sql/projection.js';
import { closestNames, quoteIdent } from '../util/strings.js';
import { checkEdges, columnsOf, type GroupSpec, type Roles } from './roles.js';
import { type ColumnInfo, type Relation, type Source, sourceReadError } from './source.js';

/** Whether scores must be probabilities in [0, 1] or may be any finite number. */
export const ScoreScale = { probability: 'probability', raw: 'raw' } as const;
export type ScoreScale = (typeof ScoreScale)[keyof typeof ScoreScale];

/**
 * What is wrong with a threshold for probability scores: undefined inside [0, 1]; otherwise a
 * sentence saying so (guessing a percentage meant as a share).
 * @example
 * probabilityThresholdProblem(50) // => '50 is outside [0, 1], the range of probability scores. Did you mean 0.5?'
 */
export function probabilityThresholdProblem(t: number): string | undefined {
  if (t >= 0 && t <= 1) return undefined;
  const guess = t > 1 && t <= 100 ? ` Did you mean ${t / 100}?` : '';
  return `${t} is outside [0, 1], the range of probability scores.${guess}`;
}

/** The score histogram's bins: `bins` equal-width bins over [lo, hi]. */
export interface HistogramSpec {
  readonly lo: number;
  readonly hi: number;
  readonly bins: number;
}

/**
 * Group-specific cuts on the score (`fairprobe mitigate thresholds`, `audit --rule`): a row whose
 * `attribute` is a key of `groups` uses those cuts (highest first), any other row `default`. A row
 * with score ≥ a cut's `atLeast` (and below the previous cut) is selected with its `probability`;
 * below 1 the draw is u = frac((row_number + seed) · 0.6180339887498949), selected when u < p
 * (reproducible in every engine; see mitigation/post/rule.ts).
 */
export interface GroupThresholdsDecision {
  readonly kind: 'group-thresholds';
  readonly attribute: string;
  readonly groups: Readonly<
    Record<string, readonly { readonly atLeast: number; readonly probability: number }[]>
  >;
  readonly default: readonly { readonly atLeast: number; readonly probability: number }[];
  readonly seed: number;
}

/** How decisions are made: score ≥ threshold, or a given 0/1 prediction column. */
export type DecisionSpec =
  | { readonly kind: 'threshold'; readonly threshold: number }
  | GroupThresholdsDecision
  | { readonly kind: 'prediction'; readonly column: string }
  /** No score and no prediction: a label-only audit (base rates); decision metrics are undefined. */
  | { readonly kind: 'none' };

export interface PlanOptions {
  readonly decision: DecisionSpec;
  readonly scoreScale?: ScoreScale | undefined;
  readonly histogram?: HistogramSpec | undefined;
}

/** Validation codes of a row, computed in the scan (0 = usable). */
export const RowCheck = {
  ok: 0,
  scoreMissing: 1,
  scoreNaN: 2,
  scoreOutOfRange: 3,
  scoreInfinite: 4,
  weightInvalid: 5,
} as const;
export type RowCheck = (typeof RowCheck)[keyof typeof RowCheck];

/** A resolved, validated plan for one pass over the data. */
export interface ScanPlan {
  readonly file: string | undefined;
  readonly roles: Roles;
  readonly columns: readonly string[];
  readonly groups: readonly (GroupSpec & { readonly binned: boolean })[];
  readonly decision: DecisionSpec;
  readonly scoreScale: ScoreScale;
  readonly histogram: HistogramSpec;
  /** `SELECT` list over the minimised relation producing g0…gk, y, p, bin, chk, w, s. */
  readonly projection: string;
  /**
   * The same list with group, label and prediction values left as stored, and the expressions
   * (over g0…gk, y, p, bin, chk) that turn the aggregated raw keys into the text keys: the scan
   * groups by raw values and converts only the cells (much cheaper than converting every row).
   */
  readonly rawProjection: string;
  readonly keyText: readonly string[];
  readonly params: Record<string, DuckDBValue>;
}

/** One row of the raw aggregate: raw keys (as read) and weighted sums. */
/** Σ weight per score-histogram bin: `w[i]` is the weight in bin `bins[i]`. */
export interface BinWeights {
  readonly bins: readonly number[];
  readonly w: readonly number[];
}

export interface RawCell {
  /** Group values: text for categorical attributes, bin index for binned ones, null when missing. */
  readonly g: readonly (string | number | null)[];
  /** Label text as read (trimmed), null when missing. */
  readonly y: string | null;
  /** Prediction: 0/1 from a threshold, or the prediction column's text. */
  readonly p: string | number | null;
  /** Score histogram bin, null when the score is unusable (or when `hist` lists the bins). */
  readonly bin: number | null;
  /**
   * The cell's histogram when it spans many bins: Σ weight per bin, bins ascending (the embedded
   * engine returns one cell per key with its bins listed, instead of one cell per bin).
   */
  readonly hist?: BinWeights | undefined;
  readonly chk: RowCheck;
  /** Rows. */
  readonly n: number;
  /** Σ weight. */
  readonly w: number;
  /** Σ weight². */
  readonly w2: number;
  /** Σ weight·score. */
  readonly s: number;
  /** Σ weight·score². */
  readonly s2: number;
}

export const DEFAULT_HISTOGRAM: HistogramSpec = { lo: 0, hi: 1, bins: 1000 };

/** The most score-histogram bins fairprobe computes, and so accepts in a stats file. */
export const MAX_HISTOGRAM_BINS = 100_000;

/**
 * Checks that every role names an existing column of a usable type and builds the projection for
 * the one pass over the data.
 * @throws {InputError} a column is missing (with the closest names), or has the wrong type.
 */
export async function planScan(source: Source, roles: Roles, options: PlanOptions): Promise<ScanPlan> {
  const file = source.info.kind === 'file' ? source.info.name : undefined;
  const byName = new Map(source.columns.map((c) => [c.name, c]));
  const need = (column: string | undefined, role: string): ColumnInfo | undefined => {
    if (column === undefined) return undefined;
    const info = byName.get(column);
    if (!info) {
      const names = [...byName.keys()];
      const only = names.length === 1 ? names[0]! : undefined;
      const delim = only ? [',', ';', '\t', '|'].find((d) => only.includes(d)) : undefined;
      if (delim !== undefined) {
        // One column whose name holds a delimiter: the file was split on the wrong character.
        throw new InputError(
          'missing_column',
          `The ${role} column "${column}" is not in the data: only one column was found, "${only!.slice(0, 60)}${only!.length > 60 ? '…' : ''}".`,
          {
            file,
            column,
            hint: `The delimiter looks like ${delim === '\t' ? 'a tab' : `"${delim}"`}: pass --delimiter ${delim === '\t' ? 'tab' : JSON.stringify(delim)} (or leave it out to detect it).`,
          },
        );
      }
      const near = closestNames(column, names);
      throw new InputError('missing_column', `The ${role} column "${column}" is not in the data.`, {
        file,
        column,
        hint: near.length
          ? `Did you mean ${near.map((n) => `"${n}"`).join(' or ')}? Columns: ${[...byName.keys()].join(', ')}.`
          : `Columns in the data: ${[...byName.keys()].join(', ')}.`,
      });
    }
    return info;
  };
  if (!Array.isArray(roles.groups) || roles.groups.length === 0) {
    throw new UsageError('no_groups', 'Name at least one sensitive attribute to audit.', {
      hint: 'Pass --group, e.g. --group gender,age_band (run `fairprobe inspect DATA` to see the columns).',
    });
  }
  const decision: DecisionSpec =
    roles.score === undefined && options.decision.kind === 'threshold' ? { kind: 'none' } : options.decision;
  if (decision.kind === 'none' && roles.label === undefined) {
    throw new UsageError(
      'nothing_to_audit',
      'Name a score, a prediction or a label column: there is nothing to audit.',
      {
        hint: 'Pass --score COLUMN (and --label COLUMN for error rates), or --prediction COLUMN.',
      },
    );
  }
  const score = need(roles.score, 'score');
  need(roles.label, 'label');
  need(roles.id, 'id');
  need(roles.time, 'time');
  if (decision.kind === 'prediction') need(decision.column, 'prediction');
  if (decision.kind === 'group-thresholds') {
    need(decision.attribute, 'decision rule attribute');
    if (!score) throw new UsageError('rule_needs_score', 'A decision rule needs the score column (--score).');
  }
  const weight = need(roles.weight, 'weight');
  for (const f of roles.features ?? []) need(f, 'feature');
  const groups = roles.groups.map((g) => {
    const info = need(g.column, 'group')!;
    if (g.edges) {
      checkEdges(g.column, g.edges);
      if (info.kind !== 'number') {
        throw new InputError(
          'group_not_numeric',
          `The group "${g.column}" has bin edges but is not numeric (${info.type}).`,
          {
            file,
            column: g.column,
            hint: `Drop the edges (--group ${g.column}) to use its values as groups.`,
          },
        );
      }
    }
    return { ...g, binned: g.edges !== undefined };
  });
  if (score) {
    if (score.kind !== 'number') {
      throw await notNumeric(source, score.name, file, 'score');
    }
  }
  if (weight && weight.kind !== 'number') throw await notNumeric(source, weight.name, file, 'weight');

  const scoreScale = options.scoreScale ?? ScoreScale.probability;
  const histogram = options.histogram ?? DEFAULT_HISTOGRAM;
  const params: Record<string, DuckDBValue> = {};
  // The same expressions as `fairprobe sql` writes for other engines, with numbers bound as parameters.
  const input = { roles, decision, scoreScale, histogram, kindOf: (c: string) => byName.get(c)?.kind };
  const bind = (name: string, value: number) => {
    params[name] = value;
    return `$${name}`;
  };
  const sel = projectionList(input, dialectSyntax('duckdb'), bind);
  const raw = projectionList(input, dialectSyntax('duckdb'), bind, { rawKeys: true });
  const columns = columnsOf({
    ...roles,
    prediction: decision.kind === 'prediction' ? decision.column : roles.prediction,
  });
  if (decision.kind === 'group-thresholds' && !columns.includes(decision.attribute))
    columns.push(decision.attribute);
  return {
    file,
    roles,
    columns,
    groups,
    decision,
    scoreScale,
    histogram,
    projection: sel.join(',\n  '),
    rawProjection: raw.join(',\n  '),
    keyText: keyTextList(input, dialectSyntax('duckdb')),
    params,
  };
}

/** Finds up to 5 values of a column that are not numbers and builds the error. */
async function notNumeric(source: Source, column: string, file: string | undefined, role: string) {
  const rel: Relation = await source.relation([column]);
  const c = quoteIdent(column);
  const reader = await source.connection
    .runAndReadAll(
      `SELECT rn, v FROM (SELECT row_number() OVER () AS rn, CAST(${c} AS VARCHAR) AS v FROM ${rel.sql}) ` +
        `WHERE v IS NOT NULL AND TRY_CAST(v AS DOUBLE) IS NULL ORDER BY rn LIMIT 5`,
      rel.params,
    )
    .catch(async (e: unknown) => {
      throw await sourceReadError(source, e);
    });
  const rows = reader.getRowObjectsJson().map((r) => ({ row: Number(r.rn), value: String(r.v) }));
  const countReader = await source.connection.runAndReadAll(
    `SELECT count(*) AS n FROM ${rel.sql} WHERE ${c} IS NOT NULL AND TRY_CAST(CAST(${c} AS VARCHAR) AS DOUBLE) IS NULL`,
    rel.params,
  );
  const count = Number(countReader.getRowObjectsJson()[0]?.n ?? rows.length);
  const total = Number(
    (
      await source.connection.runAndReadAll(`SELECT count(${c}) AS n FROM ${rel.sql}`, rel.params)
    ).getRowObjectsJson()[0]?.n ?? count,
  );
  if (count === 0) {
    // Every value reads as a number, but the column holds text: numbers passed as strings (in-memory
    // rows such as { score: "0.634" }); a file's reader would have typed them as numbers.
    const sample = await source.connection.runAndReadAll(
      `SELECT rn, v FROM (SELECT row_number() OVER () AS rn, CAST(${c} AS VARCHAR) AS v FROM ${rel.sql}) WHERE v IS NOT NULL ORDER BY rn LIMIT 3`,
      rel.params,
    );
    return new InputError(
      'not_numeric',
      `The ${role} column "${column}" holds numbers written as text, not numbers.`,
      {
        file,
        column,
        rows: sample.getRowObjectsJson().map((r) => ({ row: Number(r.rn), value: String(r.v) })),
        hint: `Pass the values as numbers (Number(value) for each row), or read the data from a file, whose reader types them.`,
      },
    );
  }
  // (Nearly) all text: the wrong column, not a few stray values.
  const wrongColumn = count >= 0.9 * total;
  return new InputError(
    'not_numeric',
    `The ${role} column "${column}" must be numeric, but some values are not numbers.`,
    {
      file,
      column,
      rows,
      count,
      hint: wrongColumn
        ? `Most values of "${column}" are text (${count} of ${total}): it does not look like a ${role} column. Check the column name (run \`fairprobe inspect DATA\`).`
        : `Fix those values, or mark them as missing with --na ${rows[0] ? JSON.stringify(rows[0].value) : 'TEXT'}.`,
    },
  );
}
