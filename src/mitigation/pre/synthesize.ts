import { createHash } from 'node:crypto';
import type { DuckDBValue } from '@duckdb/node-api';
import type { ColumnInfo, DataInput } from '../../data/index.js';
import { UsageError } from '../../errors.js';
import { createRng } from '../../metrics/math/index.js';
import { quoteIdent } from '../../util/strings.js';
import { emit, isText, type PlannedColumn } from '../emit.js';
import { pseudonym, pseudonymSql } from '../output.js';
import { groupText, KEY, keyedRelation, needColumn, type PreparedInput, prepareInput } from '../prepare.js';
import type { MitigationOptions, MitigationResult, StratumSummary } from '../types.js';
import { type FeatureTable, smoteNc } from './smote-nc.js';

/** What the oversampling aims for. */
export const SynthesisTarget = {
  /** Every group reaches the overall base rate (positives or negatives are added). */
  equalBaseRates: 'equal-base-rates',
  /** Every group reaches the size of the largest, keeping its own label mix. */
  equalGroupShares: 'equal-group-shares',
  /** Both: every group as large as needed for the largest size and the overall base rate. */
  equalSharesAndRates: 'equal-shares-and-rates',
} as const;
export type SynthesisTarget = (typeof SynthesisTarget)[keyof typeof SynthesisTarget];

export interface SynthesizeOptions extends MitigationOptions {
  /** Default `equal-base-rates`. */
  readonly target?: SynthesisTarget | undefined;
  /**
   * Features to synthesise: numeric columns interpolated, text columns by neighbour majority.
   * Default: every numeric column, and every text column with at most 50 distinct values, that plays
   * no other role. Other columns are empty in synthetic rows.
   */
  readonly features?: readonly string[] | undefined;
  /** Total synthetic rows, shared over the strata in proportion to their deficits (default: the full deficits). */
  readonly rows?: number | undefined;
  /** Neighbours per seed row (default 5). */
  readonly k?: number | undefined;
  /** The marker column: 0 for real rows, 1 for synthetic ones (default `synthetic`). */
  readonly markerColumn?: string | undefined;
}

/** The privacy check of the synthetic rows. */
export interface PrivacyReport {
  /** Distance from each synthetic row to its closest real row of the same stratum (SMOTE-NC metric, in standard deviations): quantiles. */
  readonly distanceToClosestReal: {
    readonly min: number | null;
    readonly p01: number | null;
    readonly p05: number | null;
    readonly median: number | null;
  };
  /** Synthetic rows that copied a real row exactly: always 0 (they are refused). */
  readonly exactCopiesEmitted: 0;
  /** Rows not made because every draw gave an exact copy of a real row. */
  readonly refused: number;
}

export interface SynthesizeDetails {
  readonly target: SynthesisTarget;
  readonly k: number;
  readonly features: { readonly numeric: readonly string[]; readonly categorical: readonly string[] };
  /** Columns left empty in synthetic rows (not features, not roles). */
  readonly emptyInSynthetic: readonly string[];
  readonly markerColumn: string;
  readonly privacy: PrivacyReport;
  /** Cost of the neighbour search: queries, point distances computed, time. */
  readonly search: {
    readonly queries: number;
    readonly distances: number;
    readonly buildMs: number;
    readonly searchMs: number;
  };
}

interface Loaded {
  readonly n: number;
  readonly keys: string[];
  readonly label: (0 | 1 | null)[];
  readonly weight: Float64Array;
  readonly table: FeatureTable;
  readonly vocab: string[][];
}

