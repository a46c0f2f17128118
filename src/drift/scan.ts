import type { DuckDBValue } from '@duckdb/node-api';
import {
  type ColumnKind,
  type RawCell,
  type RowCheck,
  type ScanPlan,
  type Source,
  sourceReadError,
  withProgress,
} from '../data/index.js';
import { UsageError } from '../errors.js';
import { dialectSyntax } from '../sql/dialects.js';
import { textExpr } from '../sql/projection.js';
import type { FeatureGrid, FeatureSpec } from '../stats/index.js';
import { quoteIdent, usedParams } from '../util/strings.js';

/**
 * The numeric feature grid: 0.05% relative accuracy (γ = 1.0005/0.9995, buckets 0.1% wide), values
 * within 1e-9 of 0 in bucket 0. Fine enough for features with a large offset and a small spread (an
 * index between 92.2 and 94.8, a year), and one bucket per whole number up to about 1,000.
 */
export const FEATURE_GRID: FeatureGrid = { gamma: 1.0005 / 0.9995, zero: 1e-9, offset: 25_000 };

/** Time-window lengths: the time column truncated to the start of its day, ISO week (Monday) or month. */
export const TimeUnit = { day: 'day', week: 'week', month: 'month' } as const;
export type TimeUnit = (typeof TimeUnit)[keyof typeof TimeUnit];

/**
 * A raw stats cell of one grouping: overall (`attribute` −1, `g` empty) or one attribute (`g` its
 * raw value), in one window.
 */
export interface ScanCell {
  readonly t: string | null;
  /** Index of the attribute grouped on, −1 for the overall grouping. */
  readonly attribute: number;
  /** Some sensitive attribute of these rows is missing (for `--missing drop`). */
  readonly anyMissing: boolean;
  readonly raw: RawCell;
}

/** A raw feature aggregate: one (window, grouping, feature, bucket or category) combination. */
export interface FeatureCell {
  readonly t: string | null;
  readonly attribute: number;
  readonly anyMissing: boolean;
  /** The raw value of the attribute grouped on (none for the overall grouping). */
  readonly g: string | number | null;
  /** The row has no decision (it is dropped from the stats, so from the features too). */
  readonly noDecision: boolean;
  /** Index into the feature list. */
  readonly feature: number;
  /** Bucket index (numeric) or category text (categorical); null when the value is missing. */
  readonly key: number | string | null;
  /** Numeric features: the values of this cell are whole numbers. */
  readonly whole: boolean;
  readonly n: number;
  readonly w: number;
  readonly w2: number;
}

/** What one pass returns: stats cells and feature cells per grouping, each tagged with its window. */
export interface DriftScan {
  readonly cells: readonly ScanCell[];
  readonly features: readonly FeatureCell[];
}

function featureExprs(spec: FeatureSpec, i: number): { value: string; key: string } {
  const c = quoteIdent(spec.column);
  if (spec.kind === 'categorical') {
    // Grouped by the raw value; turned into text (as group values are) in the roll-up.
    return { value: `${c} AS fp_c${i}`, key: `fp_c${i} AS fp_f${i}` };
  }
  const x = `TRY_CAST(${c} AS DOUBLE)`;
  const v = `fp_x${i}`;
  return {
    value: `CASE WHEN isfinite(${x}) THEN ${x} END AS ${v}`,
    // The grid bucket, times 2, plus 1 for a whole number: whole numbers get exact bucket points.
    key:
      `(CASE WHEN ${v} IS NULL THEN NULL WHEN abs(${v}) <= $fp_zero THEN 0 ` +
      `WHEN ${v} > 0 THEN CAST(ceil(ln(${v}) * $fp_ilg) AS INTEGER) + $fp_off ` +
      `ELSE -(CAST(ceil(ln(-${v}) * $fp_ilg) AS INTEGER) + $fp_off) END) * 2 + ` +
      `CASE WHEN ${v} = floor(${v}) THEN 1 ELSE 0 END AS fp_f${i}`,
  };
}

/** A value as the text `planScan` gives group, label and prediction values. */
function textOf(c: string, kind: string | undefined): string {
  return textExpr(dialectSyntax('duckdb'), c, kind as ColumnKind | undefined);
}

/**
 * The per-row projection: the plan's raw-key projection (group, label and prediction values as
 * read, turned into text after aggregation; the same check, bin, decision and weight expressions as
 * the audit's scan) and whether the row has no decision.
 */
function rowProjection(plan: ScanPlan, kinds: ReadonlyMap<string, string>): string[] {
  const d = plan.decision;
  if (d.kind === 'group-thresholds') {
    throw new UsageError(
      'unsupported_decision',
      'Drift compares threshold or prediction-column decisions only.',
      {
        hint: 'Use --threshold or --prediction.',
      },
    );
  }
  const pn =
    d.kind === 'prediction' ? `${textOf(quoteIdent(d.column), kinds.get(d.column))} IS NULL` : 'false';
  return [plan.rawProjection, `${pn} AS fp_pn`];
}

