import { type InspectResult, inspectData } from '../../data/index.js';
import { UsageError } from '../../errors.js';
import { type CommonReadFlags, readOptionsFrom } from '../flags.js';
import type { Io } from '../run.js';
import { table } from '../table.js';

export interface InspectFlags extends CommonReadFlags {
  readonly format?: string;
}

/** `fairprobe inspect DATA`: profile the columns and suggest roles. */
export async function inspectCommand(data: string, flags: InspectFlags, io: Io): Promise<number> {
  if (flags.format !== undefined && flags.format !== 'table' && flags.format !== 'json') {
    throw new UsageError('bad_format', `Unknown --format "${flags.format}" for inspect.`, {
      hint: 'Use table or json (to force how the input is read, use --input-format).',
    });
  }
  const result = await inspectData(data, readOptionsFrom(flags));
  if (flags.format === 'json') io.out(JSON.stringify(result, null, 2));
  else io.out(formatInspect(result));
  return 0;
}

export function formatInspect(r: InspectResult): string {
  const lines = [
    `${r.source}  (${r.format}, ${r.rows.toLocaleString('en-US')} rows, ${r.columns.length} columns)`,
    '',
  ];
  lines.push(
    table(
      ['column', 'type', 'missing', 'distinct', 'range / values', 'looks like'],
      r.columns.map((c) => [
        c.name,
        c.type,
        c.missing === 0 ? '0' : `${c.missing} (${((100 * c.missing) / r.rows).toFixed(1)}%)`,
        String(c.distinct),
        c.values
          ? truncate(
              Object.entries(c.values)
                .map(([k, v]) => `${k}:${v}`)
                .join(' '),
              48,
            )
          : c.min !== undefined
            ? truncate(`${c.min} … ${c.max}`, 48)
            : '',
        c.guesses.map((g) => g.role).join(', '),
      ]),
    ),
  );
  if (r.notes.length) lines.push('', 'Notes:', ...r.notes.map((n) => `  ${n}`));
  const why = r.columns.flatMap((c) => c.guesses.map((g) => `  ${c.name}: ${g.role} — ${g.reason}`));
  if (why.length) lines.push('', 'Why these guesses:', ...why);
  if (r.suggestion) lines.push('', 'Try:', `  ${r.suggestion}`);
  else lines.push('', 'Next: fairprobe audit DATA --score COLUMN --label COLUMN --group COLUMN[,COLUMN...]');
  return lines.join('\n');
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