/**
 * Synthetic oversampling of under-represented (group, label) strata with SMOTE-NC ({@link smoteNc}):
 * numeric features on the segment between a row and a same-stratum neighbour, categorical ones by
 * the neighbours' majority, up to a {@link SynthesisTarget}. The output holds every input row
 * (`synthetic = 0`) and then the synthetic rows (`synthetic = 1`), each with a fresh pseudonymous id,
 * the stratum's group and label, a weight equal to its stratum's mean input weight, and empty
 * values in the columns that are not features. Numeric features are written as DOUBLE (synthetic
 * values are fractional). A privacy check reports each synthetic row's distance to the closest real
 * row and refuses exact copies.
 *
 * When to use: before training, when some strata are small. What it cannot fix: it adds no
 * information the stratum lacks; outcomes of synthetic rows are not real.
 * @throws {UsageError} no label, binned groups, unknown target, marker column clash.
 * @example
 * const r = await synthesize('datasets/prospects.csv', {
 *   groups: [{ column: 'gender' }], label: 'converted', id: 'lead_id', seed: 1,
 *   features: ['email_opens', 'web_visits', 'industry'], out: 'out/synth.csv',
 * });
 * r.details.privacy.exactCopiesEmitted // => 0
 */
export async function synthesize(
  input: DataInput,
  options: SynthesizeOptions,
): Promise<MitigationResult<SynthesizeDetails>> {
  const target = options.target ?? 'equal-base-rates';
  if (!Object.values(SynthesisTarget).includes(target)) {
    throw new UsageError('bad_target', `Unknown synthesis target "${target}".`, {
      hint: `Use one of: ${Object.values(SynthesisTarget).join(', ')}.`,
    });
  }
  const k = options.k ?? 5;
  if (!Number.isInteger(k) || k < 1) throw new UsageError('bad_k', `k must be a whole number ≥ 1, not ${k}.`);
  if (options.rows !== undefined && !(Number.isInteger(options.rows) && options.rows >= 0)) {
    throw new UsageError('bad_rows', `rows must be a whole number ≥ 0, not ${options.rows}.`);
  }
  for (const g of options.groups) {
    if (g.edges) {
      throw new UsageError('binned_group', `Synthesis needs categorical groups; "${g.column}" is binned.`, {
        column: g.column,
        hint: `Add a column with the bins to the data, or leave out the edges (--group ${g.column}).`,
      });
    }
  }
  const prep = await prepareInput(input, options, { label: true });
  try {
    const marker = options.markerColumn ?? 'synthetic';
    const names = prep.columns.map((c) => c.name);
    if (names.includes(marker)) {
      throw new UsageError('marker_column_exists', `The data already has a column "${marker}".`, {
        column: marker,
        hint: 'Name the marker column with --marker-column NAME.',
      });
    }
    const features = await chooseFeatures(prep, options);
    const loaded = await load(prep, features);
    const strata = stratify(loaded);
    const plan = planAdditions(strata, target, options.rows);
    // Grow each stratum in a stable order from one seeded generator.
    const rng = createRng(options.seed);
    const synth: { stratum: Stratum; out: ReturnType<typeof smoteNc> }[] = [];
    for (const s of strata) {
      const add = plan.get(s.id) ?? 0;
      if (add <= 0) continue;
      const out = smoteNc(loaded.table, Int32Array.from(s.rows), add, {
        k,
        rng,
        weights: options.weight !== undefined ? loaded.weight : undefined,
      });
      synth.push({ stratum: s, out });
    }
    await writeSyntheticTable(prep, options, features, loaded, synth);
    const columns = outputColumns(prep, options, features, marker);
    const from =
      `(SELECT ${columns.real.join(', ')}, 0 AS "__fp_src", row_number() OVER () AS "__fp_rn" FROM ${keyedRelation(prep)} ` +
      `UNION ALL SELECT ${columns.synthetic.join(', ')}, 1, "__fp_j" FROM "fp_syn")`;
    const planned: PlannedColumn[] = [
      ...prep.columns.map((c) => ({
        name: c.name,
        expr: quoteIdent(c.name),
        text: c.name === options.id || (isText(c) && !features.numeric.includes(c.name)),
        numeric:
          features.numeric.includes(c.name) ||
          c.name === options.weight ||
          (c.kind === 'number' && c.name !== options.id),
      })),
      { name: marker, expr: quoteIdent(marker), text: false, numeric: true },
    ];
    const written = await emit(
      prep,
      { from, columns: planned, params: columns.params, orderBy: '"__fp_src", "__fp_rn"' },
      options,
      new Set([...features.numeric, ...(options.weight ? [options.weight] : [])]),
    );
    const distances = synth.flatMap((s) => Array.from(s.out.distanceToReal)).sort((a, b) => a - b);
    const q = (p: number) =>
      distances.length ? distances[Math.min(distances.length - 1, Math.floor(p * distances.length))]! : null;
    const made = synth.reduce((a, s) => a + s.out.generated, 0);
    const refused = synth.reduce((a, s) => a + s.out.refused, 0);
    const added = new Map(synth.map((s) => [s.stratum.id, s.out.generated]));
    const summaries: StratumSummary[] = strata.map((s) => {
      const extra = added.get(s.id) ?? 0;
      return {
        group: groupText(s.key),
        label: s.label,
        rows: s.rows.length,
        weight: s.weight,
        rowsAfter: s.rows.length + extra,
        weightAfter: s.weight + extra * (s.rows.length ? s.weight / s.rows.length : 0),
      };
    });
    const notes: string[] = [];
    if (refused > 0) {
      notes.push(
        `${refused} synthetic rows were not made: every draw copied a real row exactly (or the stratum has one distinct row).`,
      );
    }
    const unlabeled = strata.filter((s) => s.label === null).reduce((a, s) => a + s.rows.length, 0);
    if (unlabeled > 0) notes.push(`${unlabeled} rows have no label; they are kept and not used as seeds.`);
    const cost = synth.reduce(
      (a, s) => ({
        queries: a.queries + s.out.cost.queries,
        distances: a.distances + s.out.cost.distances,
        buildMs: a.buildMs + s.out.cost.buildMs,
        searchMs: a.searchMs + s.out.cost.searchMs,
      }),
      { queries: 0, distances: 0, buildMs: 0, searchMs: 0 },
    );
    return {
      method: 'synthesize',
      stage: 'pre',
      seed: options.seed,
      rows: { input: loaded.n, output: loaded.n + made, added: made, removed: 0 },
      columns: { input: names, output: planned.map((c) => c.name), added: [marker] },
      ...written,
      strata: summaries,
      details: {
        target,
        k,
        features,
        emptyInSynthetic: names.filter(
          (n) =>
            !features.numeric.includes(n) &&
            !features.categorical.includes(n) &&
            !options.groups.some((g) => g.column === n) &&
            n !== options.label &&
            n !== options.weight &&
            n !== options.id,
        ),
        markerColumn: marker,
        privacy: {
          distanceToClosestReal: { min: q(0), p01: q(0.01), p05: q(0.05), median: q(0.5) },
          exactCopiesEmitted: 0,
          refused,
        },
        search: cost,
      },
      notes,
    };
  } finally {
    prep.close();
  }
}

