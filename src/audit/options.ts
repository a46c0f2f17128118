import { z } from 'zod';
import { MAX_HISTOGRAM_BINS, probabilityThresholdProblem } from '../data/index.js';
import { UsageError } from '../errors.js';
import { closestNames } from '../util/strings.js';
import { SUPPRESS_BELOW } from './suppress.js';

/** Audit settings with their defaults; validated with zod so a bad value fails with a clear message. */
export const AuditSettings = z
  .object({
    threshold: z.number().finite().default(0.5),
    // A count (500 or '500') or a share ('20%'); numbers are accepted from programs.
    selectTop: z
      .union([z.number().transform(String), z.string()])
      .pipe(z.string().regex(/^\d+(\.\d+)?%?$/, 'a count like 500 or a share like 20%'))
      .optional(),
    scoreScale: z.enum(['probability', 'raw']).default('probability'),
    intersections: z.enum(['none', 'pairs', 'all']).default('pairs'),
    reference: z.string().default('largest'),
    minGroupSize: z.number().int().min(1).default(30),
    suppressBelow: z.number().int().min(0).default(SUPPRESS_BELOW),
    confidence: z.number().gt(0).lt(1).default(0.95),
    replicates: z.number().int().min(0).max(100_000).default(1000),
    seed: z.number().int().default(42),
    correction: z.enum(['holm', 'bh', 'none']).default('holm'),
    histogramBins: z.number().int().min(10).max(MAX_HISTOGRAM_BINS).default(1000),
    missing: z.enum(['as-group', 'drop', 'error']).default('as-group'),
    maxGroups: z.number().int().min(2).default(50),
    sweepPoints: z.number().int().min(2).max(10_001).default(101),
  })
  .strict()
  .superRefine((o, ctx) => {
    const problem = o.scoreScale === 'probability' ? probabilityThresholdProblem(o.threshold) : undefined;
    if (problem) {
      ctx.addIssue({
        code: 'custom',
        path: ['threshold'],
        message: `${problem} For raw model scores pass --raw-scores`,
      });
    }
  });
export type AuditSettings = z.infer<typeof AuditSettings>;
export type AuditSettingsInput = z.input<typeof AuditSettings>;

export function parseSettings(input: AuditSettingsInput): AuditSettings {
  const r = AuditSettings.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const key = String(issue.path[0] ?? (issue as { keys?: string[] }).keys?.[0] ?? 'options');
    // Library option names that the CLI spells differently.
    const cli: Record<string, string> = { replicates: 'bootstrap', histogramBins: 'histogram-bins' };
    const flag = `--${cli[key] ?? key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    const given = (input as Record<string, unknown>)[key];
    // A confidence given as a percentage (95): say what was meant.
    const guess =
      key === 'confidence' && typeof given === 'number' && given > 1 && given < 100
        ? ` Did you mean ${given / 100}?`
        : '';
    throw new UsageError(
      'bad_option',
      `Invalid value for ${flag} (option "${key}"): ${issue.message}.${guess}`,
      {
        hint: 'Run `fairprobe audit --help` for the accepted values.',
      },
    );
  }
  return r.data;
}

export { splitReference } from '../util/strings.js';

/**
 * The hint for a reference group that is not among the groups shown: each group written as
 * `--reference` takes it (quoted, since values may hold commas), and the nearest one.
 * @example
 * referenceChoices(['age'], ['[25,35)'], [['<25'], ['[25, 35)']], 10)
 * // => 'Did you mean "age=[25, 35)"? Valid groups: "age=<25", "age=[25, 35)" (groups under 10 rows are suppressed).'
 */
export function referenceChoices(
  attributes: readonly string[],
  given: readonly string[],
  shown: readonly (readonly string[])[],
  suppressBelow: number,
): string {
  const written = (values: readonly string[]) => attributes.map((a, i) => `${a}=${values[i]}`).join(',');
  const choices = shown.map(written);
  const [near] = closestNames(written(given), choices, 1);
  return (
    `${near ? `Did you mean "${near}"? ` : ''}Valid groups: ${choices.map((c) => `"${c}"`).join(', ')}` +
    ` (groups under ${suppressBelow} rows are suppressed).`
  );
}
