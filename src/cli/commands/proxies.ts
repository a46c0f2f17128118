import { parseGroupSpecs } from '../../data/index.js';
import { UsageError } from '../../errors.js';
import { type ProxyResult, proxies } from '../../model/index.js';
import { proxiesChart } from '../../report/charts/proxies.js';
import { type ChartOutputFlags, writeChartOutput } from '../chart-output.js';
import { type CommonReadFlags, num, readOptionsFrom, splitList } from '../flags.js';
import type { Io } from '../run.js';
import { table } from '../table.js';

export interface ProxiesFlags extends CommonReadFlags, ChartOutputFlags {
  group?: string;
  features?: string;
  folds?: string;
  epochs?: string;
  seed?: string;
}

/** `fairprobe proxies DATA --group gender --features a,b,c`. */
export async function proxiesCommand(data: string, flags: ProxiesFlags, io: Io): Promise<number> {
  if (!flags.group) throw new UsageError('no_groups', 'Name the sensitive attribute(s) with --group.');
  const result = await proxies(data, {
    groups: parseGroupSpecs(flags.group),
    features: splitList(flags.features),
    folds: num('folds', flags.folds),
    epochs: num('epochs', flags.epochs),
    seed: num('seed', flags.seed) ?? 42,
    read: readOptionsFrom(flags),
  });
  writeChartOutput(io, flags, {
    result,
    text: formatProxies(result),
    title: 'Proxy risk of features',
    charts: () => result.attributes.map((_, i) => proxiesChart(result, i)),
  });
  return 0;
}

const f3 = (x: number | null) => (x === null ? '—' : x.toFixed(3));

export function formatProxies(r: ProxyResult): string {
  return r.attributes
    .map((a) =>
      [
        `■ ${a.attribute} (${a.values.join(', ')}; ${a.n} rows)`,
        table(
          ['rank', 'feature', 'kind', 'AUC', "Cramér's V", 'MI (bits)', 'risk'],
          a.features.map((f, i) => [
            String(i + 1),
            f.feature,
            f.kind,
            f3(f.auc),
            f3(f.cramersV),
            f.mutualInformation.toFixed(4),
            f.risk,
          ]),
        ),
        `all features together: cross-validated AUC ${f3(a.combined.auc)} (${a.combined.folds} folds) — ${a.combined.risk}`,
        '',
        a.reading,
        ...a.features
          .filter((f) => f.risk === 'high' || f.risk === 'moderate')
          .map((f) => `  · ${f.reading}`),
      ].join('\n'),
    )
    .join('\n\n');
}
