import { z } from 'zod';
import { UsageError } from '../errors.js';
import { Correction, GROUP_METRICS, metricDefinition } from '../metrics/index.js';
import { closestNames } from '../util/strings.js';
import type { DriftSettings, DriftStatus } from './result.js';

/** A warn and an alarm level for a drift measure (alarm ≥ warn). */
export interface Band {
  readonly warn: number;
  readonly alarm: number;
}

/**
 * Default bands: PSI 0.1 warn, 0.25 alarm (the rule of thumb); a change of a rate or a difference
 * metric by 0.05 warn, 0.10 alarm; of a ratio (disparate impact) by 0.10 warn, 0.20 alarm.
 */
export const DEFAULT_BANDS = {
  psi: { warn: 0.1, alarm: 0.25 },
  fairness: { difference: { warn: 0.05, alarm: 0.1 }, ratio: { warn: 0.1, alarm: 0.2 } },
} as const;

/** Disparity metrics drift can follow, and whether each is a ratio or a difference. */
export const DRIFT_DISPARITIES = {
  disparate_impact: 'ratio',
  statistical_parity_difference: 'difference',
  equal_opportunity_difference: 'difference',
  average_odds_difference: 'difference',
  predictive_parity_difference: 'difference',
} as const;
export type DriftDisparity = keyof typeof DRIFT_DISPARITIES;

const bandInput = z
  .object({ warn: z.number().min(0).optional(), alarm: z.number().min(0).optional() })
  .strict()
  .optional();

/**
 * The drift settings a policy file may hold in its optional `drift:` section (all optional):
 * `bands: { psi: { warn, alarm }, fairness: { difference: {…}, ratio: {…} } }`, `bins`,
 * `significance`, `minRows`, `metrics`, `disparities`.
 */
export const DriftPolicySectionSchema = z
  .object({
    bands: z
      .object({
        psi: bandInput,
        fairness: z.object({ difference: bandInput, ratio: bandInput }).strict().optional(),
      })
      .strict()
      .optional(),
    bins: z.number().int().min(2).max(100).optional(),
    significance: z.number().gt(0).lt(1).optional(),
    minRows: z.number().int().min(1).optional(),
    metrics: z.array(z.string()).optional(),
    disparities: z.array(z.string()).optional(),
  })
  .strict();
export type DriftPolicySection = z.input<typeof DriftPolicySectionSchema>;

/** Options of a drift comparison; explicit options win over the policy's `drift` section, which wins over defaults. */
export interface DriftSettingsInput {
  /** Quantile bins for PSI and JS (default 10). */
  readonly bins?: number | undefined;
  /** PSI small-count correction: pseudo-count for a bin empty on one side (default 0.5). */
  readonly epsilon?: number | undefined;
  /** Level below which a (corrected) p-value counts as a real shift (default 0.05). */
  readonly significance?: number | undefined;
  readonly correction?: 'holm' | 'bh' | 'none' | undefined;
  /** Groups with fewer rows on either side are reported as insufficient (default 50). */
  readonly minRows?: number | undefined;
  /** Group metrics (rates) followed (default selection_rate, tpr, fpr). */
  readonly metrics?: readonly string[] | undefined;
  /** Disparities followed (default disparate_impact, statistical_parity_difference, equal_opportunity_difference, average_odds_difference). */
  readonly disparities?: readonly string[] | undefined;
  /** Reference group for disparities: `largest` (in the baseline) or `attribute=value,…`. */
  readonly reference?: string | undefined;
  readonly confidence?: number | undefined;
  /** Bootstrap replicates for the intervals of changes (default 1000). */
  readonly replicates?: number | undefined;
  readonly seed?: number | undefined;
  /** The policy file's `drift` section (bands and the settings above). */
  readonly policy?: DriftPolicySection | undefined;
}

/** Fewest bootstrap replicates: fewer make a 95% percentile interval from a handful of values. */
const MIN_REPLICATES = 20;
/** Most bootstrap replicates (as in audits): more only cost memory and time. */
const MAX_REPLICATES = 100_000;

function checkBand(name: string, b: Band): Band {
  if (b.alarm < b.warn) {
    throw new UsageError(
      'bad_band',
      `The ${name} alarm band (${b.alarm}) is below its warn band (${b.warn}).`,
      {
        hint: 'Give an alarm level at or above the warn level.',
      },
    );
  }
  return b;
}

/**
 * Resolves drift settings: validates the policy section and the options and fills defaults.
 * @throws {UsageError} for an unknown metric, a malformed policy section or an alarm band below its warn band.
 */
