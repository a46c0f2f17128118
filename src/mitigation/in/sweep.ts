import type { DataInput, GroupSpec, LabelRule, ReadOptions } from '../../data/index.js';
import { UsageError } from '../../errors.js';
import { auc } from '../../model/auc.js';
import { type Columns, featureSpecOf, readColumns } from '../../model/read-columns.js';
import type { TfBackend } from '../../model/tf.js';
import { trainOnColumns } from '../../model/train.js';
import { stratifiedSplit } from '../stratified-split.js';

export const SWEEP_SCHEMA = 'fairprobe.fairness-sweep/1';

export interface SweepOptions {
  readonly label: string;
  readonly labelRule?: LabelRule | undefined;
  readonly features: readonly string[];
  /** The sensitive attribute of the penalty (used in training only, never as a feature). */
  readonly group: GroupSpec;
  /** The λ values to trace (e.g. 0, 0.1, 1, 10). */
  readonly lambdas: readonly number[];
  readonly seed: number;
  /** Held-out share (default 0.3). */
  readonly testShare?: number | undefined;
  /** Share of the held-out leads selected by score (default 0.2): the decision whose parity is measured. */
  readonly selectShare?: number | undefined;
  readonly hidden?: number | undefined;
  readonly epochs?: number | undefined;
  readonly learningRate?: number | undefined;
  readonly backend?: TfBackend | undefined;
  readonly read?: ReadOptions | undefined;
}

export interface SweepPoint {
  readonly lambda: number;
  readonly auc: number | null;
  /** Accuracy of score ≥ 0.5 on the held-out split. */
  readonly accuracy: number | null;
  /** Selection rate of each group in the top `selectShare` of the held-out split. */
  readonly selectionRates: Readonly<Record<string, number | null>>;
  /** max − min of the selection rates. */
  readonly demographicParityDifference: number | null;
  /** Conversions captured in the top share. */
  readonly conversionsCapturedShare: number | null;
  /** mean_k |cov(z, 1[group = k])| on the training split. */
  readonly covariance: number | null;
  /** Not dominated: no other λ has an AUC at least as high and a parity gap at most as large, one of them strictly. */
  readonly pareto: boolean;
}

export interface SweepResult {
  readonly schema: typeof SWEEP_SCHEMA;
  readonly attribute: string;
  readonly seed: number;
  readonly split: { readonly train: number; readonly test: number };
  readonly selectShare: number;
  readonly points: readonly SweepPoint[];
}

/**
 * The fairness–accuracy trade-off of the covariance-penalised model (after Zafar et al. 2017)
 * across λ: trains one model per λ on the same seeded training split (stratified by group and
 * label) and measures, on the held-out split, AUC, accuracy, and the demographic-parity gap of
 * selecting the top share. Points not dominated by another are marked as the Pareto front.
 * @throws {UsageError} no λ, a negative λ, a bad share.
 * @example
 * const s = await fairnessSweep('datasets/prospects.csv', { label: 'converted', features: ['email_opens'], group: { column: 'gender' }, lambdas: [0, 1], seed: 1 });
 * s.points.length // => 2
 */
