import type { DuckDBValue } from '@duckdb/node-api';
import type { DataInput } from '../../data/index.js';
import { UsageError } from '../../errors.js';
import { cellList } from '../cells.js';
import { emit, type PlannedColumn, passThrough } from '../emit.js';
import { countStrata, groupText, prepareInput, type Stratum } from '../prepare.js';
import type { MitigationOptions, MitigationResult, StratumSummary } from '../types.js';

export interface ReweighOptions extends MitigationOptions {
  /**
   * The output weight column. Default: the input weight column (its values are multiplied by the
   * factor, so no column is added), or a new column `weight` when there is no input weight.
   */
  readonly weightColumn?: string | undefined;
}

export interface ReweighDetails {
  /** The column holding the weights in the output. */
  readonly weightColumn: string;
  /** Whether the weight column was added (no input weight) or replaced (input weights × factor). */
  readonly weightColumnAdded: boolean;
  /** Rows without a label: their weight is kept (factor 1). */
  readonly unlabeled: number;
  /** The largest factor: large factors mean a few rows carry a lot of weight. */
  readonly maxFactor: number;
  /** The weighted label rate of every group after reweighing (equal to the overall rate). */
  readonly labelRateAfter: number | null;
}

/**
 * Kamiran–Calders reweighing factors from (weighted) stratum totals:
 * factor(g, y) = P(g)·P(y) / P(g, y) = W(g)·W(y) / (W·W(g, y)), over labeled strata only.
 * After multiplying, group and label are independent in the weighted data: every group's weighted
 * label rate equals the overall one.
 * @see https://doi.org/10.1007/s10115-011-0463-8
 * @example
 * reweighFactors([
 *   { key: ['a'], label: 1, rows: 3, weight: 3 }, { key: ['a'], label: 0, rows: 1, weight: 1 },
 *   { key: ['b'], label: 1, rows: 1, weight: 1 }, { key: ['b'], label: 0, rows: 3, weight: 3 },
 * ]).map((f) => f.factor) // => [2 / 3, 2, 2, 2 / 3]
 */
export function reweighFactors(strata: readonly Stratum[]): (Stratum & { readonly factor: number | null })[] {
  const labeled = strata.filter((s) => s.label !== null);
  const total = labeled.reduce((a, s) => a + s.weight, 0);
  const byGroup = new Map<string, number>();
  const byLabel = new Map<number, number>();
  for (const s of labeled) {
    const g = JSON.stringify(s.key);
    byGroup.set(g, (byGroup.get(g) ?? 0) + s.weight);
    byLabel.set(s.label!, (byLabel.get(s.label!) ?? 0) + s.weight);
  }
  return strata.map((s) => {
    if (s.label === null || !(s.weight > 0) || !(total > 0))
      return { ...s, factor: s.label === null ? null : 1 };
    const wg = byGroup.get(JSON.stringify(s.key))!;
    const wy = byLabel.get(s.label)!;
    return { ...s, factor: (wg * wy) / (total * s.weight) };
  });
}

/**
 * Reweighing (Kamiran & Calders): writes every input row, in input order, with a weight column
 * `input weight × P(g)·P(y) / P(g, y)`, computed in DuckDB (one aggregate pass, then a streaming
 * COPY that looks each row's factor up by its raw key values): no row is held in JavaScript or in a
 * table. `fairprobe audit --weight COL` reads it.
 *
 * When to use: before training a model that accepts sample weights. What it cannot fix: a model
 * that is already trained (its scores do not change), proxies, strata with very few rows.
 * @throws {UsageError} no label, a weight column name that clashes with another column.
 * @throws {InputError} missing columns, invalid weights, non-binary labels.
 * @example
 * const r = await reweigh('datasets/prospects.csv', {
 *   groups: [{ column: 'gender' }], label: 'converted', seed: 1, out: 'out/reweighed.csv',
 * });
 * r.details.weightColumn // => 'weight'
 */