/** The features: given ones checked, or numeric and low-cardinality text columns with no other role. */
async function chooseFeatures(
  prep: PreparedInput,
  options: SynthesizeOptions,
): Promise<{ numeric: string[]; categorical: string[] }> {
  const roles = new Set(
    [options.label, options.weight, options.id, ...options.groups.map((g) => g.column)].filter(
      (n): n is string => n !== undefined,
    ),
  );
  let candidates: ColumnInfo[];
  if (options.features !== undefined) {
    candidates = options.features.map((f) => {
      const info = needColumn(prep.columns, f, 'feature', prep.file);
      if (roles.has(f)) {
        throw new UsageError(
          'feature_is_role',
          `"${f}" is a group, label, weight or id column, not a feature.`,
          {
            column: f,
            hint: 'Synthetic rows take their group and label from the stratum; leave it out of --features.',
          },
        );
      }
      if (info.kind !== 'number' && info.kind !== 'string') {
        throw new UsageError(
          'feature_type',
          `The feature "${f}" is ${info.type}; features must be numbers or text.`,
          {
            column: f,
          },
        );
      }
      return info;
    });
  } else {
    const text = prep.columns.filter((c) => !roles.has(c.name) && c.kind === 'string');
    const distinct = text.length
      ? (
          await prep.query(
            `SELECT ${text.map((c, i) => `approx_count_distinct(${quoteIdent(c.name)}) AS d${i}`).join(', ')} FROM ${prep.rel.sql}`,
          )
        )[0]!
      : {};
    candidates = prep.columns.filter(
      (c) =>
        !roles.has(c.name) &&
        (c.kind === 'number' || (c.kind === 'string' && Number(distinct[`d${text.indexOf(c)}`]) <= 50)),
    );
  }
  return {
    numeric: candidates.filter((c) => c.kind === 'number').map((c) => c.name),
    categorical: candidates.filter((c) => c.kind === 'string').map((c) => c.name),
  };
}

