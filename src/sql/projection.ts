import type { ColumnKind, DecisionSpec, HistogramSpec, Roles, RowCheck, ScoreScale } from '../data/index.js';
import type { DialectSyntax } from './dialects.js';

/** The validation codes written by the projection (the values of `RowCheck` in data/plan.ts). */
const CHECK = {
  ok: 0,
  scoreMissing: 1,
  scoreNaN: 2,
  scoreOutOfRange: 3,
  scoreInfinite: 4,
  weightInvalid: 5,
} as const satisfies typeof RowCheck;

/** What the projection needs: roles, the decision rule, the score scale and the histogram. */
export interface ProjectionInput {
  readonly roles: Pick<Roles, 'score' | 'label' | 'weight' | 'groups'>;
  readonly decision: DecisionSpec;
  readonly scoreScale: ScoreScale;
  readonly histogram: HistogramSpec;
  /**
   * Column kinds where known (the embedded engine knows them; a query written for a warehouse
   * does not, and then values are cast to text as stored).
   */
  readonly kindOf?: ((column: string) => ColumnKind | undefined) | undefined;
}

/**
 * How a number enters the SQL: a bound parameter (`$t`, the embedded engine) or an inline literal
 * (a query written for another engine). `name` is the parameter name, `double` says whether the
 * value takes part in double arithmetic.
 */
export type NumberLiteral = (name: string, value: number, double: boolean) => string;

/** Inline literals: doubles as `CAST(0.5 AS DOUBLE)`, so every engine computes in doubles. */
export function inlineNumbers(syntax: DialectSyntax): NumberLiteral {
  return (_name, value, double) => (double ? `CAST(${String(value)} AS ${syntax.double})` : String(value));
}

/**
 * The `SELECT` list of the one pass over the data, in any dialect: one expression per output
 * column g0…gk (group values: text, or bin index for binned attributes), y (label text), chk
 * (validation code), p (decision), bin (score histogram bin), w (weight) and s (score).
 * The embedded DuckDB scan and `fairprobe sql` both use it, so they compute the same cells.
 * @example
 * projectionList({ roles, decision, scoreScale: 'probability', histogram }, dialectSyntax('postgres'), inlineNumbers(pg))
 * // => ['NULLIF(trim(CAST("gender" AS VARCHAR)), \'\') AS g0', …, 'CAST("score" AS DOUBLE PRECISION) AS s']
 */
