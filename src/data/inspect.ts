import { quoteIdent } from '../util/strings.js';
import type { DataInput } from './input.js';
import { type ColumnKind, openSource, type ReadOptions, sourceReadError } from './source.js';

/** A role fairprobe guesses a column could play, with the reason. */
export interface RoleGuess {
  readonly role: 'score' | 'label' | 'prediction' | 'sensitive' | 'id' | 'time' | 'weight';
  readonly reason: string;
}

/** One column as `fairprobe inspect` describes it. */
export interface ColumnProfile {
  readonly name: string;
  readonly type: string;
  readonly kind: ColumnKind;
  readonly missing: number;
  /** Distinct non-missing values. */
  readonly distinct: number;
  /** Smallest and largest value (not shown for identifier-like text columns). */
  readonly min?: string | undefined;
  readonly max?: string | undefined;
  /** Value counts for columns with at most 12 distinct values. */
  readonly values?: Readonly<Record<string, number>> | undefined;
  readonly guesses: readonly RoleGuess[];
}

/** What `fairprobe inspect` reports about a data source. */
export interface InspectResult {
  readonly source: string;
  readonly format: string;
  readonly rows: number;
  readonly columns: readonly ColumnProfile[];
  /** A suggested `fairprobe audit` command built from the guesses. */
  readonly suggestion?: string | undefined;
  /** Plain-words observations about the file (e.g. no header line detected). */
  readonly notes: readonly string[];
}

const SENSITIVE =
  /(gender|sex|age|race|ethnic|national|country|religio|disab|marital|pregnan|orientation|birth|language|region)/i;
const LABEL = /(^y$|label|target|outcome|convert|won|churn|income|class|result|response)/i;
const SCORE = /(score|prob|propensity|likelihood|pred_?prob|risk)/i;
const PRED = /(pred|decision|selected|approved|flag)/i;
const IDLIKE = /(^id$|_id$|^id_|uuid|email|phone|name$)/i;
const TIME = /(date|time|day|month|_at$)/i;
const WEIGHT = /(weight|wgt)/i;

/**
 * Profiles every column of a data source: type, missing and distinct counts, range, value
 * counts of low-cardinality columns, and which role each column looks like it could play.
 * Two passes over the data.
 * @example
 * (await inspectData('datasets/prospects.csv')).rows // => 20000
 */
export async function inspectData(input: DataInput, options: ReadOptions = {}): Promise<InspectResult> {
  const source = await openSource(input, options);
  try {
    const names = source.columns.map((c) => c.name);
    const rel = await source.relation(names);
    const parts = ['count(*) AS "n"'];
    source.columns.forEach((c, i) => {
      const q = quoteIdent(c.name);
      const minmax = c.kind === 'other' ? 'NULL' : `CAST(min(${q}) AS VARCHAR)`;
      const maxv = c.kind === 'other' ? 'NULL' : `CAST(max(${q}) AS VARCHAR)`;
      parts.push(
        `count(*) - count(${q}) AS "m${i}"`,
        `count(DISTINCT ${q}) AS "d${i}"`,
        `${minmax} AS "lo${i}"`,
        `${maxv} AS "hi${i}"`,
      );
    });
    const first = await source.connection
      .runAndReadAll(`SELECT ${parts.join(', ')} FROM ${rel.sql}`, rel.params)
      .catch(async (e: unknown) => {
        throw await sourceReadError(source, e);
      });
    const row = first.getRowObjectsJson()[0]!;
    const rows = Number(row.n);
    const approx = source.columns.map((_, i) => Number(row[`d${i}`]));
    const small = source.columns.map((c, i) => ({ c, i })).filter(({ i }) => approx[i]! <= 14);
    const counts = new Map<number, Record<string, number>>();
    if (small.length > 0) {
      const hq = small
        .map(({ c, i }) => `CAST(histogram(CAST(${quoteIdent(c.name)} AS VARCHAR)) AS JSON) AS "h${i}"`)
        .join(', ');
      const second = await source.connection.runAndReadAll(`SELECT ${hq} FROM ${rel.sql}`, rel.params);
      const r2 = second.getRowObjectsJson()[0]!;
      for (const { i } of small) {
        const raw = r2[`h${i}`];
        const obj =
          typeof raw === 'string'
            ? (JSON.parse(raw) as Record<string, number>)
            : ((raw ?? {}) as Record<string, number>);
        counts.set(i, obj);
      }
    }
    const columns: ColumnProfile[] = source.columns.map((c, i) => {
      const values = counts.get(i);
      const distinct = values ? Object.keys(values).length : approx[i]!;
      const missing = Number(row[`m${i}`]);
      const lo = row[`lo${i}`] as string | null;
      const hi = row[`hi${i}`] as string | null;
      const guesses = guessRoles(c.name, c.kind, { rows, distinct, missing, lo, hi, values });
      const idLike = guesses.some((g) => g.role === 'id');
      return {
        name: c.name,
        type: c.type,
        kind: c.kind,
        missing,
        distinct,
        min: idLike || lo === null ? undefined : lo,
        max: idLike || hi === null ? undefined : hi,
        values: values && values && distinct <= 12 ? sortCounts(values) : undefined,
        guesses,
      };
    });
    return {
      source: source.info.name,
      format: source.info.format + (source.info.gzip ? ' (gzip)' : ''),
      rows,
      columns,
      suggestion: suggest(source.info.name, columns, options),
      notes: notesFor(columns),
    };
  } finally {
    source.close();
  }
}