export function resolveDriftSettings(
  input: DriftSettingsInput,
  features: readonly DriftSettings['features'][number][] = [],
): DriftSettings {
  const parsed = DriftPolicySectionSchema.safeParse(input.policy ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(
      'bad_drift_policy',
      `The policy's drift section is invalid at ${issue.path.join('.') || '(top)'}: ${issue.message}.`,
      {
        hint: 'See the README section "Monitoring drift" for the drift section of a policy file.',
      },
    );
  }
  const p = parsed.data;
  const bands = {
    psi: checkBand('PSI', { ...DEFAULT_BANDS.psi, ...p.bands?.psi }),
    fairness: {
      difference: checkBand('difference', {
        ...DEFAULT_BANDS.fairness.difference,
        ...p.bands?.fairness?.difference,
      }),
      ratio: checkBand('ratio', { ...DEFAULT_BANDS.fairness.ratio, ...p.bands?.fairness?.ratio }),
    },
  };
  const metrics = [...(input.metrics ?? p.metrics ?? ['selection_rate', 'tpr', 'fpr'])];
  for (const m of metrics) {
    if (!metricDefinition(m, 'group')?.rate) {
      const rates = GROUP_METRICS.filter((x) => x.rate).map((x) => x.id);
      const near = closestNames(m, rates, 1);
      throw new UsageError('unknown_metric', `Drift cannot follow "${m}": it is not a group rate.`, {
        hint: `${near.length ? `Did you mean "${near[0]}"? ` : ''}Use rates such as selection_rate, base_rate, tpr, fpr, ppv (see \`fairprobe metrics\`).`,
      });
    }
  }
  const disparities = [
    ...(input.disparities ??
      p.disparities ?? [
        'disparate_impact',
        'statistical_parity_difference',
        'equal_opportunity_difference',
        'average_odds_difference',
      ]),
  ];
  for (const d of disparities) {
    if (!(d in DRIFT_DISPARITIES)) {
      const near = closestNames(d, Object.keys(DRIFT_DISPARITIES), 1);
      throw new UsageError('unknown_metric', `Drift cannot follow the disparity "${d}".`, {
        hint: `${near.length ? `Did you mean "${near[0]}"? ` : ''}Use ${Object.keys(DRIFT_DISPARITIES).join(', ')}.`,
      });
    }
  }
  const out: DriftSettings = {
    bins: input.bins ?? p.bins ?? 10,
    epsilon: input.epsilon ?? 0.5,
    significance: input.significance ?? p.significance ?? 0.05,
    correction: input.correction ?? 'holm',
    minRows: input.minRows ?? p.minRows ?? 50,
    bands,
    metrics,
    disparities,
    reference: input.reference ?? 'largest',
    confidence: input.confidence ?? 0.95,
    replicates: input.replicates ?? 1000,
    seed: input.seed ?? 42,
    features: [...features],
  };
  if (!(out.bins >= 2 && out.bins <= 100 && Number.isInteger(out.bins)))
    throw new UsageError(
      'bad_option',
      `--bins (option bins) must be an integer from 2 to 100, not ${out.bins}.`,
    );
  if (!(out.significance > 0 && out.significance < 1))
    throw new UsageError(
      'bad_option',
      `--significance (option significance) must be in (0, 1), not ${out.significance}.`,
    );
  if (!(out.epsilon > 0))
    throw new UsageError('bad_option', `The PSI epsilon must be > 0, not ${out.epsilon}.`);
  if (
    !(
      out.replicates >= MIN_REPLICATES &&
      out.replicates <= MAX_REPLICATES &&
      Number.isInteger(out.replicates)
    )
  )
    throw new UsageError(
      'bad_option',
      `--bootstrap (option replicates) must be a whole number from ${MIN_REPLICATES} to ${MAX_REPLICATES}, not ${out.replicates}.`,
      { hint: 'Changes of disparities are tested with the bootstrap: 1000 replicates is the default.' },
    );
  if (!Number.isSafeInteger(out.seed))
    throw new UsageError('bad_option', `--seed (option seed) must be a whole number, not ${out.seed}.`);
  if (!(out.minRows >= 1 && Number.isInteger(out.minRows)))
    throw new UsageError(
      'bad_option',
      `--min-rows (option minRows) must be a whole number of at least 1, not ${out.minRows}.`,
    );
  if (!Object.hasOwn(Correction, out.correction)) {
    const near = closestNames(String(out.correction), Object.keys(Correction), 1);
    throw new UsageError('bad_option', `Unknown --correction (option correction) "${out.correction}".`, {
      hint: `${near.length ? `Did you mean "${near[0]}"? ` : ''}Use holm, bh (Benjamini–Hochberg) or none.`,
    });
  }
  if (!(out.confidence > 0 && out.confidence < 1))
    throw new UsageError(
      'bad_option',
      `--confidence (option confidence) must be in (0, 1), not ${out.confidence}.`,
    );
  return out;
}

/** The status of a magnitude against a band. */
export function bandStatus(magnitude: number, band: Band): DriftStatus {
  return magnitude >= band.alarm ? 'alarm' : magnitude >= band.warn ? 'warn' : 'ok';
}

const RANK: Record<DriftStatus, number> = { insufficient: 0, ok: 1, warn: 2, alarm: 3 };

/** The most serious of several statuses (insufficient counts as ok). */
export function worstStatus(statuses: Iterable<DriftStatus>): DriftStatus {
  let w: DriftStatus = 'ok';
  for (const s of statuses) if (RANK[s] > RANK[w]) w = s;
  return w;
}