export function projectionList(
  input: ProjectionInput,
  syntax: DialectSyntax,
  lit: NumberLiteral,
  options: { readonly rawKeys?: boolean } = {},
): string[] {
  const { roles, decision, scoreScale, histogram } = input;
  // Raw keys: group, label and prediction values as stored; {@link keyTextList} turns them into
  // text after aggregation, so the per-row work is only what the row checks and bins need.
  const asText = (c: string, kind: ColumnKind | undefined) =>
    options.rawKeys ? c : textExpr(syntax, c, kind);
  const kindOf = input.kindOf ?? (() => undefined);
  const q = syntax.ident;
  const sel: string[] = [];
  roles.groups.forEach((g, i) => {
    const c = q(g.column);
    if (g.edges) {
      const cases = g.edges.map((e, j) => `WHEN ${c} < ${lit(`e${i}_${j}`, e, false)} THEN ${j}`);
      sel.push(
        `CASE WHEN ${c} IS NULL OR ${syntax.isNaN(c)} THEN NULL ${cases.join(' ')} ELSE ${g.edges.length} END AS g${i}`,
      );
    } else {
      sel.push(`${asText(c, kindOf(g.column))} AS g${i}`);
    }
  });
  sel.push(
    roles.label ? `${asText(q(roles.label), kindOf(roles.label))} AS y` : `CAST(NULL AS ${syntax.text}) AS y`,
  );
  const s = roles.score ? `CAST(${q(roles.score)} AS ${syntax.double})` : `CAST(NULL AS ${syntax.double})`;
  const w = roles.weight ? `CAST(${q(roles.weight)} AS ${syntax.double})` : `CAST(1 AS ${syntax.double})`;
  const checks: string[] = [];
  // Without a weight, the usual row (a finite score, in [0, 1] for probabilities) is told first, in
  // one test; NaN fails every comparison or sorts above every number, so it never passes the range.
  if (roles.score && !roles.weight) {
    checks.push(
      `WHEN ${scoreScale === 'probability' ? `${s} >= 0 AND ${s} <= 1` : syntax.isFinite(s)} THEN ${CHECK.ok}`,
    );
  }
  if (roles.score) {
    checks.push(
      `WHEN ${s} IS NULL THEN ${CHECK.scoreMissing}`,
      `WHEN ${syntax.isNaN(s)} THEN ${CHECK.scoreNaN}`,
      `WHEN ${syntax.isInf(s)} THEN ${CHECK.scoreInfinite}`,
    );
    if (scoreScale === 'probability') checks.push(`WHEN ${s} < 0 OR ${s} > 1 THEN ${CHECK.scoreOutOfRange}`);
  }
  if (roles.weight) {
    checks.push(
      `WHEN ${w} IS NULL OR ${syntax.isNaN(w)} OR ${syntax.isInf(w)} OR ${w} < 0 THEN ${CHECK.weightInvalid}`,
    );
  }
  sel.push(`${checks.length > 0 ? `CASE ${checks.join(' ')} ELSE ${CHECK.ok} END` : `${CHECK.ok}`} AS chk`);
  if (decision.kind === 'threshold') {
    sel.push(`CASE WHEN ${s} >= ${lit('t', decision.threshold, true)} THEN 1 ELSE 0 END AS p`);
  } else if (decision.kind === 'group-thresholds') {
    sel.push(`${groupThresholdsExpr(decision, syntax, s, kindOf, lit)} AS p`);
  } else if (decision.kind === 'none') {
    sel.push('0 AS p');
  } else {
    sel.push(`${asText(q(decision.column), kindOf(decision.column))} AS p`);
  }
  if (roles.score) {
    const lo = lit('lo', histogram.lo, true);
    const k = lit('k', histogram.bins / (histogram.hi - histogram.lo), true);
    const bmin = lit('bmin', 0, true);
    const bmax = lit('bmax', histogram.bins - 1, true);
    // The usual score, from lo to half a bin below hi, needs no clamping: (s − lo)·k then lies in
    // [0, bins − ½), so its floor is a bin index whatever the rounding. Clamping costs as much as the
    // rest of the row checks, so it is left to the rare scores outside (and to NaN, which fails both).
    const fast = lit(
      'bfast',
      histogram.lo + (histogram.bins - 0.5) / (histogram.bins / (histogram.hi - histogram.lo)),
      true,
    );
    sel.push(
      `CASE WHEN ${s} >= ${lo} AND ${s} < ${fast} THEN CAST(floor((${s} - ${lo}) * ${k}) AS ${syntax.integer}) ` +
        `WHEN ${syntax.isFinite(s)} ` +
        `THEN CAST(least(greatest(floor((${s} - ${lo}) * ${k}), ${bmin}), ${bmax}) AS ${syntax.integer}) END AS bin`,
    );
  } else {
    sel.push(`CAST(NULL AS ${syntax.integer}) AS bin`);
  }
  sel.push(`${w} AS w`, `${s} AS s`);
  return sel;
}

/**
 * The decision of a group-thresholds rule: per group value, the first cut the score reaches gives
 * the selection probability; a probability below 1 is drawn as frac((row_number + seed) · φ⁻¹) < p
 * (the same Weyl sequence as mitigation/post/rule.ts; row_number() OVER () follows the scan order).
 */
