import { type Estimate, math, round, undefinedEstimate } from '../metrics/index.js';
import type { BlockSource } from './blocks.js';
import {
  arrayBlocks,
  bootstrapRanking,
  type RankingReplicates,
  readBlocks,
  replicatesOf,
  shiftedInterval,
} from './bootstrap.js';
import { curveDepths, parseCutoffs, resolveCutoffs } from './cutoffs.js';
import { discountModel } from './discount.js';
import { type FoldResult, foldRanking } from './fold-ranking.js';
import {
  DEFAULT_CUTOFFS,
  FOUR_FIFTHS_RATIO,
  RANKING_REPLICATES,
  type RankingCutoff,
  type RankingGroup,
  type RankingMode,
  type RankingOptions,
  type RankingResult,
  type RankingSet,
} from './types.js';

/** One attribute (or intersection) to rank: its groups and the list as blocks split by them. */
export interface RankingInputSet {
  readonly attributes: readonly string[];
  /** The groups, in the order of the blocks' group index, with their row counts. */
  readonly groups: readonly { readonly values: readonly string[]; readonly rows: number }[];
  readonly blocks: BlockSource;
  /** The reference group's values (default: the largest group shown). */
  readonly reference?: readonly string[] | null | undefined;
  /** Groups hidden by the audit's (complementary) suppression, shown nowhere. */
  readonly hidden?: readonly (readonly string[])[] | undefined;
}

/** Settings shared with the audit. */
export interface RankingContext {
  readonly mode: RankingMode;
  /** Confidence level of intervals (default 0.95). */
  readonly confidence?: number | undefined;
  /** Groups with fewer rows are left out of the output (default 10); they still count in every mix. */
  readonly suppressBelow?: number | undefined;
  /** Kish's effective sample size / Σ weight of all ranked rows, for intervals (default 1). */
  readonly effectiveRatio?: number | undefined;
  /**
   * The audit's bootstrap replicates: the ranking takes at most {@link RANKING_REPLICATES} of them
   * unless its options say otherwise (default 0: exposure and NDKL without intervals, skew@k with
   * the interval of its share).
   */
  readonly replicates?: number | undefined;
  /** Seed of the bootstrap (default 42). */
  readonly seed?: number | undefined;
}

export interface RankingWarning {
  readonly code: string;
  readonly message: string;
}

/**
 * The reason given when a group has no lead in the top k: its skew is −∞, which JSON cannot hold.
 * Policies read it as below every minimum.
 */
export const SKEW_ABSENT = 'minus infinity (no lead of the group in the top k)';

const TIES = {
  histogram:
    'Leads in the same histogram bin (1/1,000 of the score range) are tied. A cut-off inside a bin gives each group its proportional share of the bin (the expected count when ties are broken in random order); the count under the least and most favourable order is the error bound, and the bin mass is stated per cut-off. Each tied lead gets the average attention of the positions its block occupies.',
  exact:
    'Leads are ranked by score; leads with equal scores are tied. A cut-off inside a tied block gives each group its proportional share of the block (the expected count when ties are broken in random order), with the counts under the least and most favourable order as bounds. Each tied lead gets the average attention of the positions its block occupies.',
} as const;

/** How the intervals were computed, in words. */
function intervalsText(replicates: number, seed: number): string {
  const fixed =
    'Shares of the top k and selection rates have Wilson intervals, disparate impact at k a Katz log interval.';
  if (!(replicates > 0)) {
    return `${fixed} No bootstrap (0 replicates): skew@k intervals follow from the interval of the share; exposure and NDKL have none.`;
  }
  return (
    `${fixed} Exposure per member, exposure parity, the exposure-to-relevance ratio, skew@k and NDKL have bootstrap percentile intervals (${replicates} replicates, seed ${seed}): ` +
    "each group's leads are resampled with replacement within the group (its size fixed; a multinomial draw over its counts per score block and label, with Kish's effective size for weighted rows), the list is ranked again and every statistic recomputed, at a cost that does not grow with the rows. " +
    'Replicates rank a coarsened list (each block alone near the top and at every cut-off, about 6 strata per tenfold of depth below) and are shifted by the difference between the estimate on the full list and on the coarsened one. ' +
    'An interval whose lower end would be minus infinity (the group absent from the top k in too many replicates) is not given. ' +
    'NDKL is a divergence: noise alone moves a small prefix away from the target mix, so the estimate is biased upward in small samples and its replicates repeat that bias. Its interval is therefore the basic bootstrap interval (the estimate minus the quantiles of the replicates’ deviations), which corrects the bias and can lie below the estimate when groups are small.'
  );
}

