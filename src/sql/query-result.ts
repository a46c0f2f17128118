import { createHash } from 'node:crypto';
import {
  columnsOf,
  type LabelRule,
  type MissingPolicy,
  normalizeCells,
  openSource,
  type RawCell,
  type ReadOptions,
  type ScanPlan,
  type Source,
  type SourceInfo,
} from '../data/index.js';
import { InputError } from '../errors.js';
import { buildStats, type Intersections, rolesText, type StatsSet } from '../stats/index.js';
import { quoteIdent } from '../util/strings.js';
import type { AggregationSpec } from './aggregation-spec.js';
import { resultColumns } from './projection.js';

/** How to turn an aggregation query's result into statistics (what the data scan would be told). */
export interface QueryResultOptions {
  /** How label values map to 1/0 when not 0/1, true/false or yes/no. */
  readonly label?: LabelRule | undefined;
  readonly prediction?: LabelRule | undefined;
  readonly missing?: MissingPolicy | undefined;
  readonly maxGroups?: number | undefined;
  readonly intersections?: Intersections | undefined;
  /** How to read the result file (format, delimiter, engine limits). */
  readonly read?: ReadOptions | undefined;
}

/** Result rows as objects keyed by column name (e.g. from a database driver). */
export type QueryResultRows = readonly Readonly<Record<string, unknown>>[];

/**
 * Sufficient statistics from the result of the query `fairprobe sql` wrote: the file it was saved
 * to (CSV with a header, Parquet, JSON or NDJSON; optionally gzip) or its rows. The rows are
 * checked and normalised exactly as the embedded scan's cells are, then rolled up into every
 * group and intersection, so auditing them equals auditing the raw data.
 * @throws {InputError} missing result columns, values of the wrong kind, invalid rows counted by
 * the query (chk ≠ 0), label values outside the vocabulary, too many groups.
 * @example
 * const stats = await statsFromQueryResult('leads-2026-01.csv', parseQuerySpec(readFileSync('audit.sql', 'utf8')));
 * auditFromStats([stats]).overall.n // => rows of the table
 */
export async function statsFromQueryResult(
  input: string | QueryResultRows,
  spec: AggregationSpec,
  options: QueryResultOptions = {},
): Promise<StatsSet> {
  const { rows, info } =
    typeof input === 'string' ? await readResultFile(input, spec, options.read) : fromRows(input, spec);
  const raw = parseRawCells(rows, spec, info.name);
  return statsFromRawCells(raw, spec, info, options);
}

type Texts = (string | null)[];

/** Reads every result column as text (so group values such as "007" keep their form). */
async function readResultFile(
  file: string,
  spec: AggregationSpec,
  read: ReadOptions | undefined,
): Promise<{ rows: Texts[]; info: SourceInfo & { sha256: string } }> {
  const source = await openSource(file, read ?? {});
  try {
    const byLower = new Map(source.columns.map((c) => [c.name.toLowerCase(), c.name]));
    const wanted = resultColumns(spec.roles.groups.length);
    const missing = wanted.filter((c) => !byLower.has(c));
    if (missing.length > 0)
      throw missingColumns(
        missing,
        wanted,
        source.columns.map((c) => c.name),
        file,
      );
    const k = spec.roles.groups.length;
    if (byLower.has(`g${k}`)) {
      throw new InputError(
        'query_result_mismatch',
        `The query result has a column g${k}: it was computed for more than the ${k} group(s) given.`,
        {
          file,
          hint: 'Audit it with the --query file that produced it (or the same --group list).',
        },
      );
    }
    const names = wanted.map((c) => byLower.get(c)!);
    const fmt = source.info.format;
    // CSV is re-read with every column as text: type detection would turn "007" into 7.
    const from =
      fmt === 'csv' || fmt === 'tsv'
        ? `read_csv($fp_path, header = true, all_varchar = true${read?.delimiter || fmt === 'tsv' ? ', delim = $fp_delim' : ''})`
        : (await source.relation(names)).sql;
    const params: Record<string, string> = { fp_path: file };
    if (read?.delimiter || fmt === 'tsv') params.fp_delim = read?.delimiter ?? '\t';
    const list = names.map((n) => `CAST(${quoteIdent(n)} AS VARCHAR)`).join(', ');
    const reader = await source.connection.runAndReadAll(`SELECT ${list} FROM ${from}`, params);
    const rows = reader.getRows().map((r) => r.map((v) => (v === null ? null : String(v))));
    const sha256 = await source.fingerprint();
    return { rows, info: { ...source.info, sha256 } };
  } finally {
    source.close();
  }
}

