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
  io.out(explainMetrics(Boolean(flags.explain)));
  return 0;
}

/** The registry's definitions as text, grouped by kind (with formulas when `explain`). */
export function explainMetrics(explain: boolean): string {
  const titles: Record<string, string> = {
    group: 'Group metrics (per group, with Wilson intervals for rates)',
    disparity: 'Disparities (each group vs the reference group; bootstrap intervals, corrected tests)',
    aggregate: 'Aggregates (one number per attribute)',
    ranking: 'Ranking and exposure (the ordered lead list)',
  };
  const kinds = [...new Set(METRICS.map((m) => m.kind))];
  const lines: string[] = [];
  for (const kind of kinds) {
    const title = titles[kind] ?? `${kind} metrics`;
    lines.push(title, '');
    for (const m of METRICS.filter((x) => x.kind === kind)) {
      lines.push(`  ${m.id} — ${m.name}`);
      if (explain) {
        lines.push(`      ${m.formula}`, `      ${m.description}`);
        lines.push(
          `      needs: ${m.needs}; favourable: ${m.favourable}${m.source ? `; source: ${m.source}` : ''}`,
        );
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}
