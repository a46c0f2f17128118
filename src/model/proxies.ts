import { binLabel, type DataInput, type GroupSpec, type ReadOptions } from '../data/index.js';
import { InputError, UsageError } from '../errors.js';
import { createRng } from '../metrics/math/index.js';
import { auc } from './auc.js';
import { type FeatureSpec, trainLogistic } from './logistic.js';
import { type Columns, featureSpecOf, readColumns } from './read-columns.js';

export const PROXIES_SCHEMA = 'fairprobe.proxies/1';

/** How strongly a feature stands in for a sensitive attribute, by its AUC (0.5 = chance). */
export const ProxyRisk = {
  high: 'high',
  moderate: 'moderate',
  low: 'low',
  negligible: 'negligible',
} as const;
export type ProxyRisk = (typeof ProxyRisk)[keyof typeof ProxyRisk];

/** AUC cut-offs of the risk levels: ≥ 0.70 high, ≥ 0.60 moderate, ≥ 0.55 low, else negligible. */
export const PROXY_RISK_AUC = { high: 0.7, moderate: 0.6, low: 0.55 } as const;

export interface ProxyOptions {
  /** Sensitive attributes (categorical, or numeric with bin edges). */
  readonly groups: readonly GroupSpec[];
  /** Candidate features. */
  readonly features: readonly string[];
  readonly seed: number;
  /** Cross-validation folds of the all-features model (default 5). */
  readonly folds?: number | undefined;
  /** Training steps of each fold's logistic regression (default 200). */
  readonly epochs?: number | undefined;
  /** Each fold's model trains on at most this many rows, a seeded sample (default 5000; AUC is on every held-out row). */
  readonly maxTrainRows?: number | undefined;
  readonly read?: ReadOptions | undefined;
}

export interface ProxyFeature {
  readonly feature: string;
  readonly kind: 'numeric' | 'categorical';
  /**
   * AUC of a one-feature model predicting membership, one-vs-rest, macro-averaged over the values
   * (numeric: the feature's value as the score, either direction; categorical: the group's share
   * in the feature's category, learned on the other folds).
   */
  readonly auc: number | null;
  /** Cramér's V of the feature × attribute table (categorical features). */
  readonly cramersV: number | null;
  /** Mutual information in bits (numeric features binned at their deciles). */
  readonly mutualInformation: number;
  /** Mutual information over the attribute's entropy: the share of its uncertainty explained (0–1). */
  readonly normalizedMI: number | null;
  readonly risk: ProxyRisk;
  readonly reading: string;
}

export interface ProxyAttribute {
  readonly attribute: string;
  readonly values: readonly string[];
  /** Rows with a value of the attribute. */
  readonly n: number;
  /** Ranked: highest AUC first. */
  readonly features: readonly ProxyFeature[];
  /** All features together: cross-validated logistic regression (tfjs), out-of-fold AUC. */
  readonly combined: {
    readonly auc: number | null;
    readonly perValue: readonly { readonly value: string; readonly auc: number | null }[];
    readonly folds: number;
    readonly risk: ProxyRisk;
  };
  readonly reading: string;
}

export interface ProxyResult {
  readonly schema: typeof PROXIES_SCHEMA;
  readonly seed: number;
  readonly folds: number;
  readonly features: readonly string[];
  readonly attributes: readonly ProxyAttribute[];
}

export function riskOf(a: number | null): ProxyRisk {
  if (a === null) return 'negligible';
  if (a >= PROXY_RISK_AUC.high) return 'high';
  if (a >= PROXY_RISK_AUC.moderate) return 'moderate';
  if (a >= PROXY_RISK_AUC.low) return 'low';
  return 'negligible';
}

const f2 = (x: number | null) => (x === null ? 'not defined' : x.toFixed(2));

