import { type AuditResult, audit } from '../audit/index.js';
import type { DataInput } from '../data/index.js';
import { UsageError } from '../errors.js';
import type { Comparison, Estimate } from '../metrics/index.js';
import { createRng } from '../metrics/math/index.js';
import {
  type FeatureSpec,
  type LogisticModel,
  type LogisticOptions,
  trainLogistic,
} from '../model/logistic.js';
import { quoteIdent } from '../util/strings.js';
import { type RepairOptions, repair } from './pre/repair.js';
import { type ResampleOptions, resample } from './pre/resample.js';
import { type ReweighOptions, reweigh } from './pre/reweigh.js';
import { type SynthesizeOptions, synthesize } from './pre/synthesize.js';
import { KEY, keyedRelation, needColumn, prepareInput } from './prepare.js';
import type { MitigationMethod, MitigationOptions, MitigationResult } from './types.js';

/** Options of every method, by method (the evaluation passes them through). */
export type MethodOptions =
  | ({ readonly method: 'reweigh' } & Omit<ReweighOptions, keyof MitigationOptions>)
  | ({ readonly method: 'resample' } & Omit<ResampleOptions, keyof MitigationOptions>)
  | ({ readonly method: 'synthesize' } & Omit<SynthesizeOptions, keyof MitigationOptions | 'features'>)
  | ({ readonly method: 'repair' } & Omit<RepairOptions, keyof MitigationOptions | 'features'>);

export interface EvaluateOptions
  extends Omit<MitigationOptions, 'out' | 'outFormat' | 'pseudonymize' | 'id'> {
  readonly label: string;
  /** The reference model's features. Default: every numeric and low-cardinality text column with no role. */
  readonly features?: readonly string[] | undefined;
  /** Share of rows held out for scoring (default 0.3), stratified by group and label. */
  readonly testShare?: number | undefined;
  /** The decision audited: the top share or count by score (default `20%`). */
  readonly selectTop?: string | undefined;
  /** Bootstrap replicates of the audits' intervals (default 1000). */
  readonly replicates?: number | undefined;
  readonly model?: Omit<LogisticOptions, 'seed'> | undefined;
  /** Timestamp recorded in both audits (default: now). */
  readonly createdAt?: string | undefined;
}

/** How well a model ranks and decides on the held-out split. */
export interface Performance {
  readonly auc: number | null;
  /** Weighted accuracy of `score >= 0.5`. */
  readonly accuracy: number | null;
  /** Leads selected in the top-k (ties with the k-th included). */
  readonly selected: number;
  /** Weighted conversions among the selected, and their share of all conversions. */
  readonly conversionsCaptured: number;
  readonly conversionsCapturedShare: number | null;
}

/** One disparity before and after, with intervals. */
export interface ComparisonRow {
  readonly attribute: readonly string[];
  readonly group: readonly string[];
  readonly reference: readonly string[] | null;
  readonly metric: string;
  readonly before: Estimate | null;
  readonly after: Estimate | null;
}

/** The before/after evidence of a mitigation: the same model, trained twice, audited on one held-out split. */
export interface Evaluation {
  readonly schema: 'fairprobe.mitigation-evaluation/1';
  readonly method: MitigationMethod;
  readonly seed: number;
  readonly split: {
    readonly train: number;
    readonly test: number;
    readonly trainAfter: number;
    readonly unlabeledDropped: number;
  };
  readonly features: FeatureSpec;
  readonly model: {
    readonly kind: 'logistic-regression';
    readonly backend: string;
    readonly epochs: number;
    readonly learningRate: number;
    readonly l2: number;
  };
  readonly selectTop: string;
  readonly before: { readonly performance: Performance; readonly audit: AuditResult };
  readonly after: { readonly performance: Performance; readonly audit: AuditResult };
  /** Every disparity of every non-reference group, and each attribute's aggregates, before and after. */
  readonly disparities: readonly ComparisonRow[];
  /** What the method did to the training split. */
  readonly mitigation: Omit<MitigationResult, 'data'>;
}

const DISPARITIES = [
  'disparate_impact',
  'statistical_parity_difference',
  'equal_opportunity_difference',
  'average_odds_difference',
  'predictive_parity_difference',
] as const;
const AGGREGATES = [
  'demographic_parity_difference',
  'demographic_parity_ratio',
  'equalized_odds_difference',
] as const;

type Columns = Record<string, (number | string | null)[]>;