function notesFor(columns: readonly ColumnProfile[]): string[] {
  const notes: string[] = [];
  const roles = suggestRoles(columns);
  if (roles.labelValues) {
    notes.push(
      `The label "${roles.label}" has values ${roles.labelValues.map((v) => JSON.stringify(v)).join(', ')}: say which one means the favourable outcome with --positive VALUE.`,
    );
  }
  if (roles.naValues.length) {
    notes.push(
      `Values such as ${roles.naValues.map((v) => JSON.stringify(v)).join(', ')} look like missing-value markers; if they are, pass --na ${roles.naValues.join(',')}.`,
    );
  }
  if (columns.length > 1 && columns.every((c) => /^column\d+$/.test(c.name))) {
    notes.push(
      'No header line was found, so the columns are named column00, column01, …. Name them with --no-header --column-names a,b,c (in file order).',
    );
  }
  const padded = columns.filter((c) => c.values && Object.keys(c.values).some((v) => v !== v.trim()));
  if (padded.length > 0) {
    notes.push(
      `Values of ${padded.map((c) => c.name).join(', ')} have leading or trailing spaces; fairprobe trims group and label values.`,
    );
  }
  return notes;
}

function sortCounts(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

interface Facts {
  rows: number;
  distinct: number;
  missing: number;
  lo: string | null;
  hi: string | null;
  values: Record<string, number> | undefined;
}

/** Values of a sex or gender column, of which at least one must name a sex (SEX_VALUES). */
const GENDER_VALUES =
  /^(female|male|f|m|woman|women|man|men|non-?binary|diverse|other|x|unknown|prefer not to say)$/i;

const SEX_VALUES = /^(female|male|f|m|woman|women|man|men)$/i;

function guessRoles(name: string, kind: ColumnKind, f: Facts): RoleGuess[] {
  const out: RoleGuess[] = [];
  const binary = f.distinct === 2 || (f.values !== undefined && Object.keys(f.values).length === 2);
  const lo = f.lo === null ? Number.NaN : Number(f.lo);
  const hi = f.hi === null ? Number.NaN : Number(f.hi);
  if (kind === 'number' && lo >= 0 && hi <= 1 && f.distinct > 2) {
    out.push({ role: 'score', reason: `numbers in [0, 1] with ${f.distinct} distinct values` });
  } else if (kind === 'number' && SCORE.test(name) && f.distinct > 2) {
    out.push({ role: 'score', reason: 'numeric, and the name says score' });
  }
  // Values that name a sex or gender (female/male …) mark a sensitive attribute whatever the
  // column is called (a headerless file's column09), not an outcome.
  const values = Object.keys(f.values ?? {}).map((v) => v.trim());
  const genderValues =
    values.length >= 2 &&
    values.every((v) => GENDER_VALUES.test(v)) &&
    values.some((v) => SEX_VALUES.test(v));
  if (binary && LABEL.test(name))
    out.push({ role: 'label', reason: 'two values, and the name says outcome' });
  else if (binary && PRED.test(name))
    out.push({ role: 'prediction', reason: 'two values, and the name says decision' });
  else if (binary && !SENSITIVE.test(name) && !genderValues)
    out.push({ role: 'label', reason: 'two values (a label or a decision?)' });
  if (genderValues && !SENSITIVE.test(name)) {
    out.push({ role: 'sensitive', reason: `its values (${values.join(', ')}) name a sex or gender` });
  } else if (SENSITIVE.test(name) && f.distinct <= 50) {
    out.push({
      role: 'sensitive',
      reason:
        kind === 'number' && f.distinct > 12
          ? 'name suggests a protected characteristic; numeric: bin it (e.g. age:25,35,45,55)'
          : 'name suggests a protected characteristic',
    });
  } else if (SENSITIVE.test(name) && kind === 'number') {
    out.push({
      role: 'sensitive',
      reason: 'name suggests a protected characteristic; numeric: bin it with edges',
    });
  }
  if (
    (f.distinct >= 0.95 * (f.rows - f.missing) && f.rows > 20 && kind !== 'number') ||
    (IDLIKE.test(name) && f.distinct > 0.5 * f.rows)
  ) {
    out.push({
      role: 'id',
      reason: 'almost every value is distinct: an identifier (never written to reports)',
    });
  }
  if (kind === 'time' || (TIME.test(name) && kind === 'string' && /^\d{4}-\d{2}-\d{2}/.test(f.lo ?? ''))) {
    out.push({ role: 'time', reason: kind === 'time' ? 'a date/time column' : 'dates written as text' });
  }
  if (kind === 'number' && WEIGHT.test(name))
    out.push({ role: 'weight', reason: 'numeric, and the name says weight' });
  return out;
}

/** The roles inspect would suggest: the best candidate for each, and the likely missing markers. */
export interface SuggestedRoles {
  readonly score?: string | undefined;
  readonly label?: string | undefined;
  /** Label values when they are not 0/1, true/false or yes/no (say which is positive). */
  readonly labelValues?: readonly string[] | undefined;
  readonly groups: readonly string[];
  readonly weight?: string | undefined;
  /** Texts that look like missing-value markers (unknown, ?, N/A …) in low-cardinality columns. */
  readonly naValues: readonly string[];
}

const NA_MARKERS = /^(unknown|\?|n\/a|na|null|none|missing|-)$/i;
const KNOWN_LABELS = /^(0|1|0\.0|1\.0|true|false|t|f|yes|no|y|n)$/i;

export function suggestRoles(columns: readonly ColumnProfile[]): SuggestedRoles {
  const pick = (role: RoleGuess['role']) =>
    columns.filter((c) => c.guesses.some((g) => g.role === role)).map((c) => c.name);
  const score = pick('score')[0];
  // A two-valued column whose name says outcome (y, converted) before any other two-valued one.
  const label = pick('label').find((n) => LABEL.test(n)) ?? pick('label')[0];
  const labelProfile = columns.find((c) => c.name === label);
  const values = Object.keys(labelProfile?.values ?? {}).map((v) => v.trim());
  const labelValues =
    values.length > 0 && !values.every((v) => KNOWN_LABELS.test(v)) ? values.sort() : undefined;
  // A numeric attribute with many values must be binned, or the suggested audit would fail with
  // too many groups: age gets the usual edges; other such columns are left for the user to bin.
  const groups = columns
    .filter((c) => c.guesses.some((g) => g.role === 'sensitive'))
    .flatMap((c) =>
      c.kind !== 'number' || c.distinct <= 12
        ? [c.name]
        : /age/i.test(c.name)
          ? [`${c.name}:25,35,45,55`]
          : [],
    );
  const naValues = [
    ...new Set(
      columns.flatMap((c) =>
        Object.keys(c.values ?? {})
          .map((v) => v.trim())
          .filter((v) => NA_MARKERS.test(v)),
      ),
    ),
  ].sort();
  return { score, label, labelValues, groups, weight: pick('weight')[0], naValues };
}

/**
 * The audit command to try: the suggested roles, with the reading options the data was inspected
 * with (a headerless file's column names, missing-value texts, the delimiter…), so it runs as shown.
 */
function suggest(path: string, columns: readonly ColumnProfile[], read: ReadOptions): string | undefined {
  const r = suggestRoles(columns);
  if (r.groups.length === 0 || (!r.score && !r.label)) return undefined;
  const q = (s: string) => (/^[A-Za-z0-9_.,:/-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);
  const parts = ['fairprobe audit', q(path)];
  if (read.format) parts.push('--input-format', q(read.format));
  if (read.delimiter !== undefined)
    parts.push('--delimiter', q(read.delimiter === '\t' ? 'tab' : read.delimiter));
  if (read.header === false) parts.push('--no-header');
  if (read.columnNames?.length) parts.push('--column-names', q(read.columnNames.join(',')));
  if (read.decimalComma) parts.push('--decimal-comma');
  if (read.encoding) parts.push('--encoding', q(read.encoding));
  if (r.score) parts.push('--score', q(r.score));
  if (r.label) parts.push('--label', q(r.label));
  if (r.labelValues) parts.push('--positive', 'VALUE');
  parts.push('--group', q(r.groups.join(',')));
  if (r.weight) parts.push('--weight', q(r.weight));
  const na = [...new Set([...(read.naValues ?? []), ...r.naValues])];
  if (na.length) parts.push('--na', q(na.join(',')));
  return parts.join(' ');
}