/**
 * Computes the ranking view of an audit: per attribute set and cut-off, each group's share of the
 * top k against its population and qualified shares (with skew@k), NDKL, exposure under a
 * position-bias model against relevance, and the selection-rate curve with disparate impact along
 * the list. Every set must rank the same leads (they are partitions of one list).
 * @throws {UsageError} for unreadable cut-offs; {RangeError} for a bad discount.
 * @example
 * const { ranking } = computeRanking([{ attributes: ['gender'], groups, blocks }], { mode: 'exact' }, { at: ['10', '10%'] });
 * ranking.sets[0].groups[0].at[0].skew.value // => -0.18…
 */
export function computeRanking(
  sets: readonly RankingInputSet[],
  context: RankingContext,
  options: RankingOptions = {},
): { ranking: RankingResult; warnings: RankingWarning[] } {
  const discount = discountModel(options.discount ?? 'log');
  const labels = parseCutoffs(options.at ?? DEFAULT_CUTOFFS);
  const confidence = context.confidence ?? 0.95;
  const suppressBelow = context.suppressBelow ?? 10;
  const ratio = context.effectiveRatio ?? 1;
  const warnings: RankingWarning[] = [];
  // Each list read once (a source may walk a million cells per pass).
  const lists = sets.map((s) => readBlocks(s.blocks));
  let total = 0;
  for (const b of lists[0] ?? []) for (const m of b.mass) total += m;
  const { cutoffs, beyond } = resolveCutoffs(labels, total);
  if (beyond.length > 0) {
    warnings.push({
      code: 'ranking_cutoff_beyond_list',
      message: `The ranking cut-off(s) ${beyond.join(', ')} are beyond the ${round(total)} ranked leads and are left out.`,
    });
  }
  const depths = curveDepths(total);
  const ks = [...cutoffs.map((c) => c.k), ...depths];
  const folds = sets.map((s, i) =>
    foldRanking(arrayBlocks(lists[i]!, s.blocks.groups), { ks, ndklKs: cutoffs.map((c) => c.k), discount }),
  );
  const R = options.replicates ?? Math.min(context.replicates ?? 0, RANKING_REPLICATES);
  if (!(Number.isSafeInteger(R) && R >= 0)) {
    throw new RangeError(`ranking replicates must be a whole number ≥ 0, got ${R}`);
  }
  const boots = sets.map((s, i) =>
    R > 0 && total > 0
      ? bootstrapRanking(lists[i]!, s.blocks.groups, {
          replicates: R,
          seed: context.seed ?? 42,
          effectiveRatio: ratio,
          ks: cutoffs.map((c) => c.k),
          discount,
        })
      : null,
  );
  const first = folds[0];
  const at: RankingCutoff[] = cutoffs.map((c) => {
    const p = first?.prefix.get(c.k);
    return {
      label: c.label,
      k: c.k,
      share: round(total > 0 ? c.k / total : 0),
      boundaryMass: round(p?.boundaryMass ?? 0),
      score: p ? { low: round(p.scoreLow), high: round(p.scoreHigh) } : null,
    };
  });
  const ctx = { confidence, ratio, suppressBelow, cutoffs, depths };
  return {
    ranking: {
      mode: context.mode,
      discount: discount.description,
      total: round(total),
      ties: TIES[context.mode],
      intervals: intervalsText(R, context.seed ?? 42),
      at,
      depths,
      sets: sets.map((s, i) => rankingSet(s, folds[i]!, boots[i] ?? null, ctx)),
    },
    warnings,
  };
}

