import { z } from 'zod';

/** The schema tag of a {@link DriftResult}. */
export const DRIFT_SCHEMA = 'fairprobe.drift/1';

/** How far a check is from its baseline: within the bands, past the warn band, past the alarm band. */
export const DriftStatus = { ok: 'ok', warn: 'warn', alarm: 'alarm', insufficient: 'insufficient' } as const;
export type DriftStatus = (typeof DriftStatus)[keyof typeof DriftStatus];

const status = z.enum(['ok', 'warn', 'alarm', 'insufficient']);
const value = z.number().nullable();
const interval = z.object({ low: z.number(), high: z.number() }).strict().nullable();
const chiSquare = z.object({ statistic: z.number(), df: z.number(), pValue: z.number() }).strict().nullable();
const band = z.object({ warn: z.number(), alarm: z.number() }).strict();

export const DistributionCheckSchema = z
  .object({
    /** `score` or the feature column. */
    column: z.string(),
    kind: z.enum(['score', 'numeric', 'categorical']),
    /** The group: attributes and values (both empty for everyone). */
    attributes: z.array(z.string()),
    values: z.array(z.string()),
    baselineRows: z.number(),
    currentRows: z.number(),
    psi: value,
    bins: z.number().int(),
    js: value,
    ks: value.optional(),
    ksPValue: value.optional(),
    wasserstein: value.optional(),
    chiSquare,
    /** The chi-square p-value after the multiple-testing correction across the run's distribution checks. */
    pAdjusted: value,
    status,
    reason: z.string().optional(),
  })
  .strict();

export const FairnessCheckSchema = z
  .object({
    metric: z.string(),
    /** A group metric (a rate of the group) or a disparity against the reference group. */
    kind: z.enum(['group', 'disparity']),
    attributes: z.array(z.string()),
    values: z.array(z.string()),
    reference: z.array(z.string()).optional(),
    baseline: value,
    current: value,
    /** current − baseline, with a bootstrap percentile interval. */
    change: value,
    interval,
    pValue: value,
    pAdjusted: value,
    test: z.string().optional(),
    status,
    reason: z.string().optional(),
  })
  .strict();

export const GroupMixCheckSchema = z
  .object({
    attributes: z.array(z.string()),
    groups: z.array(
      z
        .object({
          values: z.array(z.string()),
          baselineShare: z.number(),
          currentShare: z.number(),
          baselineRows: z.number(),
          currentRows: z.number(),
        })
        .strict(),
    ),
    psi: value,
    js: value,
    chiSquare,
    pAdjusted: value,
    status,
  })
  .strict();

export const GroupChangeSchema = z
  .object({
    attributes: z.array(z.string()),
    values: z.array(z.string()),
    change: z.enum(['new', 'vanished']),
    /** Rows of the group where it is present. */
    rows: z.number(),
    status,
  })
  .strict();

const side = z
  .object({
    label: z.string(),
    rows: z.number(),
    sources: z.array(z.object({ name: z.string(), sha256: z.string() }).strict()),
  })
  .strict();

export const DriftComparisonSchema = z
  .object({
    baseline: side,
    current: side,
    status,
    counts: z.object({ alarm: z.number().int(), warn: z.number().int() }).strict(),
    distribution: z.array(DistributionCheckSchema),
    fairness: z.array(FairnessCheckSchema),
    groupMix: z.array(GroupMixCheckSchema),
    groupChanges: z.array(GroupChangeSchema),
    warnings: z.array(z.object({ code: z.string(), message: z.string() }).strict()),
  })
  .strict();

export const DriftSettingsSchema = z
  .object({
    bins: z.number().int(),
    epsilon: z.number(),
    significance: z.number(),
    correction: z.enum(['holm', 'bh', 'none']),
    minRows: z.number().int(),
    bands: z
      .object({
        psi: band,
        fairness: z.object({ difference: band, ratio: band }).strict(),
      })
      .strict(),
    metrics: z.array(z.string()),
    disparities: z.array(z.string()),
    reference: z.string(),
    confidence: z.number(),
    replicates: z.number().int(),
    seed: z.number().int(),
    features: z.array(z.object({ column: z.string(), kind: z.enum(['numeric', 'categorical']) }).strict()),
  })
  .strict();

export const DriftResultSchema = z
  .object({
    schema: z.literal(DRIFT_SCHEMA),
    tool: z.object({ name: z.literal('fairprobe'), version: z.string() }).strict(),
    createdAt: z.string(),
    mode: z.enum(['pair', 'windows']),
    status,
    summary: z
      .object({
        alarms: z.number().int(),
        warnings: z.number().int(),
        /** The most serious findings, one short line each, worst first. */
        headlines: z.array(z.string()),
      })
      .strict(),
    settings: DriftSettingsSchema,
    windows: z
      .object({
        column: z.string(),
        by: z.enum(['day', 'week', 'month']),
        baseline: z.string(),
        list: z.array(z.object({ window: z.string(), rows: z.number(), status }).strict()),
        missingTime: z.number(),
      })
      .strict()
      .optional(),
    comparisons: z.array(DriftComparisonSchema),
  })
  .strict();

export type DistributionCheck = z.infer<typeof DistributionCheckSchema>;
export type FairnessCheck = z.infer<typeof FairnessCheckSchema>;
export type GroupMixCheck = z.infer<typeof GroupMixCheckSchema>;
export type GroupChange = z.infer<typeof GroupChangeSchema>;
export type DriftComparison = z.infer<typeof DriftComparisonSchema>;
export type DriftSettings = z.infer<typeof DriftSettingsSchema>;
/** The versioned result of a drift run (`fairprobe.drift/1`), published as schema/drift.schema.json. */
export type DriftResult = z.infer<typeof DriftResultSchema>;

/** The JSON Schema of the DriftResult, as published in schema/drift.schema.json. */
export function driftJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://fairprobe.dev/schema/drift.schema.json',
    ...(z.toJSONSchema(DriftResultSchema, { target: 'draft-2020-12' }) as Record<string, unknown>),
    title: 'fairprobe DriftResult (fairprobe.drift/1)',
  };
}
