import { z } from 'zod';
import { RankingResultSchema } from '../ranking/schema.js';
import { AUDIT_SCHEMA } from './result.js';

/**
 * The AuditResult as a zod schema: the source of the published JSON Schema
 * (`schema/audit.schema.json`, written by `npm run schema`). Tests validate real results against
 * the JSON Schema, so this schema and the TypeScript types cannot drift apart unnoticed.
 */
const interval = z.object({ low: z.number(), high: z.number() }).strict().describe('Confidence interval');
const estimate = z
  .object({
    value: z.number().nullable().describe('Point estimate; null when undefined (see reason)'),
    reason: z
      .string()
      .optional()
      .describe('Why the value is undefined, e.g. "not defined (no positives in group)"'),
    interval: interval.nullable().optional(),
    numerator: z.number().optional(),
    denominator: z.number().optional(),
  })
  .strict();
const comparison = estimate
  .extend({
    reference: z.array(z.string()).describe('Values of the group compared with'),
    pValue: z.number().nullable().optional(),
    pAdjusted: z.number().nullable().optional().describe('p-value after the multiple-testing correction'),
    test: z.string().optional(),
  })
  .strict();
const sweep = z
  .object({
    thresholds: z.array(z.number()),
    selection_rate: z.array(z.number().nullable()),
    tpr: z.array(z.number().nullable()),
    fpr: z.array(z.number().nullable()),
  })
  .strict();
const calibrationBin = z
  .object({
    low: z.number(),
    high: z.number(),
    weight: z.number(),
    meanScore: z.number(),
    conversionRate: z.number(),
  })
  .strict();
const groupResult = z
  .object({
    attributes: z.array(z.string()),
    values: z.array(z.string()),
    n: z.number().int().min(0),
    status: z.enum(['ok', 'small']),
    isReference: z.boolean(),
    metrics: z.record(z.string(), estimate),
    rates: z.record(z.string(), z.object({ difference: comparison, ratio: comparison }).strict()).optional(),
    disparities: z.record(z.string(), comparison).optional(),
    curves: z
      .object({
        sweep,
        calibration: z.array(calibrationBin),
        distribution: z.object({ edges: z.array(z.number()), share: z.array(z.number()) }).strict(),
      })
      .strict()
      .optional(),
  })
  .strict();
const aggregate = z.object({ between_groups: estimate, to_overall: estimate }).strict();
const mapping = z
  .object({
    column: z.string(),
    positive: z.array(z.string()),
    negative: z.array(z.string()),
    rule: z.enum(['explicit', 'vocabulary']),
  })
  .strict();
const sourceInfo = z
  .object({
    name: z.string(),
    kind: z.enum(['file', 'memory']),
    format: z.string(),
    gzip: z.boolean(),
    bytes: z.number().optional(),
  })
  .strict();

export const AuditResultSchema = z
  .object({
    schema: z.literal(AUDIT_SCHEMA),
    tool: z.object({ name: z.literal('fairprobe'), version: z.string() }).strict(),
    createdAt: z.string().describe('When the audit ran (ISO 8601); reports take their date from here'),
    input: z
      .object({
        source: sourceInfo,
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        parts: z
          .array(z.object({ name: z.string(), sha256: z.string(), rows: z.number() }).strict())
          .optional(),
        statsFiles: z
          .array(z.object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict())
          .optional()
          .describe('Stats files or query results audited, with the SHA-256 of their bytes'),
        columnsRead: z.array(z.string()).describe('The only columns read (data minimisation)'),
        roles: z.record(z.string(), z.union([z.string(), z.array(z.string())]).optional()),
      })
      .strict(),
    options: z.record(z.string(), z.unknown()),
    decision: z
      .object({
        kind: z.enum(['threshold', 'prediction', 'none', 'group-thresholds']),
        threshold: z.number().optional(),
        attribute: z.string().optional(),
        groups: z
          .record(z.string(), z.array(z.object({ atLeast: z.number(), probability: z.number() })))
          .optional(),
        default: z.array(z.object({ atLeast: z.number(), probability: z.number() })).optional(),
        seed: z.number().optional(),
        column: z.string().optional(),
        selectTop: z.string().optional(),
        selected: z.number(),
      })
      .strict(),
    rows: z
      .object({
        read: z.number(),
        used: z.number(),
        dropped: z.array(z.object({ reason: z.string(), rows: z.number() }).strict()),
        unlabeled: z.number(),
        missingGroup: z.record(z.string(), z.number()),
      })
      .strict(),
    labels: mapping.optional(),
    prediction: mapping.optional(),
    overall: groupResult,
    overallIndices: z.record(z.string(), estimate),
    attributes: z.array(
      z
        .object({
          attributes: z.array(z.string()),
          reference: z.object({ rule: z.string(), values: z.array(z.string()).nullable() }).strict(),
          groups: z.array(groupResult),
          aggregates: z.record(z.string(), aggregate),
          suppressed: z.array(
            z
              .object({
                values: z.array(z.string()),
                rows: z
                  .number()
                  .nullable()
                  .describe('0 for empty combinations; not disclosed (null) otherwise'),
                reason: z.enum(['suppressed', 'complementary', 'empty']),
              })
              .strict(),
          ),
          suppressedRows: z
            .number()
            .describe('Rows held by the suppressed and complementary groups together'),
        })
        .strict(),
    ),
    warnings: z.array(z.object({ code: z.string(), message: z.string() }).strict()),
    policy: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('The effective policy the audit was judged by'),
    verdicts: z
      .array(z.record(z.string(), z.unknown()))
      .optional()
      .describe('Verdicts per policy rule and group'),
    ranking: RankingResultSchema.optional(),
  })
  .strict()
  .describe('fairprobe AuditResult: the versioned result of an audit (aggregates only)');

/** The JSON Schema of the AuditResult, as published in schema/audit.schema.json. */
export function auditJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://fairprobe.dev/schema/audit.schema.json',
    ...(z.toJSONSchema(AuditResultSchema, { target: 'draft-2020-12' }) as Record<string, unknown>),
    title: 'fairprobe AuditResult (fairprobe.audit/1)',
  };
}
