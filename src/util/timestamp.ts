import { UsageError } from '../errors.js';

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * A timestamp to record (`--created-at`): an ISO 8601 date or date-time with its zone, checked
 * against the calendar, returned as given; now (UTC) when absent.
 * @throws {UsageError} when the text is not such a timestamp.
 * @example
 * recordedTimestamp('2026-01-01T00:00:00Z') // => '2026-01-01T00:00:00Z'
 */
export function recordedTimestamp(text: string | undefined): string {
  if (text === undefined) return new Date().toISOString();
  if (!ISO.test(text) || Number.isNaN(Date.parse(text)) || !isCalendarDate(text.slice(0, 10))) {
    throw new UsageError('bad_timestamp', `"${text}" is not an ISO 8601 timestamp.`, {
      hint: 'Give a date-time with its zone, such as 2026-01-31T06:00:00Z, or a date such as 2026-01-31.',
    });
  }
  return text;
}

/**
 * Whether `YYYY-MM-DD` names a day of the calendar (month 01–12, day within its month).
 * @example
 * isCalendarDate('2025-02-29') // => false
 */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === text;
}