/**
 * One pass over the data for drift, in two steps inside DuckDB:
 *
 * 1. The scan: one `GROUP BY GROUPING SETS` over the finest cells (every attribute, window) —
 *    the stats keys of the plan (label, decision, score bin, check) in one set, and each feature's
 *    bucket (numeric, on the log grid, {@link FEATURE_GRID} by default) or category in one set each —
 *    into a temporary table whose size depends on the number of distinct keys, not rows.
 * 2. The roll-up of that table to the overall grouping and each attribute alone, which is all that
 *    is returned (intersections are not compared by drift).
 *
 * With `time`, the time column truncated to a window is a key of every set.
 */
export async function driftScan(
  source: Source,
  plan: ScanPlan,
  features: readonly FeatureSpec[],
  time?: { readonly column: string; readonly by: TimeUnit } | undefined,
  options: {
    /** Key feature sets on the attribute values even when they could use the hash (tests, fallback). */
    readonly keyOnValues?: boolean;
    /** The numeric feature grid (default {@link FEATURE_GRID}; a baseline's, to read the current alike). */
    readonly grid?: FeatureGrid | undefined;
  } = {},
): Promise<DriftScan> {
  const grid = options.grid ?? FEATURE_GRID;
  const rel = await source.relation(plan.columns);
  const kinds = new Map(source.columns.map((c) => [c.name, c.kind]));
  const params: Record<string, DuckDBValue> = {
    ...rel.params,
    ...plan.params,
    fp_zero: grid.zero,
    fp_ilg: 1 / Math.log(grid.gamma),
    fp_off: grid.offset,
  };
  const g = plan.groups.map((_, i) => `g${i}`);
  const exprs = features.map((f, i) => featureExprs(f, i));
  const inner = [...rowProjection(plan, kinds), ...exprs.map((e) => e.value)];
  if (time) {
    params.fp_tunit = time.by;
    inner.push(
      `strftime(date_trunc($fp_tunit, TRY_CAST(${quoteIdent(time.column)} AS TIMESTAMP)), '%Y-%m-%d') AS fp_t`,
    );
  }
  const tk = time ? ['fp_t'] : [];
  const fk = features.map((_, i) => `fp_f${i}`);
  const stat = ['y', 'p', 'bin', 'chk'];
  // The no-decision flag is a feature key only when decisions come from a column (else it is false).
  const pn = plan.decision.kind === 'prediction' ? ['fp_pn'] : [];
  const flags = [...stat, ...(fk.length > 0 ? [...pn, ...fk] : [])];
  // Unweighted data: Σw = Σw² = n, so those sums are not computed (fewer aggregate updates per row).
  const weighted = plan.roles.weight !== undefined;
  // No Σ value per feature bucket: every aggregate is computed in every grouping set, so one per
  // numeric feature would cost (features + 1) × features updates per row; a bucket's value is its
  // grid point instead (gridPoint).
  const sums = ['n', ...(weighted ? ['w', 'w2'] : []), 's', 's2'];
  // Probability scores with unit weights: Σs and Σs² as 64-bit integer multiples of 10⁻¹² (exact,
  // into 128-bit sums, and cheaper than compensated double sums in every grouping set).
  const narrow = !weighted && plan.roles.score !== undefined && plan.scoreScale === 'probability';
  const fixed = (x: string) => narrow && (x === 's' || x === 's2');
  const add = (x: string) => (fixed(x) ? `sum(${x})` : `fsum(${x})`);
  const table = `fp_drift_${Math.random().toString(36).slice(2)}`;
  const map = `${table}_g`;
  // Feature rows: the sets without the stats keys (their GROUPING bit of y is 1); with hashed keys,
  // the rows of the last feature set (its bit 0) hold the attribute values of each hash.
  const isFeature = `((fp_gs >> ${flags.length - 1}) & 1) = 1`;
  const isMapping = '(fp_gs & 1) = 0';
  /**
   * The scan. Hashed (with features): every set is keyed on one 64-bit hash of the attribute values
   * (computed once per row) instead of the values themselves — hashing and comparing every
   * attribute's value in the large stats set, and again in each feature set, costs more than the
   * rest of the scan (without features, computing the hash costs more than it saves) — and the
   * last feature set, keyed on the values and their hash, maps each hash back to its values; that
   * mapping is checked to be one-to-one (else the scan runs again keyed on the values).
   */
  const scanSql = (hashed: boolean) => {
    const gk = hashed ? ['fp_gh'] : g;
    // The last feature set also keeps the values beside their hash: the mapping, at no extra set.
    const sets = [
      `(${[...tk, ...gk, ...stat].join(', ')})`,
      ...fk.map((f, i) => {
        const keys = hashed && i === fk.length - 1 ? [...g, 'fp_gh'] : gk;
        return `(${[...tk, ...keys, ...pn, f].join(', ')})`;
      }),
    ];
    const rows = hashed ? [...inner, `hash(${g.join(', ')}) AS fp_gh`] : inner;
    return [
      `CREATE TEMP TABLE ${table} AS`,
      `SELECT ${[...tk, ...g, ...(hashed ? ['fp_gh'] : []), ...flags].join(', ')}, GROUPING(${flags.join(', ')}) AS fp_gs,`,
      `  count(*) AS n,${weighted ? ' fsum(w) AS w, fsum(w * w) AS w2,' : ''}`,
      narrow
        ? '  sum(CAST((CASE WHEN chk = 0 THEN s END) * 1e12 AS BIGINT)) AS s, sum(CAST((CASE WHEN chk = 0 THEN s * s END) * 1e12 AS BIGINT)) AS s2'
        : '  fsum(CASE WHEN chk = 0 THEN w * s END) AS s, fsum(CASE WHEN chk = 0 THEN w * s * s END) AS s2',
      `FROM (SELECT *${exprs.map((e) => `, ${e.key}`).join('')} FROM (SELECT\n  ${rows.join(',\n  ')}\nFROM ${rel.sql}))`,
      `GROUP BY GROUPING SETS (${sets.join(', ')})`,
    ].join('\n');
  };
  // The roll-up: raw keys to the text planScan gives them, then overall and per attribute.
  const text = (name: string, column: string | undefined) =>
    `${textOf(name, column ? kinds.get(column) : 'string')} AS t_${name}`;
  const groupText = plan.groups.map((grp, i) => (grp.edges ? `g${i} AS t_g${i}` : text(`g${i}`, grp.column)));
  const conv = [
    text('y', plan.roles.label),
    plan.decision.kind === 'prediction' ? text('p', plan.decision.column) : 'p AS t_p',
    ...features.map((f, i) =>
      f.kind === 'categorical' ? text(`fp_f${i}`, f.column) : `fp_f${i} AS t_fp_f${i}`,
    ),
  ];
  const tg = g.map((x) => `t_${x}`);
  const tflags = flags.map((x) => (x === 'y' || x === 'p' || x.startsWith('fp_f') ? `t_${x}` : x));
  const anyMissing = `(${tg.map((x) => `${x} IS NULL`).join(' OR ')})`;
  const keys = [...tk, 'fp_gs', 'fp_am', ...tflags];
  const rollupSql = (hashed: boolean) => {
    // Hashed rows get their attribute values back from the mapping, already as text and with the
    // any-missing flag (computed once per attribute combination, not per cell).
    const cells = hashed
      ? `(SELECT c.*, ${tg.map((x) => `m.${x}`).join(', ')}, m.fp_am FROM ${table} AS c LEFT JOIN ${map} AS m ON c.fp_gh = m.m_gh)`
      : `(SELECT *, ${anyMissing} AS fp_am FROM (SELECT *, ${groupText.join(', ')} FROM ${table}))`;
    const rolled = [
      `SELECT ${[...tk, ...tg, ...tflags].join(', ')}, fp_gs, fp_am, GROUPING(${tg.join(', ')}) AS fp_as,`,
      `  ${sums.map((x) => `${add(x)} AS ${x}`).join(', ')}`,
      `FROM (SELECT *, ${conv.join(', ')} FROM ${cells})`,
      `GROUP BY GROUPING SETS (${[keys, ...tg.map((x) => [...keys, x])].map((k) => `(${k.join(', ')})`).join(', ')})`,
    ].join('\n');
    // One row per key without the bin, its score histogram listed: a hundred times fewer rows to
    // convert and roll up than one per bin (feature rows have no bin and stay as they are).
    const listedKeys = [...tk, ...tg, ...tflags.filter((x) => x !== 'bin'), 'fp_gs', 'fp_am', 'fp_as'];
    return [
      `SELECT ${listedKeys.join(', ')}, ${sums.map((x) => `${fixed(x) ? `CAST(sum(${x}) AS DOUBLE) / 1e12` : `fsum(${x})`} AS ${x}`).join(', ')},`,
      '  list(bin ORDER BY bin) FILTER (WHERE bin IS NOT NULL) AS bins,',
      `  list(CAST(${weighted ? 'w' : 'n'} AS DOUBLE) ORDER BY bin) FILTER (WHERE bin IS NOT NULL) AS bw`,
      `FROM (${rolled}) AS fp_rolled`,
      `GROUP BY ${listedKeys.join(', ')}`,
    ].join('\n');
  };
  const run = async (sql: string) =>
    source.connection.run(sql, usedParams(sql, params)).catch(async (e: unknown) => {
      throw await sourceReadError(source, e);
    });
  const drop = async () => {
    for (const t of [table, map])
      await source.connection.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  };
  let reader: Awaited<ReturnType<typeof source.connection.runAndReadAll>>;
  try {
    let hashed = fk.length > 0 && g.length > 0 && !options.keyOnValues;
    await withProgress(source, () => run(scanSql(hashed)));
    if (hashed) {
      await source.connection.run(
        `CREATE TEMP TABLE ${map} AS SELECT *, ${anyMissing} AS fp_am FROM (SELECT m_gh, ${groupText.join(', ')} FROM ` +
          `(SELECT DISTINCT fp_gh AS m_gh, ${g.join(', ')} FROM ${table} WHERE ${isFeature} AND ${isMapping}))`,
      );
      const clash = await source.connection.runAndReadAll(
        `SELECT count(*) AS n FROM (SELECT m_gh FROM ${map} GROUP BY m_gh HAVING count(*) > 1)`,
      );
      if (Number(clash.getRowObjectsJS()[0]?.n ?? 0) > 0) {
        // Two attribute combinations share a hash (about 1 in 10¹⁵ per pair): key on the values.
        await drop();
        hashed = false;
        await run(scanSql(false));
      }
    }
    reader = await source.connection.runAndReadAll(rollupSql(hashed));
  } finally {
    await drop();
  }
  const cols = reader.getColumnsJS();
  const names = reader.columnNames();
  const at = (name: string) => cols[names.indexOf(name)]!;
  const tc = time ? at('fp_t') : undefined;
  const gc = tg.map(at);
  const [yc, pc, bc, bwc, cc, gsc, amc, asc, nc, sc, s2c] = [
    't_y',
    't_p',
    'bins',
    'bw',
    'chk',
    'fp_gs',
    'fp_am',
    'fp_as',
    'n',
    's',
    's2',
  ].map(at) as unknown[][];
  const wc = weighted ? at('w') : nc!;
  const w2c = weighted ? at('w2') : nc!;
  const pnc = fk.length > 0 && pn.length > 0 ? at('fp_pn') : [];
  const fcs = fk.map((f) => at(`t_${f}`));
  const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
  const key = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'string' ? v : Number(v));
  const nFlags = flags.length;
  const k = g.length;
  const cells: ScanCell[] = [];
  const feats: FeatureCell[] = [];
  for (let r = 0; r < reader.currentRowCount; r++) {
    const gs = Number(gsc![r]);
    const as = Number(asc![r]);
    // GROUPING(g0…): bit k−1−i is 0 when g_i is a key; all bits 1 for the overall grouping.
    let attribute = -1;
    for (let i = 0; i < k; i++) if ((as & (1 << (k - 1 - i))) === 0) attribute = i;
    const t = tc ? ((tc[r] as string | null) ?? null) : null;
    const gv = attribute >= 0 ? key(gc[attribute]![r]) : null;
    const am = Boolean(amc![r]);
    if ((gs & (1 << (nFlags - 1))) === 0) {
      cells.push({
        t,
        attribute,
        anyMissing: am,
        raw: {
          g: attribute >= 0 ? [gv] : [],
          y: (yc![r] as string | null) ?? null,
          p: key(pc![r]),
          bin: null,
          hist: bc![r] ? { bins: bc![r] as number[], w: bwc![r] as number[] } : undefined,
          chk: Number(cc![r]) as RowCheck,
          n: num(nc![r]),
          w: num(wc![r]),
          w2: num(w2c![r]),
          s: num(sc![r]),
          s2: num(s2c![r]),
        },
      });
      continue;
    }
    const j = fcs.findIndex((_, i) => (gs & (1 << (nFlags - 1 - (stat.length + pn.length + i)))) === 0);
    if (j < 0) continue;
    const fv = key(fcs[j]![r]);
    // Numeric keys are bucket × 2 + (whole number ? 1 : 0).
    const numericKey = typeof fv === 'number' && features[j]!.kind === 'numeric';
    const bucket = numericKey ? Math.floor(fv / 2) : fv;
    feats.push({
      t,
      attribute,
      anyMissing: am,
      g: gv,
      noDecision: Boolean(pnc[r]),
      feature: j,
      key: bucket,
      whole: numericKey && fv - 2 * (bucket as number) === 1,
      n: num(nc![r]),
      w: num(wc![r]),
      w2: num(w2c![r]),
    });
  }
  return { cells, features: feats };
}