async function load(
  prep: PreparedInput,
  features: { numeric: string[]; categorical: string[] },
): Promise<Loaded> {
  const sel = [
    ...prep.groupExprs.map((_, i) => `${KEY.group(i)} AS g${i}`),
    `${KEY.label} AS y`,
    `${KEY.weight} AS w`,
    ...features.numeric.map((f, i) => `CAST(${quoteIdent(f)} AS DOUBLE) AS n${i}`),
    ...features.categorical.map((f, i) => `CAST(${quoteIdent(f)} AS VARCHAR) AS c${i}`),
  ];
  const reader = await prep.source.connection.runAndReadAll(
    `SELECT ${sel.join(', ')} FROM ${keyedRelation(prep)}`,
    prep.params,
  );
  const cols = reader.getColumnsObjectJS() as Record<string, (number | string | null)[]>;
  const n = reader.currentRowCount;
  const keys = new Array<string>(n);
  const gcols = prep.groupExprs.map((_, i) => cols[`g${i}`]!);
  for (let r = 0; r < n; r++) keys[r] = JSON.stringify(gcols.map((g) => g[r] ?? null));
  const numeric = features.numeric.map((_, i) => {
    const src = cols[`n${i}`]!;
    const a = new Float64Array(n);
    for (let r = 0; r < n; r++) a[r] = src[r] === null || src[r] === undefined ? Number.NaN : Number(src[r]);
    return a;
  });
  const vocab: string[][] = [];
  const categorical = features.categorical.map((_, i) => {
    const src = cols[`c${i}`]!;
    const codes = new Map<string | null, number>();
    const words: string[] = [];
    const a = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const v = (src[r] ?? null) as string | null;
      let code = codes.get(v);
      if (code === undefined) {
        code = v === null ? -1 : words.length;
        if (v !== null) words.push(v);
        codes.set(v, code);
      }
      a[r] = code;
    }
    vocab.push(words);
    return a;
  });
  const y = cols.y!;
  const w = cols.w!;
  return {
    n,
    keys,
    label: y.map((v) => (v === null ? null : Number(v) === 1 ? 1 : 0)),
    weight: Float64Array.from(w, (v) => Number(v)),
    table: { numeric, categorical },
    vocab,
  };
}

interface Stratum {
  readonly id: string;
  readonly key: (string | null)[];
  readonly label: 0 | 1 | null;
  readonly rows: number[];
  weight: number;
}