function groupThresholdsExpr(
  d: Extract<DecisionSpec, { kind: 'group-thresholds' }>,
  syntax: DialectSyntax,
  s: string,
  kindOf: (column: string) => ColumnKind | undefined,
  lit: NumberLiteral,
): string {
  const x = `((CAST(row_number() OVER () AS ${syntax.double}) + ${lit('rs', d.seed, true)}) * ${lit('rphi', 0.6180339887498949, true)})`;
  const u = `(${x} - floor(${x}))`;
  let n = 0;
  const cuts = (list: readonly { atLeast: number; probability: number }[]) => {
    if (list.length === 0) return '0';
    const whens = list.map((c) => {
      const at = lit(`rc${n}`, c.atLeast, true);
      const p = lit(`rp${n++}`, c.probability, true);
      const then =
        c.probability >= 1 ? '1' : c.probability <= 0 ? '0' : `CASE WHEN ${u} < ${p} THEN 1 ELSE 0 END`;
      return `WHEN ${s} >= ${at} THEN ${then}`;
    });
    return `CASE ${whens.join(' ')} ELSE 0 END`;
  };
  const g = textExpr(syntax, syntax.ident(d.attribute), kindOf(d.attribute));
  const groups = Object.keys(d.groups)
    .sort()
    .map((v) => `WHEN ${g} = '${v.replaceAll("'", "''")}' THEN ${cuts(d.groups[v]!)}`);
  return `CASE ${groups.join(' ')} ELSE ${cuts(d.default)} END`;
}

/**
 * A column's value as trimmed text, NULL when empty. For a known numeric column, whole numbers
 * print without a decimal part whatever their storage type (1.0 → "1"), so CSV, Parquet and
 * in-memory inputs agree; a column of unknown kind is cast to text as stored.
 */
export function textExpr(syntax: DialectSyntax, c: string, kind: ColumnKind | undefined): string {
  if (kind === 'number') {
    return (
      `CASE WHEN ${c} IS NULL OR ${syntax.isNaN(c)} THEN NULL ` +
      `WHEN ${c} = floor(${c}) AND abs(${c}) < 1e15 THEN CAST(CAST(${c} AS ${syntax.bigint}) AS ${syntax.text}) ` +
      `ELSE CAST(${c} AS ${syntax.text}) END`
    );
  }
  return `NULLIF(trim(CAST(${c} AS ${syntax.text})), '')`;
}

/**
 * The key columns of an aggregate over a raw-key projection (`projectionList(…, { rawKeys: true })`)
 * turned into the text keys the stats use: the same {@link textExpr} conversions, applied to the
 * aggregated cells instead of every row.
 */
export function keyTextList(input: ProjectionInput, syntax: DialectSyntax): string[] {
  const { roles, decision } = input;
  const kindOf = input.kindOf ?? (() => undefined);
  return [
    ...roles.groups.map((g, i) =>
      g.edges ? `g${i}` : `${textExpr(syntax, `g${i}`, kindOf(g.column))} AS g${i}`,
    ),
    roles.label ? `${textExpr(syntax, 'y', kindOf(roles.label))} AS y` : 'y',
    decision.kind === 'prediction' ? `${textExpr(syntax, 'p', kindOf(decision.column))} AS p` : 'p',
    'bin',
    'chk',
  ];
}

/** The key columns of the aggregate: g0…gk, y, p, bin, chk. */
export function keyColumns(groupCount: number): string[] {
  return [...Array.from({ length: groupCount }, (_, i) => `g${i}`), 'y', 'p', 'bin', 'chk'];
}

/** Every column of the aggregate, in order: the keys, then n, w, w2, s, s2. */
export function resultColumns(groupCount: number): string[] {
  return [...keyColumns(groupCount), 'n', 'w', 'w2', 's', 's2'];
}

/**
 * The aggregation over a projection: one row per distinct (g0…gk, y, p, bin, chk) with the rows
 * n and the weighted sums w, w2, s, s2 (the RawCell columns).
 *
 * With `keyText` (the {@link keyTextList} of a raw-key projection) the rows are grouped by their
 * raw values first, the resulting cells converted to text and merged, and each key's histogram
 * listed: one result row per key without the bin, with `bins` (ascending) and `bw` (Σ weight per
 * bin) — a hundred times fewer rows to convert than one per bin.
 * `exactSums` adds each term in fixed point (`'narrow'`: 64-bit integers of 10⁻¹², for terms known to
 * stay below 10⁶ in magnitude; otherwise DECIMAL(38, 12)); both round every term to 12 decimals.
 */