function fromRows(rows: QueryResultRows, spec: AggregationSpec) {
  const wanted = resultColumns(spec.roles.groups.length);
  const present = new Map(Object.keys(rows[0] ?? {}).map((k) => [k.toLowerCase(), k]));
  const missing = wanted.filter((c) => !present.has(c));
  if (rows.length > 0 && missing.length > 0)
    throw missingColumns(missing, wanted, [...present.values()], undefined);
  const texts: Texts[] = rows.map((r) =>
    wanted.map((c) => {
      const v = r[present.get(c) ?? c];
      return v === null || v === undefined ? null : String(v);
    }),
  );
  const sha256 = createHash('sha256').update(JSON.stringify(texts)).digest('hex');
  const info: SourceInfo & { sha256: string } = {
    name: 'query result rows',
    kind: 'memory',
    format: 'rows',
    gzip: false,
    sha256,
  };
  return { rows: texts, info };
}

function missingColumns(missing: string[], wanted: string[], found: string[], file: string | undefined) {
  return new InputError(
    'not_a_query_result',
    `The query result lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`,
    {
      file,
      hint: `A result of the query \`fairprobe sql\` wrote for ${wanted.length - 9} group column(s) has the columns ${wanted.join(', ')}; this one has ${found.join(', ')}. Save the whole result with its header, or check that --query / --group match the query that was run.`,
    },
  );
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Numbers written as text by the engine in the form the embedded scan writes them: a whole
 * double prints without its decimal part ("1.0", "1.0E0" → "1"), as for a numeric column read
 * from a file. Other texts are kept as they are.
 */
export function canonicalText(t: string): string {
  if (!NUMBER.test(t) || !/[.eE]/.test(t)) return t;
  const x = Number(t);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x === 0 ? 0 : x);
  return /[eE]/.test(t) ? String(x) : t;
}

/** Checks each result row and turns it into a RawCell, naming the row and column on error. */
function parseRawCells(rows: readonly Texts[], spec: AggregationSpec, file: string): RawCell[] {
  const k = spec.roles.groups.length;
  const names = resultColumns(k);
  const bad = (row: number, col: number, value: string | null, what: string) =>
    new InputError(
      'bad_query_result',
      `Row ${row + 1} of the query result has ${names[col]} = ${JSON.stringify(value)}: ${what}.`,
      {
        file,
        column: names[col],
        hint: 'Save the result of the query `fairprobe sql` wrote, unedited, with the settings it was written with.',
      },
    );
  const num = (row: number, col: number, text: string | null): number | null => {
    if (text === null || text === '') return null;
    const t = text.trim();
    if (NUMBER.test(t)) return Number(t);
    if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (/^nan$/i.test(t)) return Number.NaN;
    throw bad(row, col, text, 'expected a number');
  };
  const int = (row: number, col: number, text: string | null, lo: number, hi: number, nullable: boolean) => {
    const x = num(row, col, text);
    if (x === null) {
      if (nullable) return null;
      throw bad(row, col, text, 'expected a value');
    }
    if (!Number.isInteger(x) || x < lo || x > hi)
      throw bad(row, col, text, `expected a whole number from ${lo} to ${hi}`);
    return x;
  };
  const sum = (row: number, col: number, text: string | null) => {
    const x = num(row, col, text) ?? 0;
    if (!Number.isFinite(x)) throw bad(row, col, text, 'expected a finite number');
    return x;
  };
  const text = (v: string | null) => (v === null || v.trim() === '' ? null : canonicalText(v.trim()));
  const bins = spec.histogram.bins;
  return rows.map((r, i) => {
    const g = spec.roles.groups.map((gs, j) =>
      gs.edges ? int(i, j, r[j]!, 0, gs.edges.length, true) : text(r[j]!),
    );
    const p = spec.decision.kind === 'prediction' ? text(r[k + 1]!) : int(i, k + 1, r[k + 1]!, 0, 1, false);
    const chk = int(i, k + 3, r[k + 3]!, 0, 5, false)!;
    const n = int(i, k + 4, r[k + 4]!, 1, Number.MAX_SAFE_INTEGER, false)!;
    return {
      g,
      y: text(r[k]!),
      p,
      bin: int(i, k + 2, r[k + 2]!, 0, bins - 1, true),
      chk: chk as RawCell['chk'],
      n,
      w: sum(i, k + 5, r[k + 5]!),
      w2: sum(i, k + 6, r[k + 6]!),
      s: sum(i, k + 7, r[k + 7]!),
      s2: sum(i, k + 8, r[k + 8]!),
    };
  });
}

const CHECKS: Record<number, string> = {
  1: 'whose score is missing',
  2: 'whose score is NaN',
  3: 'whose score is outside [0, 1]',
  4: 'whose score is infinite',
  5: 'whose weight is missing, negative, NaN or infinite',
};