export async function reweigh(
  input: DataInput,
  options: ReweighOptions,
): Promise<MitigationResult<ReweighDetails>> {
  const prep = await prepareInput(input, options, { label: true });
  try {
    const names = prep.columns.map((c) => c.name);
    const weightColumn = options.weightColumn ?? options.weight ?? 'weight';
    const added = !names.includes(weightColumn);
    if (!added && weightColumn !== options.weight) {
      throw new UsageError(
        'weight_column_exists',
        `The data already has a column "${weightColumn}", and it is not the input weight.`,
        {
          column: weightColumn,
          hint: `If it holds row weights, pass --weight ${weightColumn} (they are multiplied in); otherwise name the new column with --weight-column NAME.`,
        },
      );
    }
    const strata = reweighFactors(await countStrata(prep));
    const params: Record<string, DuckDBValue> = {};
    // One list lookup per row: each cell's factor (1 for unlabeled rows), indexed by the row's cell.
    const factors = prep.cells.stratumOf.map((i) => (i < 0 ? 1 : (strata[i]!.factor ?? 1)));
    const factor = `${cellList(prep.cells, factors, 'DOUBLE', params, 'fp_f')}[${prep.cells.expr()}]`;
    const weightOut: PlannedColumn = {
      name: weightColumn,
      expr: options.weight === undefined ? factor : `${prep.weightExpr} * ${factor}`,
      text: false,
      numeric: true,
    };
    // Rows are written as they are: group and label columns whose values all pass the CSV formula
    // rule need no per-row check.
    const columns = passThrough(
      prep,
      options,
      params,
      new Map([[weightColumn, weightOut]]),
      prep.formulaFree,
    );
    if (added) columns.push(weightOut);
    const written = await emit(prep, { from: prep.rel.sql, columns, params, streaming: true }, options);
    const rowsIn = strata.reduce((a, s) => a + s.rows, 0);
    const unlabeled = strata.filter((s) => s.label === null).reduce((a, s) => a + s.rows, 0);
    const summaries: StratumSummary[] = strata.map((s) => ({
      group: groupText(s.key),
      label: s.label,
      rows: s.rows,
      weight: s.weight,
      rowsAfter: s.rows,
      weightAfter: s.weight * (s.factor ?? 1),
      factor: s.factor ?? undefined,
    }));
    const labeled = strata.filter((s) => s.label !== null);
    const totalW = labeled.reduce((a, s) => a + s.weight, 0);
    const posW = labeled.filter((s) => s.label === 1).reduce((a, s) => a + s.weight, 0);
    const notes: string[] = [];
    if (unlabeled > 0) notes.push(`${unlabeled} rows have no label; their weights are kept (factor 1).`);
    const groupsWithOneLabel = new Map<string, Set<number>>();
    for (const s of labeled) {
      const k = JSON.stringify(s.key);
      groupsWithOneLabel.set(k, (groupsWithOneLabel.get(k) ?? new Set()).add(s.label!));
    }
    for (const [k, set] of groupsWithOneLabel) {
      if (set.size === 1) {
        notes.push(
          `Group ${groupText(JSON.parse(k)).join(' & ')} has only ${[...set][0] === 1 ? 'positive' : 'negative'} labels: reweighing cannot equalise its label rate.`,
        );
      }
    }
    return {
      method: 'reweigh',
      stage: 'pre',
      seed: options.seed,
      rows: { input: rowsIn, output: rowsIn, added: 0, removed: 0 },
      columns: { input: names, output: columns.map((c) => c.name), added: added ? [weightColumn] : [] },
      ...written,
      strata: summaries,
      details: {
        weightColumn,
        weightColumnAdded: added,
        unlabeled,
        maxFactor: Math.max(...strata.map((s) => s.factor ?? 1)),
        labelRateAfter: totalW > 0 ? posW / totalW : null,
      },
      notes,
    };
  } finally {
    prep.close();
  }
}