interface SetContext {
  readonly confidence: number;
  readonly ratio: number;
  readonly suppressBelow: number;
  readonly cutoffs: readonly { readonly label: string; readonly k: number }[];
  readonly depths: readonly number[];
}

function rankingSet(
  s: RankingInputSet,
  f: FoldResult,
  boot: RankingReplicates | null,
  ctx: SetContext,
): RankingSet {
  const { confidence, ratio } = ctx;
  // The bootstrap interval of a statistic (undefined without replicates). Every statistic but skew
  // is ≥ 0 (intervals are kept there); NDKL gets the bias-correcting basic interval.
  const bootInterval = (value: number, stat: Parameters<typeof replicatesOf>[1], index: number) =>
    boot
      ? shiftedInterval(
          value,
          replicatesOf(boot, stat, index),
          confidence,
          stat === 'skew' || stat === 'skewQualified' ? Number.NEGATIVE_INFINITY : 0,
          stat === 'ndkl' || stat === 'ndklQualified',
        )
      : undefined;
  const G = s.blocks.groups;
  const wilson = (x: number, n: number) =>
    math.wilsonInterval(Math.min(x, n) * ratio, n * ratio, { confidence });
  const z = math.normalQuantile(1 - (1 - confidence) / 2);
  const hidden = new Set((s.hidden ?? []).map((v) => JSON.stringify(v)));
  const shown = s.groups
    .map((g, i) => ({ ...g, i }))
    .filter((g) => g.rows >= ctx.suppressBelow && !hidden.has(JSON.stringify(g.values)));
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((x, j) => x === b[j]);
  const ref =
    (s.reference && shown.find((g) => same(g.values, s.reference!))) ||
    [...shown].sort((a, b) => f.mass[b.i]! - f.mass[a.i]! || a.i - b.i)[0];
  const N = f.total;
  const allPos = f.pos.reduce((x, y) => x + y, 0);
  const hasLabels = f.lab.some((l) => l > 0);
  // Relevance: expected conversions, size × conversion rate among labeled members.
  const rel = Array.from(f.mass, (m, g) => (f.lab[g]! > 0 ? (m * f.pos[g]!) / f.lab[g]! : null));
  const relDefined = rel.every((r) => r !== null);
  const relTotal = rel.reduce<number>((x, r) => x + (r ?? 0), 0);
  const expTotal = f.exposure.reduce((x, y) => x + y, 0);
  const est = (value: number, interval?: { low: number; high: number } | null): Estimate => ({
    value: round(value),
    ...(interval !== undefined
      ? { interval: interval ? { low: round(interval.low), high: round(interval.high) } : null }
      : {}),
  });
  // skew@k: a bootstrap interval with replicates, else the interval of the share of the top k.
  const skewOf = (
    count: number,
    k: number,
    target: number,
    share: { low: number; high: number } | null,
    stat: 'skew' | 'skewQualified',
    index: number,
  ): Estimate => {
    if (!(count > 0)) return { value: null, reason: SKEW_ABSENT, interval: null };
    const value = Math.log(count / k / target);
    return est(
      value,
      boot
        ? bootInterval(value, stat, index)
        : share && share.low > 0
          ? { low: Math.log(share.low / target), high: Math.log(share.high / target) }
          : null,
    );
  };
  const diOf = (x1: number, n1: number, x2: number, n2: number): Estimate => {
    if (!(x2 > 0)) return undefinedEstimate('not defined (no lead of the reference group in the top k)');
    const r = x1 / n1 / (x2 / n2);
    const e1 = Math.max(x1, 0.5) * ratio;
    const e2 = x2 * ratio;
    const se = Math.sqrt(Math.max(0, 1 / e1 - 1 / (n1 * ratio) + 1 / e2 - 1 / (n2 * ratio)));
    const centre = Math.log(Math.max(x1, 0.5) / n1 / (x2 / n2));
    return est(r, { low: x1 > 0 ? Math.exp(centre - z * se) : 0, high: Math.exp(centre + z * se) });
  };
  const groups: RankingGroup[] = shown.map((g) => {
    const m = f.mass[g.i]!;
    const p = m / N;
    const q = allPos > 0 ? f.pos[g.i]! / allPos : 0;
    const isRef = g === ref;
    const atK = ctx.cutoffs.map((c, ci) => {
      const pre = f.prefix.get(c.k)!;
      const count = pre.count[g.i]!;
      const share = wilson(count, c.k);
      const refCount = ref ? pre.count[ref.i]! : 0;
      return {
        at: c.label,
        count: round(count),
        countRange: { low: round(pre.low[g.i]!), high: round(pre.high[g.i]!) },
        share: est(Math.min(1, count / c.k), share),
        skew: skewOf(count, c.k, p, share, 'skew', ci * G + g.i),
        skewQualified:
          q > 0
            ? skewOf(count, c.k, q, share, 'skewQualified', ci * G + g.i)
            : undefinedEstimate(
                hasLabels ? 'not defined (no converted lead in group)' : 'not defined (no label column)',
              ),
        selectionRate: est(count / m, wilson(count, m)),
        disparateImpact: isRef
          ? est(1)
          : ref
            ? diOf(count, m, refCount, f.mass[ref.i]!)
            : undefinedEstimate('not defined (no reference group)'),
      };
    });
    const curveSel: number[] = [];
    const curveDi: (number | null)[] = [];
    let from: number | null = null;
    let to: number | null = null;
    for (const k of ctx.depths) {
      const pre = f.prefix.get(k)!;
      const sel = pre.count[g.i]! / m;
      const refSel = ref ? pre.count[ref.i]! / f.mass[ref.i]! : 0;
      const di = refSel > 0 ? sel / refSel : null;
      curveSel.push(round(sel));
      curveDi.push(di === null ? null : round(di));
      if (!isRef && di !== null && di < FOUR_FIFTHS_RATIO) {
        from ??= k;
        to = k;
      }
    }
    const expShare = expTotal > 0 ? f.exposure[g.i]! / expTotal : 0;
    const relShare = relDefined && relTotal > 0 ? rel[g.i]! / relTotal : null;
    return {
      values: g.values,
      n: g.rows,
      mass: round(m),
      isReference: isRef,
      populationShare: est(p, wilson(m, N)),
      qualifiedShare:
        allPos > 0
          ? est(q, wilson(f.pos[g.i]!, allPos))
          : undefinedEstimate(
              hasLabels ? 'not defined (no converted lead)' : 'not defined (no label column)',
            ),
      at: atK,
      exposure: {
        total: round(f.exposure[g.i]!),
        share: round(expShare),
        perMember: est(f.exposure[g.i]! / m, bootInterval(f.exposure[g.i]! / m, 'perMember', g.i)),
        relevanceShare: relShare === null ? null : round(relShare),
        parity: est(expShare / p, bootInterval(expShare / p, 'parity', g.i)),
        ratio:
          relShare !== null && relShare > 0
            ? est(expShare / relShare, bootInterval(expShare / relShare, 'ratio', g.i))
            : undefinedEstimate(
                !hasLabels
                  ? 'not defined (no label column: relevance unknown)'
                  : relShare === 0
                    ? 'not defined (no converted lead in group)'
                    : 'not defined (a group has no labeled lead)',
              ),
      },
      curve: { selectionRate: curveSel, disparateImpact: curveDi },
      fourFifths: { from, to },
    };
  });
  return {
    attributes: s.attributes,
    reference: ref ? ref.values : null,
    ndkl: ctx.cutoffs.map((c, ci) => {
      const d = f.ndkl.get(Math.floor(c.k + 1e-9));
      return {
        at: c.label,
        population: d
          ? est(d.population, bootInterval(d.population, 'ndkl', ci))
          : undefinedEstimate('not defined (empty list)'),
        qualified:
          d && d.qualified !== null
            ? est(d.qualified, bootInterval(d.qualified, 'ndklQualified', ci))
            : undefinedEstimate(
                !hasLabels
                  ? 'not defined (no label column)'
                  : allPos === 0
                    ? 'not defined (no converted lead)'
                    : 'not defined (a group without converted leads is in the top k: KL is infinite)',
              ),
      };
    }),
    groups,
    suppressed: s.groups.length - shown.length,
  };
}