/**
 * Before/after evidence for a mitigation: splits the labeled rows (seeded, stratified by group
 * and label) into a training and a held-out split; trains the reference logistic regression on
 * the original training split and on the mitigated one (weights from reweighing); scores the same
 * held-out split with both (repair also repairs the held-out features, as it must be applied to the
 * data a model scores); audits both with {@link audit} at the top-k decision; and returns the
 * disparities side by side with their intervals, and the cost in AUC, accuracy and conversions
 * captured in the top-k.
 * @throws {UsageError} flip (it makes test data, not training data), bad test share, no features.
 * @example
 * const ev = await evaluateMitigation('datasets/prospects.csv', { method: 'reweigh' }, {
 *   groups: [{ column: 'gender' }], label: 'converted', features: ['email_opens', 'web_visits', 'industry'], seed: 1 });
 * ev.after.performance.auc // => 0.73 (about)
 */
export async function evaluateMitigation(
  input: DataInput,
  method: MethodOptions,
  options: EvaluateOptions,
): Promise<Evaluation> {
  if ((method.method as string) === 'flip') {
    throw new UsageError(
      'flip_evaluate',
      'Flip makes counterfactual test data; it has no training split to compare.',
      {
        hint: 'Score the original and the flipped file with your model and compare the scores row by row.',
      },
    );
  }
  const testShare = options.testShare ?? 0.3;
  if (!(testShare > 0 && testShare < 1)) {
    throw new UsageError('bad_test_share', `The test share must be between 0 and 1, not ${testShare}.`);
  }
  const selectTop = options.selectTop ?? '20%';
  const { data, n, features, unlabeled } = await loadLabeled(input, options);
  const groupCols = options.groups.map((g) => g.column);
  const { train, test } = split(data, n, groupCols, testShare, options.seed);
  const trainCols = pick(data, train);
  const testCols = pick(data, test);
  const modelOptions: LogisticOptions = { ...options.model, seed: options.seed };
  const weightOf = (cols: Columns, name: string | undefined) =>
    name === undefined ? undefined : cols[name]!.map((v) => Number(v));
  const before = await trainLogistic(
    trainCols,
    train.length,
    trainCols.__fp_label as number[],
    features,
    modelOptions,
    weightOf(trainCols, options.weight),
  );
  // The mitigated training split, through the same library call a user makes.
  const common: MitigationOptions = {
    groups: options.groups,
    label: '__fp_label',
    weight: options.weight,
    seed: options.seed,
  };
  // The method's own options; the shared ones come from `common` (the split's columns).
  const {
    method: _m,
    groups: _g,
    label: _l,
    labelRule: _r,
    weight: _w,
    id: _i,
    pseudonymize: _p,
    seed: _s,
    read: _rd,
    out: _o,
    outFormat: _f,
    ...own
  } = method as MethodOptions & Partial<MitigationOptions>;
  let mitigated: MitigationResult;
  let afterWeight = options.weight;
  let testAfter = testCols;
  if (method.method === 'reweigh') {
    const r = await reweigh({ columns: trainCols }, { ...own, ...common, weightColumn: '__fp_weight_out' });
    mitigated = r;
    afterWeight = r.details.weightColumn;
  } else if (method.method === 'resample') {
    let rankBy = method.rankBy;
    const cols = { ...trainCols };
    if ((method.mode ?? 'uniform') === 'preferential' && rankBy === undefined) {
      cols.__fp_rank = Array.from(before.predict(trainCols, train.length));
      rankBy = '__fp_rank';
    }
    mitigated = await resample({ columns: cols }, { ...own, ...common, rankBy });
  } else if (method.method === 'synthesize') {
    mitigated = await synthesize(
      { columns: trainCols },
      { ...own, ...common, features: [...features.numeric, ...features.categorical] },
    );
  } else {
    const repairOptions = { ...(own as { lambda: number }), ...common, features: features.numeric };
    mitigated = await repair({ columns: trainCols }, repairOptions);
    const repairedTest = await repair({ columns: testCols }, repairOptions);
    testAfter = repairedTest.data!.columns;
  }
  const after = mitigated.data!.columns;
  const afterN = after.__fp_label!.length;
  const afterModel = await trainLogistic(
    after,
    afterN,
    after.__fp_label as number[],
    features,
    modelOptions,
    weightOf(after, afterWeight),
  );
  const scoreBefore = before.predict(testCols, test.length);
  const scoreAfter = afterModel.predict(testAfter, test.length);
  const labels = testCols.__fp_label as number[];
  const testWeights = weightOf(testCols, options.weight);
  const auditOf = (scores: Float64Array) =>
    audit(
      {
        columns: {
          ...Object.fromEntries(groupCols.map((g) => [g, testCols[g]!])),
          __fp_score: Array.from(scores),
          __fp_label: labels,
          ...(options.weight ? { [options.weight]: testCols[options.weight]! } : {}),
        },
      },
      {
        roles: { score: '__fp_score', label: '__fp_label', groups: options.groups, weight: options.weight },
        selectTop,
        seed: options.seed,
        replicates: options.replicates,
        createdAt: options.createdAt,
      },
    );
  const [auditBefore, auditAfter] = [await auditOf(scoreBefore), await auditOf(scoreAfter)];
  const { data: _data, ...mitigation } = mitigated;
  return {
    schema: 'fairprobe.mitigation-evaluation/1',
    method: method.method,
    seed: options.seed,
    split: { train: train.length, test: test.length, trainAfter: afterN, unlabeledDropped: unlabeled },
    features,
    model: modelInfo(before),
    selectTop,
    before: { performance: performance(scoreBefore, labels, testWeights, auditBefore), audit: auditBefore },
    after: { performance: performance(scoreAfter, labels, testWeights, auditAfter), audit: auditAfter },
    disparities: compareAudits(auditBefore, auditAfter),
    mitigation,
  };
}