function featureReading(f: string, attribute: string, a: number | null, risk: ProxyRisk): string {
  switch (risk) {
    case 'high':
      return `"${f}" alone tells the ${attribute} groups apart well (AUC ${f2(a)}; 0.5 is chance): a strong proxy. A model using it can treat the groups differently without ever seeing ${attribute}.`;
    case 'moderate':
      return `"${f}" alone tells the ${attribute} groups apart somewhat (AUC ${f2(a)}): a moderate proxy; check how much the model relies on it.`;
    case 'low':
      return `"${f}" carries a little information about ${attribute} (AUC ${f2(a)}): a weak proxy.`;
    default:
      return `"${f}" carries next to no information about ${attribute} (AUC ${f2(a)}).`;
  }
}

/**
 * Proxy detection: for each feature, how well it predicts each sensitive attribute on its own
 * (AUC of a one-feature model, Cramér's V and mutual information), and how well all features do
 * together (a k-fold cross-validated TF.js logistic regression, seeded, folds stratified by value),
 * as a ranked proxy-risk table with a plain-words reading. Multi-valued attributes are scored one
 * value against the rest and macro-averaged. Rows without a value of the attribute are left out.
 * @throws {UsageError} no features, a feature that is an attribute, fewer folds than 2.
 * @example
 * const r = await proxies('datasets/prospects.csv', { groups: [{ column: 'gender' }], features: ['email_opens', 'industry'], seed: 1 });
 * r.attributes[0].features[0].risk // => 'negligible'
 */
export async function proxies(input: DataInput, options: ProxyOptions): Promise<ProxyResult> {
  const folds = options.folds ?? 5;
  if (!Number.isSafeInteger(folds) || folds < 2) {
    throw new UsageError('bad_folds', `Cross-validation needs at least 2 folds, not ${options.folds}.`);
  }
  if (options.features.length === 0) {
    throw new UsageError('no_features', 'Name the candidate features with --features.', {
      hint: 'For example --features email_opens,web_visits,industry,company_size.',
    });
  }
  if (options.groups.length === 0) {
    throw new UsageError('no_groups', 'Name the sensitive attribute(s) with --group.');
  }
  for (const g of options.groups) {
    if (options.features.includes(g.column)) {
      throw new UsageError(
        'feature_is_attribute',
        `"${g.column}" is the attribute; it cannot be its own proxy.`,
        {
          column: g.column,
        },
      );
    }
  }
  const data = await readColumns(input, {
    columns: [...new Set([...options.features, ...options.groups.map((g) => g.column)])],
    read: options.read,
  });
  const spec = featureSpecOf(options.features, data.kinds);
  const attributes: ProxyAttribute[] = [];
  for (const g of options.groups) {
    if (g.edges && data.kinds.get(g.column) !== 'number') {
      throw new InputError('group_not_numeric', `The group "${g.column}" has bin edges but is not numeric.`, {
        column: g.column,
      });
    }
    attributes.push(await proxyAttribute(data.columns, data.n, g, spec, { ...options, folds }));
  }
  return { schema: PROXIES_SCHEMA, seed: options.seed, folds, features: options.features, attributes };
}

function groupValue(g: GroupSpec, v: number | string | null): string | null {
  if (v === null) return null;
  if (!g.edges) return typeof v === 'number' && Number.isInteger(v) ? String(v) : String(v);
  const x = Number(v);
  let i = 0;
  while (i < g.edges.length && x >= g.edges[i]!) i++;
  return binLabel(g.edges, i);
}

