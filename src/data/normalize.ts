import { InputError, type OffendingRow } from '../errors.js';
import { naturalCompare, quoteIdent } from '../util/strings.js';
import { type LabelMapping, type LabelRule, mapLabelValues } from './labels.js';
import { type BinWeights, type RawCell, RowCheck, type ScanPlan } from './plan.js';
import { binLabel } from './roles.js';
import type { Source } from './source.js';

/** What to do with rows whose sensitive attribute is missing. */
export const MissingPolicy = { asGroup: 'as-group', drop: 'drop', error: 'error' } as const;
export type MissingPolicy = (typeof MissingPolicy)[keyof typeof MissingPolicy];

/** More distinct values than this, one in nearly every row, make a group column an identifier. */
const IDENTIFIER_MIN_VALUES = 50;

/** The group name given to missing values under `--missing as-group`. */
export const MISSING_GROUP = '(missing)';

export interface NormalizeOptions {
  readonly label?: LabelRule | undefined;
  readonly prediction?: LabelRule | undefined;
  readonly missing?: MissingPolicy | undefined;
  /** More distinct values than this in a group column is an error (an id used as a group). */
  readonly maxGroups?: number | undefined;
}

/** A cell of the finest cross of all attributes, with normalised keys. */
export interface Cell {
  readonly g: readonly string[];
  /** 1, 0, or null for an unlabeled row. */
  readonly y: 0 | 1 | null;
  readonly p: 0 | 1;
  readonly bin: number | null;
  /** Σ weight per bin when the cell spans several bins (then `bin` is null). */
  readonly hist?: BinWeights | undefined;
  readonly n: number;
  readonly w: number;
  readonly w2: number;
  readonly s: number;
  readonly s2: number;
}

/** Rows dropped, and why. */
export interface DroppedRows {
  readonly reason: string;
  readonly rows: number;
}

/** What happened to the rows: read, used, dropped with reasons, unlabeled. */
export interface RowAccount {
  readonly read: number;
  readonly used: number;
  readonly dropped: readonly DroppedRows[];
  /** Used rows without a label (they count for selection rates, not for error rates). */
  readonly unlabeled: number;
  /** Rows placed in the `(missing)` group, per attribute. */
  readonly missingGroup: Readonly<Record<string, number>>;
}

export interface Normalized {
  readonly cells: Cell[];
  readonly rows: RowAccount;
  readonly label?: LabelMapping | undefined;
  readonly prediction?: LabelMapping | undefined;
  /** The distinct values of each attribute, sorted. */
  readonly values: Readonly<Record<string, readonly string[]>>;
}

/**
 * Validates the raw aggregate of a scan and maps it to normalised cells: label and prediction
 * texts to 0/1, bin indexes to bin names, missing group values by the missing policy.
 * Invalid scores or weights are errors naming up to 5 rows (found with a targeted query).
 * @throws {InputError} invalid scores/weights, non-binary labels, too many groups, missing values
 * under `missing: 'error'`.
 */