function modelInfo(m: LogisticModel): Evaluation['model'] {
  return {
    kind: 'logistic-regression',
    backend: m.backend,
    epochs: m.options.epochs,
    learningRate: m.options.learningRate,
    l2: m.options.l2,
  };
}

/** Reads the groups, the label (as 0/1; unlabeled rows dropped), the weight and the features. */
async function loadLabeled(input: DataInput, options: EvaluateOptions) {
  const prep = await prepareInput(input, { ...options, out: undefined }, { label: true });
  try {
    const roles = new Set(
      [options.label, options.weight, ...options.groups.map((g) => g.column)].filter(
        (x): x is string => x !== undefined,
      ),
    );
    let names: string[];
    if (options.features) {
      names = options.features.map((f) => {
        needColumn(prep.columns, f, 'feature', prep.file);
        if (roles.has(f)) {
          throw new UsageError(
            'feature_is_role',
            `"${f}" is a group, label or weight column; name it as a feature only if the model may see it.`,
            {
              column: f,
              hint: 'Fairness through unawareness is the default: leave sensitive attributes out of --features.',
            },
          );
        }
        return f;
      });
    } else {
      names = prep.columns
        .filter((c) => !roles.has(c.name) && (c.kind === 'number' || c.kind === 'string'))
        .map((c) => c.name);
      const text = prep.columns.filter((c) => names.includes(c.name) && c.kind === 'string');
      if (text.length) {
        const d = (
          await prep.query(
            `SELECT ${text.map((c, i) => `approx_count_distinct(${quoteIdent(c.name)}) AS d${i}`).join(', ')} FROM ${prep.rel.sql}`,
          )
        )[0]!;
        const many = new Set(text.filter((_, i) => Number(d[`d${i}`]) > 50).map((c) => c.name));
        names = names.filter((x) => !many.has(x));
      }
    }
    const kinds = new Map(prep.columns.map((c) => [c.name, c.kind]));
    const features: FeatureSpec = {
      numeric: names.filter((x) => kinds.get(x) === 'number'),
      categorical: names.filter((x) => kinds.get(x) === 'string'),
    };
    const extra = [
      ...new Set([
        ...options.groups.map((g) => g.column),
        ...(options.weight ? [options.weight] : []),
        ...names,
      ]),
    ];
    const sel = [
      `${KEY.label} AS "__fp_label"`,
      ...extra.map(
        (c) =>
          `CAST(${quoteIdent(c)} AS ${kinds.get(c) === 'number' ? 'DOUBLE' : 'VARCHAR'}) AS ${quoteIdent(c)}`,
      ),
    ];
    const reader = await prep.source.connection.runAndReadAll(
      `SELECT ${sel.join(', ')} FROM ${keyedRelation(prep)} WHERE ${KEY.label} IS NOT NULL`,
      prep.params,
    );
    const data = reader.getColumnsObjectJS() as Columns;
    const total = (await prep.query(`SELECT count(*) AS n FROM ${prep.rel.sql}`))[0]!;
    const n = reader.currentRowCount;
    return { data, n, features, unlabeled: Number(total.n) - n };
  } finally {
    prep.close();
  }
}

