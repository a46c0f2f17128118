import { join } from 'node:path';
import { parseGroupSpecs } from '../../data/index.js';
import { UsageError } from '../../errors.js';
import { fairnessSweep, type SweepResult } from '../../mitigation/in/index.js';
import { saveModel, TfBackend, trainModel } from '../../model/index.js';
import { paretoChart } from '../../report/charts/pareto.js';
import { chartsPage } from '../../report/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import {
  type CommonReadFlags,
  type LabelFlags,
  labelRuleFrom,
  num,
  readOptionsFrom,
  splitList,
} from '../flags.js';
import type { Io } from '../run.js';
import { table } from '../table.js';

export interface TrainFlags extends CommonReadFlags, LabelFlags {
  label?: string;
  features?: string;
  weight?: string;
  hidden?: string;
  epochs?: string;
  learningRate?: string;
  l2?: string;
  seed?: string;
  fairnessPenalty?: string;
  group?: string;
  sweep?: string;
  testShare?: string;
  selectShare?: string;
  backend?: string;
  out?: string;
  format?: string;
}

/** `fairprobe train DATA --label y --features a,b --out DIR` (or `--sweep` for the λ trade-off). */
export async function trainCommand(data: string, flags: TrainFlags, io: Io): Promise<number> {
  if (!flags.label) throw new UsageError('no_label', 'Name the outcome to predict with --label.');
  const features = splitList(flags.features);
  const groups = flags.group ? parseGroupSpecs(flags.group) : [];
  if (groups.length > 1) {
    throw new UsageError('one_group', 'The fairness penalty takes one sensitive attribute (--group gender).');
  }
  const backend = (flags.backend ?? 'cpu') as TfBackend;
  if (!Object.hasOwn(TfBackend, backend))
    throw new UsageError('bad_backend', `Unknown --backend "${flags.backend}".`);
  const common = {
    label: flags.label,
    labelRule: labelRuleFrom(flags),
    features,
    seed: num('seed', flags.seed) ?? 42,
    hidden: num('hidden', flags.hidden),
    epochs: num('epochs', flags.epochs),
    learningRate: num('learning-rate', flags.learningRate),
    backend,
    read: readOptionsFrom(flags),
  };
  if (flags.sweep !== undefined) {
    if (!groups[0])
      throw new UsageError('no_groups', '--sweep needs the sensitive attribute: --group gender.');
    const lambdas = splitList(flags.sweep).map((x) => num('sweep', x)!);
    const result = await fairnessSweep(data, {
      ...common,
      group: groups[0],
      lambdas,
      testShare: num('test-share', flags.testShare),
      selectShare: num('select-share', flags.selectShare),
    });
    if (flags.out) {
      const dir = flags.out.replace(/\/$/, '');
      const chart = paretoChart(result);
      writeFileAtomic(`${dir}/sweep.json`, `${JSON.stringify(result, null, 2)}\n`);
      writeFileAtomic(`${dir}/pareto.vl.json`, `${JSON.stringify(chart.spec, null, 2)}\n`);
      writeFileAtomic(
        `${dir}/pareto.html`,
        chartsPage('Fairness–accuracy trade-off', [chart], formatSweep(result)),
      );
      io.err(`wrote ${dir}/sweep.json, ${dir}/pareto.vl.json and ${dir}/pareto.html`);
    }
    io.out(flags.format === 'json' ? JSON.stringify(result, null, 2) : formatSweep(result));
    return 0;
  }
  if (!flags.out) {
    throw new UsageError(
      'no_out',
      'Name the model folder with --out (model.json, weights.bin, features.json).',
      {
        hint: `For example: fairprobe train ${data} --label converted --features email_opens,web_visits --out model/`,
      },
    );
  }
  if (flags.fairnessPenalty !== undefined && !groups[0]) {
    throw new UsageError(
      'penalty_needs_group',
      '--fairness-penalty needs the sensitive attribute: --group gender.',
    );
  }
  const model = await trainModel(data, {
    ...common,
    weight: flags.weight,
    l2: num('l2', flags.l2),
    fairnessPenalty: num('fairness-penalty', flags.fairnessPenalty),
    group: groups[0],
  });
  const spec = await saveModel(model, flags.out);
  if (flags.format === 'json')
    io.out(JSON.stringify({ out: flags.out, features: spec, covariance: model.covariance }, null, 2));
  else {
    const i = model.info;
    io.err(
      `trained a ${i.kind === 'mlp' ? `MLP (${i.hidden} hidden units)` : 'logistic regression'} on ${i.rows} rows ` +
        `(${plural(model.encoder.dim, 'input')} from ${plural(features.length, 'feature')}; seed ${i.seed}, ${i.epochs} epochs, ${i.backend})` +
        (i.fairness ? `, fairness penalty λ = ${i.fairness.penalty} on "${i.fairness.attribute}"` : '') +
        ` → ${join(flags.out, 'model.json')}, weights.bin, features.json`,
    );
  }
  return 0;
}

const f3 = (x: number | null) => (x === null ? '—' : x.toFixed(3));

export function formatSweep(r: SweepResult): string {
  return [
    `Fairness–accuracy trade-off across λ (covariance penalty on "${r.attribute}"; trained on ${r.split.train} rows, ` +
      `measured on ${r.split.test} held-out rows, top ${(100 * r.selectShare).toFixed(0)}% selected)`,
    '',
    table(
      ['λ', 'AUC', 'accuracy', 'parity gap', 'conversions captured', 'covariance', 'Pareto'],
      r.points.map((p) => [
        String(p.lambda),
        f3(p.auc),
        f3(p.accuracy),
        f3(p.demographicParityDifference),
        f3(p.conversionsCapturedShare),
        p.covariance === null ? '—' : p.covariance.toExponential(2),
        p.pareto ? 'yes' : '',
      ]),
    ),
    '',
    'parity gap: max − min selection rate across groups in the top share. Pareto: no other λ is at least as good on both (AUC, gap) and better on one.',
  ].join('\n');
}

/** `1 input`, `12 inputs`. */
function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
