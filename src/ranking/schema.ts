import { z } from 'zod';

/** The ranking section of the AuditResult as a zod schema (part of schema/audit.schema.json). */
const interval = z.object({ low: z.number(), high: z.number() }).strict();
const estimate = z
  .object({
    value: z.number().nullable(),
    reason: z.string().optional(),
    interval: interval.nullable().optional(),
    numerator: z.number().optional(),
    denominator: z.number().optional(),
  })
  .strict();

const groupAt = z
  .object({
    at: z.string(),
    count: z.number().describe('Mass of the group in the top k (fractional when a tied block is split)'),
    countRange: interval.describe(
      'The count under the least and most favourable order of the tied boundary block',
    ),
    share: estimate,
    skew: estimate.describe('ln(share of top k / population share) (bootstrap interval)'),
    skewQualified: estimate.describe('ln(share of top k / share of converted leads) (bootstrap interval)'),
    selectionRate: estimate,
    disparateImpact: estimate,
  })
  .strict();

const group = z
  .object({
    values: z.array(z.string()),
    n: z.number().int().min(0),
    mass: z.number(),
    isReference: z.boolean(),
    populationShare: estimate,
    qualifiedShare: estimate,
    at: z.array(groupAt),
    exposure: z
      .object({
        total: z.number(),
        share: z.number(),
        perMember: estimate.describe('exposure total / group size (bootstrap interval)'),
        relevanceShare: z.number().nullable(),
        parity: estimate.describe('exposure share / population share (bootstrap interval)'),
        ratio: estimate.describe(
          'exposure share / relevance (expected conversions) share (bootstrap interval)',
        ),
      })
      .strict(),
    curve: z
      .object({ selectionRate: z.array(z.number()), disparateImpact: z.array(z.number().nullable()) })
      .strict(),
    fourFifths: z.object({ from: z.number().nullable(), to: z.number().nullable() }).strict(),
  })
  .strict();

export const RankingResultSchema = z
  .object({
    mode: z.enum(['histogram', 'exact']),
    discount: z.union([
      z.object({ kind: z.literal('log') }).strict(),
      z.object({ kind: z.literal('geometric'), patience: z.number() }).strict(),
    ]),
    total: z.number(),
    ties: z.string(),
    intervals: z.string().describe('How the intervals are computed (bootstrap replicates, seed)'),
    at: z.array(
      z
        .object({
          label: z.string(),
          k: z.number(),
          share: z.number(),
          boundaryMass: z
            .number()
            .describe('Mass of the tied block the boundary falls in: the error bound of counts'),
          score: interval.nullable(),
        })
        .strict(),
    ),
    depths: z.array(z.number()),
    sets: z.array(
      z
        .object({
          attributes: z.array(z.string()),
          reference: z.array(z.string()).nullable(),
          ndkl: z
            .array(z.object({ at: z.string(), population: estimate, qualified: estimate }).strict())
            .describe('NDKL per cut-off against the population and the qualified mix (bootstrap intervals)'),
          groups: z.array(group),
          suppressed: z.number().int().min(0),
        })
        .strict(),
    ),
  })
  .strict()
  .describe('Ranking and exposure fairness of the list ordered by score (audit --ranking)');