/** A seeded split, stratified by (group values, label): each stratum's rows shuffled, the first share held out. */
function split(data: Columns, n: number, groups: readonly string[], share: number, seed: number) {
  const rng = createRng(seed);
  const strata = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = JSON.stringify([...groups.map((g) => data[g]![i] ?? null), data.__fp_label![i]]);
    let list = strata.get(key);
    if (!list) {
      list = [];
      strata.set(key, list);
    }
    list.push(i);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const key of [...strata.keys()].sort()) {
    const rows = strata.get(key)!;
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    const k = Math.round(rows.length * share);
    test.push(...rows.slice(0, k));
    train.push(...rows.slice(k));
  }
  train.sort((a, b) => a - b);
  test.sort((a, b) => a - b);
  return { train, test };
}

function pick(data: Columns, rows: readonly number[]): Columns {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, rows.map((i) => v[i] ?? null)]));
}

/**
 * AUC (Mann–Whitney, ties count half), weighted accuracy at 0.5, and conversions captured by the
 * audit's top-k decision (the audit's cutoff: ties with the k-th lead are selected).
 */
export function performance(
  scores: Float64Array,
  labels: readonly number[],
  weights: readonly number[] | undefined,
  result: AuditResult,
): Performance {
  const n = scores.length;
  const w = (i: number) => (weights ? weights[i]! : 1);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0;
  let neg = 0;
  let auc = 0;
  let negBelow = 0;
  for (let s = 0; s < n; ) {
    let e = s;
    let tiePos = 0;
    let tieNeg = 0;
    while (e < n && scores[order[e]!] === scores[order[s]!]) {
      const i = order[e]!;
      if (labels[i] === 1) tiePos += w(i);
      else tieNeg += w(i);
      e++;
    }
    auc += tiePos * (negBelow + tieNeg / 2);
    negBelow += tieNeg;
    pos += tiePos;
    neg += tieNeg;
    s = e;
  }
  let correct = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += w(i);
    if ((scores[i]! >= 0.5 ? 1 : 0) === labels[i]) correct += w(i);
  }
  const cutoff = result.decision.kind === 'threshold' ? result.decision.threshold : Number.POSITIVE_INFINITY;
  let selected = 0;
  let captured = 0;
  for (let i = 0; i < n; i++) {
    if (scores[i]! >= cutoff) {
      selected++;
      if (labels[i] === 1) captured += w(i);
    }
  }
  return {
    auc: pos > 0 && neg > 0 ? auc / (pos * neg) : null,
    accuracy: total > 0 ? correct / total : null,
    selected,
    conversionsCaptured: captured,
    conversionsCapturedShare: pos > 0 ? captured / pos : null,
  };
}

/** Pairs every disparity (and attribute aggregate) of two audits of the same groups. */
export function compareAudits(before: AuditResult, after: AuditResult): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const a of before.attributes) {
    const b = after.attributes.find((x) => JSON.stringify(x.attributes) === JSON.stringify(a.attributes));
    for (const id of AGGREGATES) {
      const x = a.aggregates[id]?.between_groups;
      const y = b?.aggregates[id]?.between_groups;
      if (x === undefined && y === undefined) continue;
      rows.push({
        attribute: a.attributes,
        group: [],
        reference: null,
        metric: id,
        before: x ?? null,
        after: y ?? null,
      });
    }
    for (const g of a.groups) {
      if (g.isReference) continue;
      const h = b?.groups.find((x) => JSON.stringify(x.values) === JSON.stringify(g.values));
      for (const id of DISPARITIES) {
        const x: Comparison | undefined = g.disparities?.[id];
        const y: Comparison | undefined = h?.disparities?.[id];
        if (x === undefined && y === undefined) continue;
        rows.push({
          attribute: a.attributes,
          group: g.values,
          reference: x?.reference ?? y?.reference ?? null,
          metric: id,
          before: x ? strip(x) : null,
          after: y ? strip(y) : null,
        });
      }
    }
  }
  return rows;
}

function strip(c: Comparison): Estimate {
  return { value: c.value, reason: c.reason, interval: c.interval };
}
