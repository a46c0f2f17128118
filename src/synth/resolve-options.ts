import { UsageError } from '../errors.js';
import { DEFAULT_ROWS, DEFAULT_SEED, DEFAULT_START_DATE, type ProspectOptions } from './schema.js';

const DAY_MS = 86_400_000;

/** Validated options plus the calendar derived from them. */
export interface ResolvedProspectOptions {
  readonly rows: number;
  readonly seed: number;
  readonly startDate: string;
  /** `YYYY-MM-DD` of every day in the 12-month window, in order. */
  readonly days: readonly string[];
  /** Index into `days` of the first day of the last three months (the drift window). */
  readonly driftStartDay: number;
}

/**
 * Checks generator options, fills in defaults and derives the 12-month calendar.
 *
 * @throws UsageError when `rows` is not a non-negative integer, `seed` not an integer or `startDate`
 *   not a real `YYYY-MM-DD` date.
 * @example
 * resolveProspectOptions({ rows: 10 }).days.length; // => 365 (2025-01-01 .. 2025-12-31)
 */
export function resolveProspectOptions(options: ProspectOptions = {}): ResolvedProspectOptions {
  const rows = options.rows ?? DEFAULT_ROWS;
  const seed = options.seed ?? DEFAULT_SEED;
  const startDate = options.startDate ?? DEFAULT_START_DATE;
  if (!Number.isSafeInteger(rows) || rows < 0) {
    throw new UsageError('synth_rows', `rows must be a non-negative integer, got ${String(rows)}`, {
      hint: 'pass a whole number of rows, e.g. { rows: 20000 }',
    });
  }
  if (!Number.isSafeInteger(seed)) {
    throw new UsageError('synth_seed', `seed must be an integer, got ${String(seed)}`, {
      hint: 'pass a whole number, e.g. { seed: 20261129 }',
    });
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(startDate);
  const start = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || new Date(start).toISOString().slice(0, 10) !== startDate) {
    throw new UsageError(
      'synth_start_date',
      `startDate must be a real date as YYYY-MM-DD, got "${startDate}"`,
      {
        hint: "pass e.g. { startDate: '2025-01-01' }",
      },
    );
  }
  const y = Number(match[1]);
  const m = Number(match[2]) - 1;
  const d = Number(match[3]);
  const end = Date.UTC(y, m + 12, d);
  const driftStart = Date.UTC(y, m + 9, d);
  const days: string[] = [];
  for (let t = start; t < end; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return { rows, seed, startDate, days, driftStartDay: Math.round((driftStart - start) / DAY_MS) };
}
