import type { DuckDBValue } from '@duckdb/node-api';
import type { DataInput } from '../../data/index.js';
import { InputError, UsageError } from '../../errors.js';
import { quoteIdent } from '../../util/strings.js';
import { emit, type PlannedColumn, passThrough } from '../emit.js';
import {
  countStrata,
  groupText,
  KEY,
  keyedRelation,
  needColumn,
  type PreparedInput,
  prepareInput,
} from '../prepare.js';
import type { MitigationOptions, MitigationResult, StratumSummary } from '../types.js';
import { type GroupValues, repairValues } from './repair-quantiles.js';

export interface RepairOptions extends MitigationOptions {
  /** Repair level λ in [0, 1]: 0 changes nothing, 1 makes the groups' feature distributions equal. */
  readonly lambda: number;
  /** Numeric features to repair. Default: every numeric column that plays no other role. */
  readonly features?: readonly string[] | undefined;
}

/** A feature's weighted quantiles in one group, before and after the repair. */
export interface RepairedQuantiles {
  readonly group: readonly string[];
  readonly before: { readonly p10: number; readonly p50: number; readonly p90: number };
  readonly after: { readonly p10: number; readonly p50: number; readonly p90: number };
}

export interface RepairDetails {
  readonly lambda: number;
  readonly features: readonly { readonly column: string; readonly quantiles: readonly RepairedQuantiles[] }[];
}

/**
 * The disparate-impact remover (Feldman et al.): each numeric feature's distribution per group is
 * moved toward the median distribution of the groups by quantile, at repair level λ
 * ({@link repairValues}). Quantiles use the input weights. Missing values stay missing. The output
 * holds every input row in input order, with the repaired features as DOUBLE; other columns are
 * unchanged. Computed from the distinct (group, value) pairs, joined back in DuckDB.
 *
 * When to use: before training, on the training data and on the data the model will score. What it
 * cannot fix: labels, a fixed model's scores, the joint distribution of features (each is repaired
 * alone), categorical features.
 * @throws {UsageError} λ outside [0, 1], a non-numeric or role column as feature.
 * @example
 * const r = await repair('datasets/prospects.csv', { groups: [{ column: 'gender' }], lambda: 1, seed: 1,
 *   features: ['email_opens', 'web_visits'], out: 'out/repaired.parquet' });
 * r.rows.output // => 20000
 */
export async function repair(
  input: DataInput,
  options: RepairOptions,
): Promise<MitigationResult<RepairDetails>> {
  if (!(typeof options.lambda === 'number' && options.lambda >= 0 && options.lambda <= 1)) {
    throw new UsageError(
      'bad_lambda',
      `The repair level λ must be a number in [0, 1], not ${options.lambda}.`,
      {
        hint: 'Use --lambda 1 for a full repair, 0.5 for half of it.',
      },
    );
  }
  const prep = await prepareInput(input, options, { label: false });
  try {
    const features = chooseNumericFeatures(prep, options);
    const params: Record<string, DuckDBValue> = {};
    const joins: string[] = [];
    const overrides = new Map<string, PlannedColumn>();
    const details: RepairDetails['features'][number][] = [];
    const g = prep.groupExprs.map((_, i) => KEY.group(i));
    for (const [fi, f] of features.entries()) {
      const x = `CAST(${quoteIdent(f)} AS DOUBLE)`;
      const rows = await prep.query(
        `SELECT ${g.join(', ')}, ${x} AS x, sum(${KEY.weight}) AS w FROM ${keyedRelation(prep)} ` +
          `WHERE ${x} IS NOT NULL AND NOT isnan(${x}) GROUP BY ALL ORDER BY ${g.map((k) => `${k} NULLS LAST`).join(', ')}, x`,
      );
      const groups = new Map<string, { key: (string | null)[]; values: number[]; weights: number[] }>();
      for (const r of rows) {
        const key = prep.groupExprs.map((_, i) =>
          r[`__fp_g${i}`] === null ? null : String(r[`__fp_g${i}`]),
        );
        const id = JSON.stringify(key);
        let e = groups.get(id);
        if (!e) {
          e = { key, values: [], weights: [] };
          groups.set(id, e);
        }
        e.values.push(Number(r.x));
        e.weights.push(Number(r.w));
      }
      const list = [...groups.values()];
      const input: GroupValues[] = list.map((e) => ({
        values: Float64Array.from(e.values),
        weights: Float64Array.from(e.weights),
      }));
      const repaired = repairValues(input, options.lambda);
      const table = `fp_repair_${fi}`;
      await writeMapping(prep, table, list, repaired);
      const on = g.map((k, i) => `"t${fi}"."g${i}" IS NOT DISTINCT FROM "k".${k}`).join(' AND ');
      joins.push(
        `LEFT JOIN "${table}" AS "t${fi}" ON ${on} AND "t${fi}"."x" = CAST("k".${quoteIdent(f)} AS DOUBLE)`,
      );
      overrides.set(f, {
        name: f,
        // λ = 0 writes the values themselves (no lookup, so even -0 stays -0).
        expr:
          options.lambda === 0
            ? `CAST(${quoteIdent(f)} AS DOUBLE)`
            : `coalesce("__fp_v${fi}", CAST(${quoteIdent(f)} AS DOUBLE))`,
        text: false,
        numeric: true,
      });
      details.push({
        column: f,
        quantiles: list.map((e, i) => ({
          group: groupText(e.key),
          before: weightedQuantiles(input[i]!.values, input[i]!.weights),
          after: weightedQuantiles(repaired[i]!, input[i]!.weights),
        })),
      });
    }
    const columns = passThrough(prep, options, params, overrides);
    const values = features.map((_, i) => `"t${i}"."v" AS "__fp_v${i}"`).join(', ');
    const from =
      `(SELECT "k".*, ${values} FROM (SELECT *, row_number() OVER () AS "__fp_rn" FROM ${keyedRelation(prep)}) AS "k" ` +
      `${joins.join(' ')})`;
    const result = await emit(
      prep,
      { from, columns, params, orderBy: '"__fp_rn"' },
      options,
      new Set(features),
    );
    const strata = await countStrata(prep);
    const rowsIn = strata.reduce((a, s) => a + s.rows, 0);
    const summaries: StratumSummary[] = strata.map((s) => ({
      group: groupText(s.key),
      label: s.label,
      rows: s.rows,
      weight: s.weight,
      rowsAfter: s.rows,
      weightAfter: s.weight,
    }));
    return {
      method: 'repair',
      stage: 'pre',
      seed: options.seed,
      rows: { input: rowsIn, output: rowsIn, added: 0, removed: 0 },
      columns: { input: prep.columns.map((c) => c.name), output: columns.map((c) => c.name), added: [] },
      ...result,
      strata: summaries,
      details: { lambda: options.lambda, features: details },
      notes: options.lambda === 0 ? ['λ = 0: the features are unchanged.'] : [],
    };
  } finally {
    prep.close();
  }
}