function stratify(loaded: Loaded): Stratum[] {
  const map = new Map<string, Stratum>();
  for (let r = 0; r < loaded.n; r++) {
    const y = loaded.label[r]!;
    const id = `${loaded.keys[r]}|${y}`;
    let s = map.get(id);
    if (!s) {
      s = { id, key: JSON.parse(loaded.keys[r]!), label: y, rows: [], weight: 0 };
      map.set(id, s);
    }
    s.rows.push(r);
    s.weight += loaded.weight[r]!;
  }
  const order = (s: Stratum) => JSON.stringify([s.key.map((v) => v ?? '\uffff'), s.label ?? 2]);
  return [...map.values()].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/**
 * Rows to add per stratum for a target, from weighted stratum masses. Only additions: a stratum
 * above its target is left as it is. With `rows`, the total is shared in proportion to the deficits
 * (largest remainders).
 */
export function planAdditions(
  strata: readonly {
    readonly id: string;
    readonly key: readonly (string | null)[];
    readonly label: 0 | 1 | null;
    readonly rows: readonly number[] | number;
    readonly weight: number;
  }[],
  target: SynthesisTarget,
  rows?: number,
): Map<string, number> {
  const labeled = strata.filter((s) => s.label !== null);
  const count = (s: (typeof strata)[number]) => (typeof s.rows === 'number' ? s.rows : s.rows.length);
  const groups = new Map<string, { w: number; w1: number }>();
  for (const s of labeled) {
    const g = JSON.stringify(s.key);
    const e = groups.get(g) ?? { w: 0, w1: 0 };
    e.w += s.weight;
    if (s.label === 1) e.w1 += s.weight;
    groups.set(g, e);
  }
  const total = [...groups.values()].reduce((a, g) => a + g.w, 0);
  const rate = total > 0 ? [...groups.values()].reduce((a, g) => a + g.w1, 0) / total : 0;
  const largest = Math.max(0, ...[...groups.values()].map((g) => g.w));
  const deficit = new Map<string, number>(); // in weight mass
  for (const s of labeled) {
    const g = groups.get(JSON.stringify(s.key))!;
    const wy = s.label === 1 ? g.w1 : g.w - g.w1;
    const share = s.label === 1 ? rate : 1 - rate;
    let want = 0;
    if (target === 'equal-group-shares') want = g.w > 0 ? (largest * wy) / g.w : 0;
    else if (target === 'equal-base-rates') {
      if (rate > 0 && rate < 1) {
        // Add only the label the group lacks: a / (w + a) reaches the rate.
        const gRate = g.w > 0 ? g.w1 / g.w : rate;
        if (s.label === 1 && gRate < rate) want = wy + (rate * g.w - g.w1) / (1 - rate);
        else if (s.label === 0 && gRate > rate) want = wy + g.w1 / rate - g.w;
        else want = wy;
      }
    } else {
      const size = Math.max(
        ...[...groups.values()].map((h) =>
          Math.max(h.w, rate > 0 ? h.w1 / rate : 0, rate < 1 ? (h.w - h.w1) / (1 - rate) : 0),
        ),
      );
      want = size * share;
    }
    const mean = count(s) > 0 ? s.weight / count(s) : 1;
    deficit.set(s.id, Math.max(0, want - wy) / (mean > 0 ? mean : 1));
  }
  const out = new Map<string, number>();
  const sum = [...deficit.values()].reduce((a, v) => a + v, 0);
  if (rows === undefined) {
    for (const [id, v] of deficit) out.set(id, Math.round(v));
    return out;
  }
  if (sum <= 0) return out;
  const exact = [...deficit].map(([id, v]) => ({ id, v: (rows * v) / sum }));
  let left = rows;
  for (const e of exact) {
    out.set(e.id, Math.floor(e.v));
    left -= Math.floor(e.v);
  }
  exact.sort((a, b) => b.v - Math.floor(b.v) - (a.v - Math.floor(a.v)) || (a.id < b.id ? -1 : 1));
  for (let i = 0; left > 0 && exact.length > 0; i = (i + 1) % exact.length, left--) {
    out.set(exact[i]!.id, out.get(exact[i]!.id)! + 1);
  }
  return out;
}

/** Writes the synthetic rows into the temporary table `fp_syn` (keys, label text, weight, id, features). */
async function writeSyntheticTable(
  prep: PreparedInput,
  options: SynthesizeOptions,
  features: { numeric: string[]; categorical: string[] },
  loaded: Loaded,
  synth: readonly { stratum: Stratum; out: ReturnType<typeof smoteNc> }[],
): Promise<void> {
  const conn = prep.source.connection;
  const g = prep.groupExprs.map((_, i) => `"g${i}" VARCHAR`);
  const f = [
    ...features.numeric.map((_, i) => `"n${i}" DOUBLE`),
    ...features.categorical.map((_, i) => `"c${i}" VARCHAR`),
  ];
  await conn.run(
    `CREATE TEMP TABLE "fp_syn" ("__fp_j" BIGINT, ${[...g, '"y" VARCHAR', '"w" DOUBLE', '"id" VARCHAR', ...f].join(', ')})`,
  );
  const appender = await conn.createAppender('fp_syn', 'main', 'temp');
  const pos = prep.label?.positive[0] ?? '1';
  const neg = prep.label?.negative[0] ?? '0';
  let j = 0;
  for (const { stratum, out } of synth) {
    const mean = stratum.rows.length ? stratum.weight / stratum.rows.length : 1;
    for (let r = 0; r < out.generated; r++) {
      j++;
      appender.appendBigInt(BigInt(j));
      for (const v of stratum.key) {
        if (v === null) appender.appendNull();
        else appender.appendVarchar(v);
      }
      appender.appendVarchar(stratum.label === 1 ? pos : neg);
      appender.appendDouble(mean);
      appender.appendVarchar(syntheticId(options, j));
      for (let i = 0; i < features.numeric.length; i++) appender.appendDouble(out.numeric[i]![r]!);
      for (let i = 0; i < features.categorical.length; i++) {
        const code = out.categorical[i]![r]!;
        if (code < 0) appender.appendNull();
        else appender.appendVarchar(loaded.vocab[i]![code]!);
      }
      appender.endRow();
    }
  }
  appender.closeSync();
}

/** A fresh pseudonymous id: HMAC of the row's number under the key, or a hash of seed and number. */
function syntheticId(options: SynthesizeOptions, j: number): string {
  const text = `fairprobe-synthetic:${options.seed}:${j}`;
  if (options.pseudonymize !== undefined) return pseudonym(options.pseudonymize, text);
  return `synthetic-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

/** The two sides of the UNION: real rows and synthetic rows, column by column, same types. */
function outputColumns(
  prep: PreparedInput,
  options: SynthesizeOptions,
  features: { numeric: string[]; categorical: string[] },
  marker: string,
): { real: string[]; synthetic: string[]; params: Record<string, DuckDBValue> } {
  const params: Record<string, DuckDBValue> = {};
  const real: string[] = [];
  const synthetic: string[] = [];
  for (const c of prep.columns) {
    const q = quoteIdent(c.name);
    const as = ` AS ${q}`;
    const gi = options.groups.findIndex((g) => g.column === c.name);
    if (c.name === options.id) {
      if (options.pseudonymize !== undefined) {
        const p = pseudonymSql(q, options.pseudonymize);
        Object.assign(params, p.params);
        real.push(p.sql + as);
      } else real.push(`CAST(${q} AS VARCHAR)${as}`);
      synthetic.push(`"id"${as}`);
    } else if (gi >= 0) {
      real.push(q + as);
      synthetic.push(`CAST("g${gi}" AS ${c.type})${as}`);
    } else if (c.name === options.label) {
      real.push(q + as);
      synthetic.push(`CAST("y" AS ${c.type})${as}`);
    } else if (c.name === options.weight) {
      real.push(`CAST(${q} AS DOUBLE)${as}`);
      synthetic.push(`"w"${as}`);
    } else if (features.numeric.includes(c.name)) {
      real.push(`CAST(${q} AS DOUBLE)${as}`);
      synthetic.push(`"n${features.numeric.indexOf(c.name)}"${as}`);
    } else if (features.categorical.includes(c.name)) {
      real.push(q + as);
      synthetic.push(`CAST("c${features.categorical.indexOf(c.name)}" AS ${c.type})${as}`);
    } else {
      real.push(q + as);
      synthetic.push(`CAST(NULL AS ${c.type})${as}`);
    }
  }
  real.push(`0 AS ${quoteIdent(marker)}`);
  synthetic.push(`1 AS ${quoteIdent(marker)}`);
  return { real, synthetic, params };
}