export async function normalizeCells(
  source: Source,
  plan: ScanPlan,
  raw: readonly RawCell[],
  options: NormalizeOptions = {},
): Promise<Normalized> {
  const file = plan.file;
  const read = raw.reduce((a, c) => a + c.n, 0);
  // 1. Invalid rows are errors, never silently dropped.
  const bad = new Map<number, number>();
  for (const c of raw) if (c.chk !== RowCheck.ok) bad.set(c.chk, (bad.get(c.chk) ?? 0) + c.n);
  if (bad.size > 0) {
    const chk = Math.min(...bad.keys()) as RowCheck;
    throw await invalidRowsError(source, plan, chk, bad.get(chk)!);
  }
  // 2. Too many groups: an id-like column used as a sensitive attribute.
  const maxGroups = options.maxGroups ?? 50;
  plan.groups.forEach((g, i) => {
    if (g.binned) return;
    const distinct = new Set(raw.map((c) => c.g[i]));
    distinct.delete(null);
    // A value in (nearly) every row is an identifier whatever --max-groups allows: group names are
    // written to every output, and these would be the people's ids.
    const withValue = raw.reduce((a, c) => a + (c.g[i] === null ? 0 : c.n), 0);
    if (distinct.size > IDENTIFIER_MIN_VALUES && distinct.size >= 0.9 * withValue) {
      throw new InputError(
        'identifier_as_group',
        `The group column "${g.column}" has a different value in nearly every row (${distinct.size} values in ${withValue} rows): it identifies people, so it cannot be a sensitive attribute (group names are written to every report).`,
        {
          file,
          column: g.column,
          hint: `Use a sensitive attribute with a few categories instead (run \`fairprobe inspect DATA\`); pass an identifier as --id to check it for duplicates.`,
        },
      );
    }
    if (distinct.size > maxGroups) {
      throw new InputError(
        'too_many_groups',
        `The group column "${g.column}" has ${distinct.size} distinct values (more than --max-groups ${maxGroups}); it looks like an identifier or a continuous number, not a sensitive attribute.`,
        {
          file,
          column: g.column,
          hint: [...distinct].every((v) => String(v).trim() !== '' && !Number.isNaN(Number(v)))
            ? `Bin it with edges (e.g. --group ${g.column}:${suggestedEdges([...distinct].map(Number)).join(',')}), or raise --max-groups if these really are ${distinct.size} groups.`
            : `Use a sensitive attribute with a few categories instead (run \`fairprobe inspect DATA\`), or raise --max-groups if these really are ${distinct.size} groups.`,
        },
      );
    }
  });
  // 3. Label and prediction vocabularies.
  const yValues = [...new Set(raw.map((c) => c.y).filter((v): v is string => v !== null))];
  const label =
    plan.roles.label && yValues.length > 0
      ? mapLabelValues(yValues, options.label ?? {}, { column: plan.roles.label, file })
      : undefined;
  const pos = new Set(label?.positive ?? []);
  let prediction: LabelMapping | undefined;
  if (plan.decision.kind === 'prediction') {
    const pv = [...new Set(raw.map((c) => c.p).filter((v): v is string => typeof v === 'string'))];
    prediction = mapLabelValues(pv, options.prediction ?? {}, {
      column: plan.decision.column,
      file,
      role: 'prediction',
    });
  }
  const predPos = new Set(prediction?.positive ?? []);
  // 4. Missing group values and missing predictions.
  const missing = options.missing ?? MissingPolicy.asGroup;
  const missingGroup: Record<string, number> = {};
  let droppedMissingGroup = 0;
  let droppedMissingPrediction = 0;
  const missingRows = new Map<number, number>();
  const cells: Cell[] = [];
  for (const c of raw) {
    if (c.p === null) {
      droppedMissingPrediction += c.n;
      continue;
    }
    let drop = false;
    const g = c.g.map((v, i) => {
      if (v === null) {
        const col = plan.groups[i]!.column;
        missingGroup[col] = (missingGroup[col] ?? 0) + c.n;
        missingRows.set(i, (missingRows.get(i) ?? 0) + c.n);
        if (missing === MissingPolicy.drop) drop = true;
        return MISSING_GROUP;
      }
      const spec = plan.groups[i]!;
      return spec.edges ? binLabel(spec.edges, Number(v)) : String(v);
    });
    if (drop) {
      droppedMissingGroup += c.n;
      continue;
    }
    const p: 0 | 1 = typeof c.p === 'number' ? (c.p === 1 ? 1 : 0) : predPos.has(c.p) ? 1 : 0;
    cells.push({
      g,
      y: c.y === null ? null : pos.has(c.y) ? 1 : 0,
      p,
      bin: c.bin,
      hist: c.hist,
      n: c.n,
      w: c.w,
      w2: c.w2,
      s: c.s,
      s2: c.s2,
    });
  }
  if (missing === MissingPolicy.error && missingRows.size > 0) {
    const [i, count] = [...missingRows.entries()][0]!;
    const col = plan.groups[i]!.column;
    const rows = await findRows(source, plan, `${quoteIdent(col)} IS NULL`, col);
    throw new InputError('missing_group_value', `The group column "${col}" has ${count} missing values.`, {
      file,
      column: col,
      rows,
      count,
      hint: 'Use --missing as-group to audit them as a "(missing)" group, or --missing drop to leave them out (they are counted either way).',
    });
  }
  const dropped = [];
  if (droppedMissingGroup > 0)
    dropped.push({
      reason: 'missing value in a sensitive attribute (--missing drop)',
      rows: droppedMissingGroup,
    });
  if (droppedMissingPrediction > 0)
    dropped.push({ reason: 'missing prediction', rows: droppedMissingPrediction });
  const used = cells.reduce((a, c) => a + c.n, 0);
  const unlabeled = cells.reduce((a, c) => a + (c.y === null ? c.n : 0), 0);
  const values: Record<string, string[]> = {};
  plan.groups.forEach((g, i) => {
    const found = new Set(cells.map((c) => c.g[i]!));
    // Bins in their numeric order; categories sorted; the missing group last.
    const ordered = g.edges
      ? Array.from({ length: g.edges.length + 1 }, (_, j) => binLabel(g.edges!, j)).filter((v) =>
          found.has(v),
        )
      : [...found].filter((v) => v !== MISSING_GROUP).sort(naturalCompare);
    if (found.has(MISSING_GROUP)) ordered.push(MISSING_GROUP);
    values[g.column] = ordered;
  });
  return { cells, rows: { read, used, dropped, unlabeled, missingGroup }, label, prediction, values };
}