async function proxyAttribute(
  all: Columns,
  total: number,
  g: GroupSpec,
  spec: FeatureSpec,
  options: ProxyOptions & { folds: number },
): Promise<ProxyAttribute> {
  const keep: number[] = [];
  const raw = all[g.column]!;
  const groups: string[] = [];
  for (let i = 0; i < total; i++) {
    const v = groupValue(g, raw[i] ?? null);
    if (v !== null) {
      keep.push(i);
      groups.push(v);
    }
  }
  const n = keep.length;
  const values = [...new Set(groups)].sort();
  if (values.length < 2) {
    throw new InputError(
      'one_group',
      `"${g.column}" has ${values.length} value(s); proxies need at least two groups.`,
      {
        column: g.column,
      },
    );
  }
  const columns: Columns = {};
  for (const f of options.features) columns[f] = keep.map((i) => all[f]![i] ?? null);
  const fold = stratifiedFolds(groups, options.folds, options.seed);
  // For two values one-vs-rest is symmetric: one model, one AUC.
  const targets = values.length === 2 ? [values[0]!] : values;
  const hA = entropy(countsOf(groups));
  const features: ProxyFeature[] = options.features.map((f) => {
    const numeric = spec.numeric.includes(f);
    const col = columns[f]!;
    let a: number | null;
    let v: number | null = null;
    let mi: number;
    if (numeric) {
      const rows = col.map((x, i) => (typeof x === 'number' ? i : -1)).filter((i) => i >= 0);
      const x = rows.map((i) => col[i] as number);
      const aucs = targets.map((t) => {
        const r = auc(
          x,
          rows.map((i) => (groups[i] === t ? 1 : 0)),
        );
        return r === null ? null : Math.max(r, 1 - r);
      });
      a = mean(aucs);
      mi = mutualInformation(
        decileBins(x),
        rows.map((i) => groups[i]!),
      );
    } else {
      const cat = col.map((x) => (x === null ? '(missing)' : String(x)));
      a = mean(targets.map((t) => crossFittedAuc(cat, groups, t, fold, options.folds)));
      mi = mutualInformation(cat, groups);
      v = cramersV(cat, groups);
    }
    const risk = riskOf(a);
    return {
      feature: f,
      kind: numeric ? 'numeric' : 'categorical',
      auc: a,
      cramersV: v,
      mutualInformation: mi,
      normalizedMI: hA > 0 ? mi / hA : null,
      risk,
      reading: featureReading(f, g.column, a, risk),
    };
  });
  features.sort((x, y) => (y.auc ?? 0) - (x.auc ?? 0) || x.feature.localeCompare(y.feature));
  const perValue: { value: string; auc: number | null }[] = [];
  for (const t of targets) {
    const oof = new Float64Array(n);
    const y = groups.map((v) => (v === t ? 1 : 0));
    for (let k = 0; k < options.folds; k++) {
      const train = subsample(
        [...Array(n).keys()].filter((i) => fold[i] !== k),
        options.maxTrainRows ?? 5000,
        options.seed + k,
      );
      const test = [...Array(n).keys()].filter((i) => fold[i] === k);
      if (test.length === 0) continue;
      const pick = (rows: number[]) =>
        Object.fromEntries(options.features.map((f) => [f, rows.map((i) => columns[f]![i] ?? null)]));
      const m = await trainLogistic(
        pick(train),
        train.length,
        train.map((i) => y[i]!),
        spec,
        {
          seed: options.seed + k,
          epochs: options.epochs ?? 200,
        },
      );
      const p = m.predict(pick(test), test.length);
      test.forEach((i, j) => {
        oof[i] = p[j]!;
      });
    }
    perValue.push({ value: t, auc: auc(oof, y) });
  }
  const combinedAuc = mean(perValue.map((p) => p.auc));
  const combinedRisk = riskOf(combinedAuc);
  const top = features[0]!;
  const strong = features.filter((f) => f.risk === 'high' || f.risk === 'moderate');
  const reading = [
    `All ${options.features.length} feature(s) together predict ${g.column} with a cross-validated AUC of ${f2(combinedAuc)} (${options.folds} folds; 0.5 is chance, 1 is perfect): ${combinedRisk === 'negligible' ? 'next to no information' : `${combinedRisk} proxy risk`}.`,
    strong.length
      ? `Strongest single proxy: "${top.feature}" (AUC ${f2(top.auc)}).${strong.length > 1 ? ` ${strong.length} features are moderate or strong proxies.` : ''}`
      : 'No single feature is a moderate or strong proxy.',
    ...(combinedRisk !== 'negligible' && strong.length === 0
      ? [
          'Together they carry more than any one of them: dropping a single feature will not remove the proxy.',
        ]
      : []),
  ].join(' ');
  return {
    attribute: g.column,
    values,
    n,
    features,
    combined: { auc: combinedAuc, perValue, folds: options.folds, risk: combinedRisk },
    reading,
  };
}

