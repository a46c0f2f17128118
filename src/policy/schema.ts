import { z } from 'zod';
import { DriftPolicySectionSchema } from '../drift/index.js';
import { RANKING_METRIC_PATTERN } from '../ranking/index.js';
import { closestNames as closest } from '../util/strings.js';
import { policyMessages as msg } from './messages.js';
import { AGGREGATE_IDS, RULE_METRIC_IDS } from './rule-metrics.js';

/**
 * How a rule's uncertainty counts:
 * - `point`: the point estimate decides;
 * - `confident` (default): fail only when the whole interval lies beyond the bound;
 * - `cautious`: fail when any part of the interval reaches beyond the bound.
 */
export const Uncertainty = { point: 'point', confident: 'confident', cautious: 'cautious' } as const;
export type Uncertainty = (typeof Uncertainty)[keyof typeof Uncertainty];

/** How insufficient-data verdicts count towards the outcome of a policy. */
export const InsufficientData = { ignore: 'ignore', warn: 'warn', fail: 'fail' } as const;
export type InsufficientData = (typeof InsufficientData)[keyof typeof InsufficientData];

export const POLICY_VERSION = 1;

const uncertainty = z.enum(['point', 'confident', 'cautious']);
const value = z.union([z.string(), z.number()], { error: 'expected a text or a number' });

const WarnLevels = z
  .strictObject({
    min: z.number().optional().meta({ description: 'warn below this value' }),
    max: z.number().optional().meta({ description: 'warn above this value' }),
  })
  .meta({ description: 'warning levels of a two-sided rule' });

/** One rule: a metric, its fail bound(s), its warning level(s), and where it applies. */
export const PolicyRuleSchema = z
  .strictObject({
    metric: z
      .union([
        z.enum(RULE_METRIC_IDS),
        z.string().regex(RANKING_METRIC_PATTERN).meta({
          description:
            'a ranking metric at a cut-off (skew_at_k@100, ndkl@10%, disparate_impact_at_k@20%, …) or of the whole list (exposure_ratio, exposure_parity)',
        }),
      ])
      .meta({
        description:
          'metric id: a disparity (disparate_impact, equal_opportunity_difference, …), a rate comparison (tpr_difference, selection_rate_ratio, …), a group metric (auc, …), an aggregate (demographic_parity_difference, …) or a ranking metric (skew_at_k@100, exposure_ratio, …)',
      }),
    name: z.string().optional().meta({ description: 'a label for reports (default: the rule as text)' }),
    abs: z
      .boolean()
      .default(false)
      .meta({ description: 'judge the absolute value (for differences whose sign does not matter)' }),
    min: z.number().optional().meta({ description: 'fail below this value' }),
    max: z.number().optional().meta({ description: 'fail above this value' }),
    warn: z
      .union([z.number(), WarnLevels], {
        error: 'expected a number, or { min: …, max: … } for a rule with both bounds',
      })
      .optional()
      .meta({
        description:
          'warning level: between it and the fail bound the verdict is warn (a number for a one-sided rule)',
      }),
    attributes: z.array(z.string()).optional().meta({
      description:
        'attributes (or intersections such as gender*age_band) this rule applies to; default: all checked',
    }),
    aggregate: z.enum(['between_groups', 'to_overall']).optional().meta({
      description: 'judge the per-attribute aggregate of this name instead of each group',
    }),
    uncertainty: uncertainty.optional().meta({ description: "this rule's uncertainty mode" }),
  })
  .superRefine((r, ctx) => {
    if (r.min === undefined && r.max === undefined) ctx.addIssue({ code: 'custom', message: msg.noBound() });
    if (r.min !== undefined && r.max !== undefined && r.min > r.max) {
      ctx.addIssue({ code: 'custom', message: msg.minAboveMax(r.min, r.max), path: ['min'] });
    }
    if (typeof r.warn === 'number') {
      if (r.min !== undefined && r.max !== undefined) {
        ctx.addIssue({ code: 'custom', message: msg.warnOnTwoSided(), path: ['warn'] });
      } else if (r.min !== undefined && r.warn < r.min) {
        ctx.addIssue({ code: 'custom', message: msg.warnOutsideBand('min', r.warn, r.min), path: ['warn'] });
      } else if (r.max !== undefined && r.warn > r.max) {
        ctx.addIssue({ code: 'custom', message: msg.warnOutsideBand('max', r.warn, r.max), path: ['warn'] });
      }
    } else if (r.warn) {
      for (const side of ['min', 'max'] as const) {
        const w = r.warn[side];
        const b = r[side];
        if (w === undefined) continue;
        if (b === undefined) {
          ctx.addIssue({ code: 'custom', message: msg.warnSideWithoutBound(side), path: ['warn', side] });
        } else if (side === 'min' ? w < b : w > b) {
          ctx.addIssue({ code: 'custom', message: msg.warnOutsideBand(side, w, b), path: ['warn', side] });
        }
      }
    }
    if (r.aggregate !== undefined && !AGGREGATE_IDS.includes(r.metric)) {
      ctx.addIssue({ code: 'custom', message: msg.aggregateNotAllowed(r.metric), path: ['aggregate'] });
    }
  });

/** A sensitive attribute: its column, its reference group, and bin edges for a numeric column. */
export const PolicyAttributeSchema = z.strictObject({
  column: z.string().min(1).meta({ description: 'the column holding the attribute' }),
  reference: value.optional().meta({
    description: 'the reference group (a value of the column); default: the largest group',
  }),
  bins: z
    .array(z.number())
    .min(1)
    .optional()
    .meta({ description: 'ascending bin edges for a numeric column, e.g. [25, 35, 45, 55]' }),
});

