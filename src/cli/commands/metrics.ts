import { METRICS } from '../../metrics/index.js';
import type { Io } from '../run.js';

/** `fairprobe metrics --explain`: the registry's definitions, the same text the reports show. */
export async function metricsCommand(flags: { explain?: boolean; format?: string }, io: Io): Promise<number> {
  if (flags.format === 'json') {
    io.out(
      JSON.stringify(
        METRICS.map(({ rate: _rate, ...m }) => m),
        null,
        2,
      ),
    );
    return 0;
  }
  const kinds = [
    ['group', 'Group metrics (per group, with Wilson intervals for rates)'],
    ['disparity', 'Disparities (each group vs the reference group; bootstrap intervals, corrected tests)'],
    ['aggregate', 'Aggregates (one number per attribute)'],
  ] as const;
  const lines: string[] = [];
  for (const [kind, title] of kinds) {
    lines.push(title, '');
    for (const m of METRICS.filter((x) => x.kind === kind)) {
      lines.push(`  ${m.id} — ${m.name}`);
      if (flags.explain) {
        lines.push(`      ${m.formula}`, `      ${m.description}`);
        lines.push(
          `      needs: ${m.needs}; favourable: ${m.favourable}${m.source ? `; source: ${m.source}` : ''}`,
        );
      }
    }
    lines.push('');
  }
  io.out(lines.join('\n'));
  return 0;
}