/** The import's half of the audit: validation, normalisation and roll-up of raw cells. */
export async function statsFromRawCells(
  raw: readonly RawCell[],
  spec: AggregationSpec,
  info: SourceInfo & { sha256: string },
  options: QueryResultOptions = {},
): Promise<StatsSet> {
  const file = info.kind === 'file' ? info.name : undefined;
  const roles = {
    ...spec.roles,
    prediction: spec.decision.kind === 'prediction' ? spec.decision.column : undefined,
  };
  // Invalid rows were counted by the query (chk); a warehouse's rows cannot be pointed at, so
  // say how many and which condition, before normalisation would look for them.
  const bad = new Map<number, number>();
  for (const c of raw) if (c.chk !== 0) bad.set(c.chk, (bad.get(c.chk) ?? 0) + c.n);
  if (bad.size > 0) {
    const chk = Math.min(...bad.keys());
    const isWeight = chk === 5;
    const column = isWeight ? roles.weight : roles.score;
    throw new InputError(
      isWeight ? 'invalid_weight' : 'invalid_score',
      `The query result counts ${bad.get(chk)} row(s) ${CHECKS[chk]} (chk = ${chk}) in the column "${column}".`,
      {
        file,
        column,
        count: bad.get(chk),
        hint:
          chk === 3
            ? 'Scores are expected to be probabilities; for raw scores write the query with --raw-scores --score-range LO,HI.'
            : 'Fix or exclude those rows in the table, then run the query again.',
      },
    );
  }
  checkDecisions(raw, spec, file);
  if (options.missing === 'error') {
    spec.roles.groups.forEach((g, i) => {
      const count = raw.reduce((a, c) => a + (c.g[i] === null ? c.n : 0), 0);
      if (count > 0) {
        throw new InputError(
          'missing_group_value',
          `The group column "${g.column}" has ${count} missing values.`,
          {
            file,
            column: g.column,
            count,
            hint: 'Use --missing as-group to audit them as a "(missing)" group, or --missing drop to leave them out (they are counted either way).',
          },
        );
      }
    });
  }
  const plan: ScanPlan = {
    file,
    roles,
    columns: columnsOf(roles),
    groups: spec.roles.groups.map((g) => ({ ...g, binned: g.edges !== undefined })),
    decision: spec.decision,
    scoreScale: spec.scoreScale,
    histogram: spec.histogram,
    projection: '',
    rawProjection: '',
    keyText: [],
    params: {},
  };
  const normalized = await normalizeCells(noRows(info), plan, raw, {
    label: options.label,
    prediction: options.prediction,
    missing: options.missing,
    maxGroups: options.maxGroups,
  });
  return buildStats(normalized, plan, {
    intersections: options.intersections ?? 'pairs',
    provenance: {
      sources: [{ ...info, rows: normalized.rows.read }],
      columnsRead: plan.columns,
      roles: rolesText(plan),
      scoreScale: plan.scoreScale,
      hasLabel: normalized.label !== undefined,
      label: normalized.label,
      prediction: normalized.prediction,
    },
  });
}

/**
 * A threshold decision must agree with the score bin: a bin wholly below the threshold holds only
 * p = 0, one wholly at or above it only p = 1. Catches a result audited with another --threshold.
 */
function checkDecisions(raw: readonly RawCell[], spec: AggregationSpec, file: string | undefined): void {
  if (spec.decision.kind !== 'threshold') return;
  const t = spec.decision.threshold;
  const { lo, hi, bins } = spec.histogram;
  const width = (hi - lo) / bins;
  const eps = 1e-9 * (hi - lo);
  for (const c of raw) {
    if (c.bin === null) continue;
    const from = lo + c.bin * width;
    const to = from + width;
    // The end bins also hold the scores clamped into them.
    const wrong =
      (c.p === 1 && to + eps < t && c.bin < bins - 1) || (c.p === 0 && from - eps > t && c.bin > 0);
    if (wrong) {
      throw new InputError(
        'query_result_mismatch',
        `The query result's decisions do not match the threshold ${t}: bin ${c.bin} (scores ${from} to ${to}) has p = ${c.p}.`,
        {
          file,
          hint: 'The query was written with another --threshold (or histogram): audit the result with the --query file that produced it.',
        },
      );
    }
  }
}

/**
 * A stand-in Source for normalisation: the rows of a warehouse table cannot be looked up. The
 * checks above run first, so normalisation never needs it; if it ever does, that is a bug.
 */
function noRows(info: SourceInfo): Source {
  const fail = () => Promise.reject(new Error('internal: a query result has no rows to look up'));
  return {
    info,
    columns: [],
    connection: undefined as never,
    relation: fail,
    fingerprint: fail,
    close: () => {},
  };
}