export function aggregateOver(
  syntax: DialectSyntax,
  groupCount: number,
  projection: readonly string[],
  from: string,
  options: {
    readonly orderBy?: boolean;
    readonly exactSums?: boolean | 'narrow';
    readonly unitWeights?: boolean;
    readonly keyText?: readonly string[];
  } = {},
): string {
  const keys = keyColumns(groupCount).join(', ');
  // Exact sums: each term rounded to 12 decimals and added in fixed point, so the result does not
  // depend on the order a parallel engine adds rows in (reproducible to the last bit). Narrow terms
  // (below 10⁶ in magnitude) are added as 64-bit integer multiples of 10⁻¹² (into a 128-bit sum):
  // converting a double to an integer costs a third of converting it to a DECIMAL.
  const narrow = options.exactSums === 'narrow';
  const add = (e: string) =>
    narrow
      ? `sum(CAST((${e}) * 1e12 AS ${syntax.bigint}))`
      : options.exactSums
        ? `sum(CAST(${e} AS DECIMAL(38, 12)))`
        : `${syntax.sum}(${e})`;
  // Without a weight column every weight is 1: Σw = Σw² = the row count, with no summing.
  const unit = options.unitWeights;
  const sums: [string, string][] = [
    ['w', unit ? 'count(*)' : add('w')],
    ['w2', unit ? 'count(*)' : add('w * w')],
    ['s', add(unit ? 'CASE WHEN chk = 0 THEN s END' : 'CASE WHEN chk = 0 THEN w * s END')],
    ['s2', add(unit ? 'CASE WHEN chk = 0 THEN s * s END' : 'CASE WHEN chk = 0 THEN w * s * s END')],
  ];
  /** A sum as a double: integer multiples of 10⁻¹² are scaled back. */
  const toDouble = (e: string, name?: string) =>
    narrow && name !== undefined && !(unit && (name === 'w' || name === 'w2'))
      ? `CAST(${e} AS ${syntax.double}) / 1e12`
      : `CAST(${e} AS ${syntax.double})`;
  const finish = (e: string, name: string) => (options.exactSums ? toDouble(e, name) : e);
  const rows = `FROM (SELECT\n  ${projection.join(',\n  ')}\nFROM ${from}) AS fp_rows`;
  const order = options.orderBy ? [`ORDER BY ${keys}`] : [];
  if (!options.keyText) {
    return [
      `SELECT ${keys},`,
      '  count(*) AS n,',
      ...sums.map(
        ([name, e], i) =>
          `  ${options.unitWeights && i < 2 ? toDouble(e) : finish(e, name)} AS ${name}${i < 3 ? ',' : ''}`,
      ),
      rows,
      `GROUP BY ${keys}`,
      ...order,
    ].join('\n');
  }
  const inner = [
    `SELECT ${keys},`,
    '  count(*) AS n,',
    ...sums.map(([name, e], i) => `  ${e} AS ${name}${i < 3 ? ',' : ''}`),
    rows,
    `GROUP BY ${keys}`,
  ].join('\n');
  // The middle level merges raw keys that read the same as text (one row per text key and bin, sums
  // kept exact); the outer level lists each key's bins. Sums are converted to double once, at the end.
  const middle = [
    `SELECT ${options.keyText.join(', ')},`,
    '  sum(n) AS n,',
    ...sums.map(([name], i) => `  sum(${name}) AS ${name}${i < 3 ? ',' : ''}`),
    `FROM (${inner}) AS fp_cells`,
    'GROUP BY ALL',
  ].join('\n');
  const outerKeys = keyColumns(groupCount)
    .filter((k) => k !== 'bin')
    .join(', ');
  return [
    `SELECT ${outerKeys},`,
    `  CAST(sum(n) AS ${syntax.bigint}) AS n,`,
    ...sums.map(([name]) => `  ${toDouble(`sum(${name})`, name)} AS ${name},`),
    '  list(bin ORDER BY bin) FILTER (WHERE bin IS NOT NULL) AS bins,',
    `  list(${toDouble('w', 'w')} ORDER BY bin) FILTER (WHERE bin IS NOT NULL) AS bw`,
    `FROM (${middle}) AS fp_bins`,
    `GROUP BY ${outerKeys}`,
    ...order,
  ].join('\n');
}