export async function fairnessSweep(input: DataInput, options: SweepOptions): Promise<SweepResult> {
  if (options.lambdas.length === 0)
    throw new UsageError('no_lambdas', 'Give the λ values to sweep, e.g. --sweep 0,0.1,1,10.');
  for (const l of options.lambdas) {
    if (!(l >= 0 && Number.isFinite(l)))
      throw new UsageError('bad_penalty', `Each λ must be a number ≥ 0, not ${l}.`);
  }
  const testShare = options.testShare ?? 0.3;
  const selectShare = options.selectShare ?? 0.2;
  if (!(testShare > 0 && testShare < 1))
    throw new UsageError('bad_test_share', `The test share must be in (0, 1), not ${testShare}.`);
  if (!(selectShare > 0 && selectShare <= 1))
    throw new UsageError('bad_select_share', `The selected share must be in (0, 1], not ${selectShare}.`);
  if (options.features.includes(options.group.column)) {
    throw new UsageError(
      'feature_is_attribute',
      `"${options.group.column}" is the penalised attribute; leave it out of the features.`,
      {
        column: options.group.column,
      },
    );
  }
  const data = await readColumns(input, {
    columns: [...new Set([...options.features, options.group.column])],
    label: options.label,
    labelRule: options.labelRule,
    read: options.read,
  });
  const spec = featureSpecOf(options.features, data.kinds);
  const g = data.columns[options.group.column]!;
  const labels = data.labels!;
  const { train, test } = split(data.n, (i) => `${g[i]}|${labels[i]}`, testShare, options.seed);
  const pick = (rows: number[]): Columns =>
    Object.fromEntries(Object.entries(data.columns).map(([k, v]) => [k, rows.map((i) => v[i] ?? null)]));
  const trainCols = pick(train);
  const testCols = pick(test);
  const yTest = test.map((i) => labels[i]!);
  const gTest = test.map((i) => (g[i] === null ? null : String(g[i])));
  const values = [...new Set(gTest.filter((v): v is string => v !== null))].sort();
  const raw: Omit<SweepPoint, 'pareto'>[] = [];
  for (const lambda of options.lambdas) {
    const m = await trainOnColumns(
      { columns: trainCols, n: train.length, labels: train.map((i) => labels[i]!) },
      spec,
      {
        label: options.label,
        seed: options.seed,
        hidden: options.hidden,
        epochs: options.epochs,
        learningRate: options.learningRate,
        backend: options.backend,
        fairnessPenalty: lambda,
        group: options.group,
        groupValues: trainCols[options.group.column],
      },
    );
    const p = m.predict(testCols, test.length);
    const k = Math.max(1, Math.ceil(selectShare * test.length));
    const cutoff = [...p].sort((a, b) => b - a)[k - 1]!;
    const sel = new Map(values.map((v) => [v, { n: 0, s: 0 }]));
    let correct = 0;
    let captured = 0;
    let positives = 0;
    p.forEach((s, i) => {
      const chosen = s >= cutoff ? 1 : 0;
      const a = gTest[i] === null ? undefined : sel.get(gTest[i]!);
      if (a) {
        a.n++;
        a.s += chosen;
      }
      if ((s >= 0.5 ? 1 : 0) === yTest[i]) correct++;
      captured += chosen * yTest[i]!;
      positives += yTest[i]!;
    });
    const rates = Object.fromEntries(
      values.map((v) => [v, sel.get(v)!.n > 0 ? sel.get(v)!.s / sel.get(v)!.n : null]),
    );
    const rs = Object.values(rates).filter((x): x is number => x !== null);
    raw.push({
      lambda,
      auc: auc(p, yTest),
      accuracy: test.length ? correct / test.length : null,
      selectionRates: rates,
      demographicParityDifference: rs.length >= 2 ? Math.max(...rs) - Math.min(...rs) : null,
      conversionsCapturedShare: positives > 0 ? captured / positives : null,
      covariance: m.covariance,
    });
  }
  const points = raw.map((a) => ({
    ...a,
    pareto: !raw.some(
      (b) =>
        b !== a &&
        (b.auc ?? 0) >= (a.auc ?? 0) &&
        (b.demographicParityDifference ?? 1) <= (a.demographicParityDifference ?? 1) &&
        ((b.auc ?? 0) > (a.auc ?? 0) ||
          (b.demographicParityDifference ?? 1) < (a.demographicParityDifference ?? 1)),
    ),
  }));
  return {
    schema: SWEEP_SCHEMA,
    attribute: options.group.column,
    seed: options.seed,
    split: { train: train.length, test: test.length },
    selectShare,
    points,
  };
}

function split(n: number, key: (i: number) => string, share: number, seed: number) {
  const { picked, rest } = stratifiedSplit(
    Array.from({ length: n }, (_, i) => i),
    key,
    share,
    seed,
  );
  return { train: rest, test: picked };
}
