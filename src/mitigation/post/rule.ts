/**
 * The decision rule of group-specific thresholds (`fairprobe.decision-rule/1`): per group, cuts
 * on the score, each with the probability of selecting a row at or above it (and below the
 * previous cut). A deterministic threshold is one cut with probability 1; a randomised rule (after
 * Hardt et al. 2016) has cuts with probabilities below 1.
 *
 * Randomisation is reproducible: row i (1-based, in the data's order) draws
 * u_i = frac((i + seed) · φ⁻¹), φ⁻¹ = 0.6180339887498949 (a Weyl sequence), and is selected when
 * u_i < p. The same formula runs in JavaScript and in SQL, so the rule gives the same decisions
 * wherever it is applied; within any run of rows the share selected is within a few rows of p.
 * It is not a secure random draw: a row's decision depends on its position in the data.
 *
 * NOTE: group-specific thresholds use the sensitive attribute at decision time. In some
 * jurisdictions and sectors treating people differently by a protected attribute is unlawful
 * even when the aim is to equalise outcomes (e.g. disparate treatment under US law; direct
 * discrimination under the EU equality directives and Art. 9 GDPR for special-category data).
 * Take legal advice before deploying such a rule.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../../errors.js';

export const RULE_SCHEMA = 'fairprobe.decision-rule/1';
export const WEYL = 0.6180339887498949;

export const LEGAL_NOTICE =
  'Group-specific thresholds use the sensitive attribute at decision time. In some jurisdictions and sectors ' +
  'this is unlawful disparate treatment or direct discrimination even when it equalises outcomes; take legal ' +
  'advice before deploying the rule.';

/** Rows with a score at or above `atLeast` (and below the previous cut) are selected with `probability`. */
export interface Cut {
  readonly atLeast: number;
  readonly probability: number;
}

/** The fairness criteria group thresholds can equalise. */
export const ThresholdConstraint = {
  demographic_parity: 'demographic_parity',
  equal_opportunity: 'equal_opportunity',
  equalized_odds: 'equalized_odds',
} as const;
export type ThresholdConstraint = (typeof ThresholdConstraint)[keyof typeof ThresholdConstraint];

export interface DecisionRule {
  readonly schema: typeof RULE_SCHEMA;
  readonly kind: 'group-thresholds';
  /** The score column the cuts apply to. */
  readonly score: string;
  /** The sensitive attribute whose value picks the cuts. */
  readonly attribute: string;
  /** Cuts per group value, highest first. */
  readonly groups: Readonly<Record<string, readonly Cut[]>>;
  /** Cuts for a missing or unseen value (the original threshold). */
  readonly default: readonly Cut[];
  readonly seed: number;
  readonly constraint?: ThresholdConstraint | undefined;
  readonly notice: string;
}

const CutSchema = z.object({ atLeast: z.number(), probability: z.number().min(0).max(1) }).strict();
const RuleSchema = z
  .object({
    schema: z.literal(RULE_SCHEMA),
    kind: z.literal('group-thresholds'),
    score: z.string().min(1),
    attribute: z.string().min(1),
    groups: z.record(z.string(), z.array(CutSchema)),
    default: z.array(CutSchema),
    seed: z.number().int(),
    constraint: z.enum(['demographic_parity', 'equal_opportunity', 'equalized_odds']).optional(),
    notice: z.string(),
  })
  .passthrough();

/**
 * Parses a decision rule (JSON text or object); cuts are sorted highest first.
 * @throws {InputError} not a `fairprobe.decision-rule/1` group-thresholds rule.
 */
export function parseRule(input: unknown, file?: string): DecisionRule {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw new InputError('bad_rule', 'The decision rule is not valid JSON.', { file });
    }
  }
  const r = RuleSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new InputError(
      'bad_rule',
      `The decision rule is not valid at "${issue.path.join('.')}": ${issue.message}.`,
      {
        file,
        hint: 'Write rules with `fairprobe mitigate thresholds ... --out rule.json`.',
      },
    );
  }
  const sort = (cuts: readonly Cut[]) => [...cuts].sort((a, b) => b.atLeast - a.atLeast);
  const d = r.data;
  return {
    schema: RULE_SCHEMA,
    kind: 'group-thresholds',
    score: d.score,
    attribute: d.attribute,
    groups: Object.fromEntries(Object.entries(d.groups).map(([k, v]) => [k, sort(v)])),
    default: sort(d.default),
    seed: d.seed,
    constraint: d.constraint,
    notice: d.notice,
  };
}

/** Reads a decision rule file. */
export function readRule(file: string): DecisionRule {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError('file_not_found', `Cannot find the decision rule file "${file}".`, { file });
  }
  return parseRule(text, file);
}

/** The probability of selecting a row with this score under cuts (highest first). */
export function selectionProbability(cuts: readonly Cut[], score: number): number {
  for (const c of cuts) if (score >= c.atLeast) return c.probability;
  return 0;
}

/** The uniform draw of 1-based row `i` (see the module comment). */
export function rowUniform(i: number, seed: number): number {
  const x = (i + seed) * WEYL;
  return x - Math.floor(x);
}

/**
 * The rule's 0/1 decisions for rows in order (row numbers 1…n), as `fairprobe audit --rule` makes them.
 * @example
 * applyRule(rule, [0.7, 0.2], ['female', 'male']) // => Uint8Array [1, 0]
 */
export function applyRule(
  rule: DecisionRule,
  scores: ArrayLike<number>,
  groups: ArrayLike<string | null | undefined>,
): Uint8Array {
  const out = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const g = groups[i];
    const cuts = (g !== null && g !== undefined ? rule.groups[g] : undefined) ?? rule.default;
    const p = selectionProbability(cuts, scores[i]!);
    out[i] = p >= 1 || (p > 0 && rowUniform(i + 1, rule.seed) < p) ? 1 : 0;
  }
  return out;
}