/** A seeded sample of `max` rows (in row order), or all rows when there are fewer. */
function subsample(rows: number[], max: number, seed: number): number[] {
  if (rows.length <= max) return rows;
  const rng = createRng(seed);
  const copy = [...rows];
  for (let i = 0; i < max; i++) {
    const j = i + Math.floor(rng.next() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, max).sort((a, b) => a - b);
}

function mean(xs: readonly (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

/** Fold of each row: within each value, rows shuffled (seeded) and dealt round-robin. */
function stratifiedFolds(groups: readonly string[], k: number, seed: number): Int32Array {
  const rng = createRng(seed);
  const fold = new Int32Array(groups.length);
  const by = new Map<string, number[]>();
  groups.forEach((g, i) => {
    let l = by.get(g);
    if (!l) {
      l = [];
      by.set(g, l);
    }
    l.push(i);
  });
  for (const key of [...by.keys()].sort()) {
    const rows = by.get(key)!;
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    rows.forEach((r, i) => {
      fold[r] = i % k;
    });
  }
  return fold;
}

/** AUC of the category's share of `target` (learned on the other folds, smoothed) as the score. */
function crossFittedAuc(
  cat: readonly string[],
  groups: readonly string[],
  target: string,
  fold: Int32Array,
  k: number,
) {
  const score = new Float64Array(cat.length);
  const prior = groups.filter((g) => g === target).length / groups.length;
  for (let f = 0; f < k; f++) {
    const hit = new Map<string, number>();
    const all = new Map<string, number>();
    for (let i = 0; i < cat.length; i++) {
      if (fold[i] === f) continue;
      all.set(cat[i]!, (all.get(cat[i]!) ?? 0) + 1);
      if (groups[i] === target) hit.set(cat[i]!, (hit.get(cat[i]!) ?? 0) + 1);
    }
    for (let i = 0; i < cat.length; i++) {
      if (fold[i] !== f) continue;
      score[i] = ((hit.get(cat[i]!) ?? 0) + prior) / ((all.get(cat[i]!) ?? 0) + 1);
    }
  }
  return auc(
    score,
    groups.map((g) => (g === target ? 1 : 0)),
  );
}

/** Decile bin of each value (equal values share a bin). */
function decileBins(x: readonly number[]): string[] {
  const s = Float64Array.from(x).sort();
  return x.map((v) => {
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (s[m]! < v) lo = m + 1;
      else hi = m;
    }
    return String(Math.min(9, Math.floor((10 * lo) / s.length)));
  });
}

function countsOf(xs: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

function entropy(counts: Map<string, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  let h = 0;
  for (const c of counts.values()) if (c > 0) h -= (c / n) * Math.log2(c / n);
  return h;
}

/** Mutual information (bits) of two categorical variables: H(A) + H(B) − H(A, B). */
export function mutualInformation(a: readonly string[], b: readonly string[]): number {
  const joint = countsOf(a.map((x, i) => JSON.stringify([x, b[i]])));
  return Math.max(0, entropy(countsOf(a)) + entropy(countsOf(b)) - entropy(joint));
}

/**
 * Cramér's V of two categorical variables: √(χ² / (n · (min(r, c) − 1))), in [0, 1].
 * @example
 * cramersV(['a', 'a', 'b', 'b'], ['x', 'x', 'y', 'y']) // => 1
 */
export function cramersV(a: readonly string[], b: readonly string[]): number | null {
  const n = a.length;
  const ra = countsOf(a);
  const rb = countsOf(b);
  const k = Math.min(ra.size, rb.size) - 1;
  if (n === 0 || k < 1) return null;
  const joint = countsOf(a.map((x, i) => JSON.stringify([x, b[i]])));
  let chi = 0;
  for (const [x, cx] of ra) {
    for (const [y, cy] of rb) {
      const e = (cx * cy) / n;
      const o = joint.get(JSON.stringify([x, y])) ?? 0;
      chi += ((o - e) * (o - e)) / e;
    }
  }
  return Math.sqrt(chi / (n * k));
}
