import { UsageError } from '../../errors.js';
import { type CounterfactualResult, counterfactual, ProxyMethod } from '../../model/index.js';
import { counterfactualChart } from '../../report/charts/counterfactual.js';
import { type ChartOutputFlags, writeChartOutput } from '../chart-output.js';
import { type CommonReadFlags, num, readOptionsFrom, splitList } from '../flags.js';
import type { Io } from '../run.js';
import { table } from '../table.js';
import { type ScorerFlags, scorerFrom } from './score.js';

export interface CounterfactualFlags extends CommonReadFlags, ScorerFlags, ChartOutputFlags {
  flip?: string;
  values?: string;
  proxies?: string;
  proxyMethod?: string;
  threshold?: string;
  seed?: string;
  bootstrap?: string;
}

/** `fairprobe counterfactual DATA --model DIR --flip gender [--proxies a,b]`. */
export async function counterfactualCommand(
  data: string,
  flags: CounterfactualFlags,
  io: Io,
): Promise<number> {
  if (!flags.flip) {
    throw new UsageError('no_flip', 'Name the sensitive attribute to flip with --flip.', {
      hint: 'For example --flip gender.',
    });
  }
  const method = (flags.proxyMethod ?? 'quantile') as ProxyMethod;
  if (!Object.hasOwn(ProxyMethod, method)) {
    throw new UsageError('bad_proxy_method', `Unknown --proxy-method "${flags.proxyMethod}".`, {
      hint: 'Use quantile or mean.',
    });
  }
  const scorer = await scorerFrom(flags);
  let result: CounterfactualResult;
  try {
    result = await counterfactual(data, {
      scorer,
      attribute: flags.flip,
      values: flags.values ? splitList(flags.values) : undefined,
      proxies: flags.proxies ? splitList(flags.proxies) : undefined,
      proxyMethod: method,
      threshold: num('threshold', flags.threshold),
      seed: num('seed', flags.seed) ?? 42,
      replicates: num('bootstrap', flags.bootstrap),
      read: readOptionsFrom(flags),
    });
  } finally {
    scorer.close();
  }
  writeChartOutput(io, flags, {
    result,
    text: formatCounterfactual(result),
    title: `Counterfactual test: ${flags.flip}`,
    charts: () => [counterfactualChart(result)],
  });
  return 0;
}

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : `${(100 * x).toFixed(2)}%`;
/** Four decimals; a value that rounds to zero prints 0.0000, never -0.0000. */
const f4 = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : (Math.abs(x) < 5e-5 ? 0 : x).toFixed(4);

export function formatCounterfactual(r: CounterfactualResult): string {
  const row = (p: CounterfactualResult['overall'], name: string) => [
    name,
    p.suppressed ? '<10' : String(p.n),
    p.changed.interval
      ? `${pct(p.changed.share)} [${pct(p.changed.interval.low)}, ${pct(p.changed.interval.high)}]`
      : pct(p.changed.share),
    `${p.up} / ${p.down}`,
    p.meanChange.interval
      ? `${f4(p.meanChange.value)} [${f4(p.meanChange.interval.low)}, ${f4(p.meanChange.interval.high)}]`
      : f4(p.meanChange.value),
    p.quantiles ? `${f4(p.quantiles.p05)} … ${f4(p.quantiles.p50)} … ${f4(p.quantiles.p95)}` : '—',
  ];
  const level = Math.round(100 * r.confidence);
  return [
    `Counterfactual flip of "${r.attribute}"${r.proxies.length ? ` with proxies ${r.proxies.join(', ')} (${r.proxyMethod})` : ''} — ${r.scorer}`,
    `rows: ${r.rows.read} read, ${r.rows.flipped} flipped${r.rows.leftOut ? `, ${r.rows.leftOut} left out (missing or other value)` : ''}; decision: score ≥ ${r.threshold}`,
    '',
    table(
      [
        'from → to',
        'rows',
        `decisions changed [${level}% CI]`,
        'up / down',
        `mean score change [${level}% CI]`,
        'change 5% … 50% … 95%',
      ],
      [...r.pairs.map((p) => row(p, `${p.from} → ${p.to}`)), row(r.overall, 'all flipped rows')],
    ),
    ...r.notes.map((n) => `note: ${n}`),
    '',
    r.overall.changed.count === 0
      ? `No decision changes when "${r.attribute}" is flipped${r.proxies.length ? ' with its proxies' : ''}: the model treats the flipped rows alike.`
      : `${pct(r.overall.changed.share)} of decisions change when "${r.attribute}" is flipped${r.proxies.length ? ' with its proxies' : ''}: the model's decisions depend on it.`,
  ].join('\n');
}
