import type { GroupStats } from '../stats/index.js';
import { generalizedEntropyIndexFromCounts } from './math/index.js';
import type { Estimate } from './types.js';

/** A fairlearn-style aggregate, computed both between groups and to the overall value. */
export interface AggregateValue {
  readonly between_groups: Estimate;
  readonly to_overall: Estimate;
}

function values(groups: readonly Readonly<Record<string, Estimate>>[], id: string): number[] {
  return groups.map((g) => g[id]?.value).filter((v): v is number => v !== null && v !== undefined);
}

/**
 * Why an aggregate of `id` over these groups is undefined when fewer than two groups have a value:
 * the metric is not computed at all (a label-only audit has no selection rate), the groups' own
 * reason when they share one, or too few groups.
 */
function noneReason(
  groups: readonly Readonly<Record<string, Estimate>>[],
  overall: Readonly<Record<string, Estimate>>,
  id: string,
): Estimate {
  if (overall[id] === undefined && groups.every((g) => g[id] === undefined)) {
    return { value: null, reason: `not defined (${id} is not computed in this audit)` };
  }
  const reasons = new Set(groups.map((g) => g[id]?.reason).filter((r): r is string => r !== undefined));
  if (values(groups, id).length === 0 && reasons.size === 1) return { value: null, reason: [...reasons][0]! };
  return { value: null, reason: `not defined (${id} is undefined for fewer than two groups)` };
}

function diff(
  groups: readonly Readonly<Record<string, Estimate>>[],
  overall: Readonly<Record<string, Estimate>>,
  id: string,
): AggregateValue {
  const v = values(groups, id);
  const o = overall[id]?.value;
  const none = noneReason(groups, overall, id);
  return {
    between_groups: v.length >= 2 ? { value: Math.max(...v) - Math.min(...v) } : none,
    to_overall: v.length >= 1 && o != null ? { value: Math.max(...v.map((x) => Math.abs(x - o))) } : none,
  };
}

function ratio(
  groups: readonly Readonly<Record<string, Estimate>>[],
  overall: Readonly<Record<string, Estimate>>,
  id: string,
): AggregateValue {
  const v = values(groups, id);
  const o = overall[id]?.value;
  const none = noneReason(groups, overall, id);
  const max = Math.max(...v);
  return {
    between_groups:
      v.length >= 2
        ? max > 0
          ? { value: Math.min(...v) / max }
          : { value: null, reason: `not defined (${id} is 0 in every group)` }
        : none,
    to_overall:
      v.length >= 1 && o != null && o > 0 && v.every((x) => x > 0)
        ? { value: Math.min(...v.map((x) => Math.min(x / o, o / x))) }
        : v.length === 0 || o == null
          ? none
          : { value: null, reason: `not defined (${id} is 0 somewhere)` },
  };
}

function worst(a: AggregateValue, b: AggregateValue, pick: (x: number, y: number) => number): AggregateValue {
  const w = (x: Estimate, y: Estimate): Estimate =>
    x.value !== null && y.value !== null
      ? { value: pick(x.value, y.value) }
      : { value: null, reason: x.reason ?? y.reason };
  return { between_groups: w(a.between_groups, b.between_groups), to_overall: w(a.to_overall, b.to_overall) };
}

/**
 * fairlearn's aggregates over the groups of one attribute: demographic parity difference/ratio,
 * equalized odds difference/ratio (the worse of TPR and FPR), equal opportunity difference.
 */
export function computeAggregates(
  groups: readonly Readonly<Record<string, Estimate>>[],
  overall: Readonly<Record<string, Estimate>>,
): Record<string, AggregateValue> {
  return {
    demographic_parity_difference: diff(groups, overall, 'selection_rate'),
    demographic_parity_ratio: ratio(groups, overall, 'selection_rate'),
    equalized_odds_difference: worst(diff(groups, overall, 'tpr'), diff(groups, overall, 'fpr'), Math.max),
    equalized_odds_ratio: worst(ratio(groups, overall, 'tpr'), ratio(groups, overall, 'fpr'), Math.min),
    equal_opportunity_difference: diff(groups, overall, 'tpr'),
  };
}

/**
 * AIF360's generalized entropy index (α = 2) and Theil index (α = 1) over labeled rows, with the
 * benefit b = ŷ − y + 1 (2 for a false positive, 1 when correct, 0 for a false negative).
 */
export function inequalityIndices(group: GroupStats): {
  generalized_entropy_index: Estimate;
  theil_index: Estimate;
} {
  const c = group.cells;
  const pairs = [
    { benefit: 0, count: c.fn.w },
    { benefit: 1, count: c.tp.w + c.tn.w },
    { benefit: 2, count: c.fp.w },
  ];
  const total = pairs.reduce((a, p) => a + p.count, 0);
  if (!(total > 0)) {
    const none = { value: null, reason: 'not defined (no labeled rows)' };
    return { generalized_entropy_index: none, theil_index: none };
  }
  const ge = generalizedEntropyIndexFromCounts(pairs, { alpha: 2 });
  const th = generalizedEntropyIndexFromCounts(pairs, { alpha: 1 });
  return {
    generalized_entropy_index: ge === null ? { value: null, reason: 'not defined' } : { value: ge },
    theil_index: th === null ? { value: null, reason: 'not defined' } : { value: th },
  };
}