/**
 * Four round bin edges for a numeric column's values: its quintiles (of the distinct values),
 * each rounded to two significant digits, so the example fits the column (ages get ages, scores
 * in [0, 1] get fractions).
 * @example
 * suggestedEdges([18, 23, 31, 44, 52, 67, 80]) // => [23, 31, 52, 67]
 */
function suggestedEdges(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (x: number) => (x === 0 ? 0 : Number(x.toPrecision(2)));
  return [...new Set([0.2, 0.4, 0.6, 0.8].map((q) => round(at(q))))];
}

const CHECK_TEXT: Record<number, { what: string; hint: string; where: (s: string, w: string) => string }> = {
  [RowCheck.scoreMissing]: {
    what: 'is empty (missing)',
    hint: 'Score every row, or remove the unscored rows before the audit.',
    where: (s) => `${s} IS NULL`,
  },
  [RowCheck.scoreNaN]: {
    what: 'is NaN',
    hint: 'Fix the scoring step that produced NaN, or remove those rows.',
    where: (s) => `isnan(${s})`,
  },
  [RowCheck.scoreInfinite]: {
    what: 'is infinite',
    hint: 'Fix the scoring step that produced infinite scores.',
    where: (s) => `isinf(${s})`,
  },
  [RowCheck.scoreOutOfRange]: {
    what: 'is outside [0, 1]',
    hint: 'Scores are expected to be probabilities; if yours are raw model scores, pass --raw-scores (and a --threshold on their scale).',
    where: (s) => `(${s} < 0 OR ${s} > 1)`,
  },
  [RowCheck.weightInvalid]: {
    what: 'weight is missing, negative, NaN or infinite',
    hint: 'Weights must be finite numbers ≥ 0.',
    where: (_s, w) => `(${w} IS NULL OR isnan(${w}) OR isinf(${w}) OR ${w} < 0)`,
  },
};

async function invalidRowsError(
  source: Source,
  plan: ScanPlan,
  chk: RowCheck,
  count: number,
): Promise<InputError> {
  const text = CHECK_TEXT[chk]!;
  const isWeight = chk === RowCheck.weightInvalid;
  const column = isWeight ? plan.roles.weight! : plan.roles.score!;
  const s = `CAST(${quoteIdent(plan.roles.score ?? column)} AS DOUBLE)`;
  const w = plan.roles.weight ? `CAST(${quoteIdent(plan.roles.weight)} AS DOUBLE)` : '1.0';
  const rows = await findRows(source, plan, text.where(s, w), column);
  const noun = isWeight ? `The weight column "${column}"` : `The score column "${column}"`;
  const hint =
    chk === RowCheck.scoreOutOfRange ? ((await percentHint(source, plan, s)) ?? text.hint) : text.hint;
  return new InputError(
    `invalid_${isWeight ? 'weight' : 'score'}`,
    `${noun} ${isWeight ? 'has rows whose' : 'has rows whose value'} ${text.what}: ${count} row${count === 1 ? '' : 's'}.`,
    { file: plan.file, column, rows, count, hint },
  );
}

/** Scores from 0 to 100 with some above 1 read as percentages: say how to audit them. */
async function percentHint(source: Source, plan: ScanPlan, s: string): Promise<string | undefined> {
  const rel = await source.relation(plan.columns);
  const r = await source.connection.runAndReadAll(
    `SELECT min(${s}) AS lo, max(${s}) AS hi FROM ${rel.sql} WHERE isfinite(${s})`,
    rel.params,
  );
  const { lo, hi } = r.getRowObjectsJS()[0] as { lo: number | null; hi: number | null };
  if (lo === null || hi === null || lo < 0 || hi > 100 || hi <= 1) return undefined;
  const t = plan.decision.kind === 'threshold' ? plan.decision.threshold * 100 : 50;
  return `The scores run from ${lo} to ${hi}: they look like percentages. Divide them by 100, or audit them on their scale with --raw-scores --threshold ${Number(t.toPrecision(6))}.`;
}

/** Up to 5 (1-based row number, value) pairs of rows matching a condition, in file order. */
async function findRows(
  source: Source,
  plan: ScanPlan,
  where: string,
  column: string,
): Promise<OffendingRow[]> {
  const rel = await source.relation(plan.columns);
  const reader = await source.connection.runAndReadAll(
    `SELECT __fp_rn, __fp_v FROM (SELECT row_number() OVER () AS __fp_rn, CAST(${quoteIdent(column)} AS VARCHAR) AS __fp_v, * FROM ${rel.sql}) WHERE ${where} ORDER BY __fp_rn LIMIT 5`,
    rel.params,
  );
  return reader
    .getRowObjectsJson()
    .map((r) => ({ row: Number(r.__fp_rn), value: r.__fp_v === null ? '' : String(r.__fp_v) }));
}