function chooseNumericFeatures(prep: PreparedInput, options: RepairOptions): string[] {
  const roles = new Set(
    [options.label, options.weight, options.id, ...options.groups.map((g) => g.column)].filter(
      (n): n is string => n !== undefined,
    ),
  );
  if (options.features === undefined) {
    const all = prep.columns.filter((c) => c.kind === 'number' && !roles.has(c.name)).map((c) => c.name);
    if (all.length === 0) {
      throw new UsageError('no_features', 'There is no numeric feature to repair.', {
        hint: 'Name the numeric features with --features.',
      });
    }
    return all;
  }
  // Categorical features are left as they are (repair moves numeric distributions); they stay in
  // the output unchanged and can still feed the --evaluate model.
  const numeric = options.features.filter((f) => {
    const info = needColumn(prep.columns, f, 'feature', prep.file);
    if (roles.has(f)) {
      throw new UsageError(
        'feature_is_role',
        `"${f}" is a group, label, weight or id column, not a feature.`,
        {
          column: f,
        },
      );
    }
    return info.kind === 'number';
  });
  if (numeric.length === 0) {
    throw new InputError(
      'feature_not_numeric',
      `Repair moves numeric features, and none of ${options.features.join(', ')} is numeric.`,
      {
        file: prep.file,
        hint: 'Name at least one numeric feature in --features (categorical ones are left as they are).',
      },
    );
  }
  return numeric;
}

async function writeMapping(
  prep: PreparedInput,
  table: string,
  groups: readonly { readonly key: readonly (string | null)[]; readonly values: readonly number[] }[],
  repaired: readonly Float64Array[],
): Promise<void> {
  const conn = prep.source.connection;
  const gcols = prep.groupExprs.map((_, i) => `"g${i}" VARCHAR`);
  await conn.run(`CREATE TEMP TABLE "${table}" (${[...gcols, '"x" DOUBLE', '"v" DOUBLE'].join(', ')})`);
  const appender = await conn.createAppender(table, 'main', 'temp');
  groups.forEach((g, gi) => {
    const values = g.values;
    const out = repaired[gi]!;
    for (let i = 0; i < out.length; i++) {
      for (const v of g.key) {
        if (v === null) appender.appendNull();
        else appender.appendVarchar(v);
      }
      appender.appendDouble(values[i]!);
      appender.appendDouble(out[i]!);
      appender.endRow();
    }
  });
  appender.closeSync();
}

/** Weighted 10th, 50th and 90th percentiles (lower weighted quantile) of ascending-or-not values. */
function weightedQuantiles(values: Float64Array, weights: Float64Array) {
  const order = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]!);
  let total = 0;
  for (const w of weights) total += w;
  const at = (p: number) => {
    let cum = 0;
    for (const i of order) {
      cum += weights[i]!;
      if (cum >= p * total - 1e-12) return values[i]!;
    }
    return values[order[order.length - 1]!] ?? Number.NaN;
  };
  return { p10: at(0.1), p50: at(0.5), p90: at(0.9) };
}