const PolicyObject = z.strictObject({
  version: z.literal(POLICY_VERSION).default(POLICY_VERSION).meta({ description: 'policy format version' }),
  name: z.string().optional().meta({ description: 'a title shown in reports' }),
  description: z.string().optional(),
  columns: z
    .strictObject({
      score: z.string().optional(),
      label: z.string().optional(),
      prediction: z.string().optional(),
      weight: z.string().optional(),
    })
    .optional()
    .meta({ description: 'column roles, so that the audit command needs no role flags' }),
  attributes: z
    .array(PolicyAttributeSchema)
    .optional()
    .meta({ description: 'the sensitive attributes and their reference groups' }),
  reference: z.enum(['largest', 'min-metric', 'best']).default('largest').meta({
    description: 'how the reference group is chosen for attributes that do not name one',
  }),
  decision: z
    .strictObject({
      threshold: z.number().optional().meta({ description: 'select leads with score >= threshold' }),
      select_top: value.optional().meta({ description: 'select the top k leads (500) or share (20%)' }),
    })
    .optional()
    .meta({ description: 'the decision rule: a threshold or the top k (default: threshold 0.5)' }),
  uncertainty: uncertainty
    .default('confident')
    .meta({ description: 'how intervals count: point, confident (default) or cautious' }),
  confidence: z.number().gt(0).lt(1).default(0.95).meta({ description: 'confidence level of intervals' }),
  min_group_size: z
    .number()
    .int()
    .min(1)
    .default(30)
    .meta({ description: 'groups with fewer rows get insufficient-data verdicts' }),
  suppress_below: z
    .number()
    .int()
    .min(0)
    .default(10)
    .meta({ description: 'groups with fewer rows are suppressed from every output' }),
  intersections: z
    .union([z.enum(['none', 'pairs', 'all']), z.array(z.string())], {
      error: 'expected none, pairs, all, or a list such as [gender*age_band]',
    })
    .default('none')
    .meta({ description: 'which intersections to check: none, pairs, all, or a list like gender*age_band' }),
  insufficient_data: z
    .enum(['ignore', 'warn', 'fail'])
    .default('warn')
    .meta({ description: 'how insufficient-data verdicts count towards the outcome' }),
  rules: z.array(PolicyRuleSchema).min(1, { error: 'a policy needs at least one rule' }),
  drift: DriftPolicySectionSchema.optional().meta({
    description: 'settings for `fairprobe drift` (bands, bins, significance, …); not used by audits',
  }),
});

/** A fairness policy, as written in YAML (keys in snake_case). */
export const PolicySchema = PolicyObject.superRefine((p, ctx) => checkNames(p, ctx)).meta({
  title: 'fairprobe fairness policy',
  description: 'Fairness criteria for `fairprobe audit --policy`. Write one with `fairprobe init`.',
});

/**
 * A policy file as `fairprobe drift` reads it: the same keys, but rules are optional, so a file may
 * hold only its `drift:` section (and the columns and attributes).
 */
export const DriftPolicyFileSchema = PolicyObject.extend({
  rules: z.array(PolicyRuleSchema).default([]),
}).superRefine((p, ctx) => checkNames(p, ctx));

export type Policy = z.output<typeof PolicySchema>;
export type PolicyInput = z.input<typeof PolicySchema>;
export type PolicyRule = z.output<typeof PolicyRuleSchema>;
export type PolicyAttribute = z.output<typeof PolicyAttributeSchema>;

/** Cross-field checks: attribute names in rules and intersections, the decision, the references. */
function checkNames(p: z.output<typeof PolicyObject>, ctx: z.RefinementCtx): void {
  const known = (p.attributes ?? []).map((a) => a.column);
  known.forEach((name, i) => {
    if (known.indexOf(name) !== i) {
      ctx.addIssue({
        code: 'custom',
        message: msg.duplicateAttribute(name),
        path: ['attributes', i, 'column'],
      });
    }
  });
  const checkSet = (text: string, path: (string | number)[], needIntersection: boolean) => {
    const parts = text.split('*').map((s) => s.trim());
    if (needIntersection && parts.length < 2) {
      ctx.addIssue({ code: 'custom', message: msg.badIntersection(text), path });
      return;
    }
    if (known.length === 0) return;
    for (const part of parts) {
      if (!known.includes(part)) {
        ctx.addIssue({
          code: 'custom',
          message: msg.unknownAttribute(part, known, closest(part, known)),
          path,
        });
      }
    }
  };
  if (Array.isArray(p.intersections)) {
    p.intersections.forEach((t, i) => {
      checkSet(t, ['intersections', i], true);
    });
  }
  p.rules.forEach((r, i) => {
    r.attributes?.forEach((t, j) => {
      checkSet(t, ['rules', i, 'attributes', j], false);
    });
  });
  if (p.decision?.threshold !== undefined && p.decision.select_top !== undefined) {
    ctx.addIssue({ code: 'custom', message: msg.thresholdAndTop(), path: ['decision', 'select_top'] });
  }
  if (p.decision?.select_top !== undefined && !/^\d+(\.\d+)?%?$/.test(String(p.decision.select_top))) {
    ctx.addIssue({ code: 'custom', message: msg.badSelectTop(), path: ['decision', 'select_top'] });
  }
  if (p.reference !== 'largest' && (p.attributes ?? []).some((a) => a.reference !== undefined)) {
    ctx.addIssue({ code: 'custom', message: msg.referenceAndRule(), path: ['reference'] });
  }
}
