import { parseGroupSpecs } from '../../data/index.js';
import { UsageError } from '../../errors.js';
import {
  type Evaluation,
  evaluateMitigation,
  METHODS,
  type MethodOptions,
  MitigationMethod,
  type MitigationOptions,
  type MitigationResult,
  mitigate,
} from '../../mitigation/index.js';
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

export interface MitigateFlags extends CommonReadFlags, LabelFlags {
  group?: string;
  label?: string;
  features?: string;
  weight?: string;
  id?: string;
  pseudonymize?: string;
  seed?: string;
  out?: string;
  outFormat?: string;
  weightColumn?: string;
  mode?: string;
  rankBy?: string;
  target?: string;
  rows?: string;
  k?: string;
  markerColumn?: string;
  lambda?: string;
  values?: string;
  evaluate?: boolean;
  testShare?: string;
  selectTop?: string;
  bootstrap?: string;
  epochs?: string;
  evaluationOut?: string;
  createdAt?: string;
  format?: string;
}

/** `--pseudonymize env:NAME` reads the key from an environment variable (keeps it out of the process list). */
function keyFrom(text: string | undefined): string | undefined {
  if (text === undefined || !text.startsWith('env:')) return text;
  const name = text.slice(4);
  const key = process.env[name];
  if (!key) {
    throw new UsageError(
      'missing_key',
      `The environment variable ${name} (from --pseudonymize env:${name}) is not set.`,
      {
        hint: `Set it, e.g. export ${name}=…, or pass the key itself.`,
      },
    );
  }
  return key;
}

/** Maps flags to the shared options plus the method's own (the only thing this command adds). */
export function mitigateOptionsFrom(
  method: MitigationMethod,
  f: MitigateFlags,
): Record<string, unknown> & MitigationOptions {
  if (!f.group) {
    throw new UsageError('no_groups', 'Name the sensitive attribute(s) with --group.', {
      hint: 'For example --group gender (or --group gender,age_band for their intersection).',
    });
  }
  const common: MitigationOptions = {
    groups: parseGroupSpecs(f.group),
    label: f.label,
    labelRule: labelRuleFrom(f),
    weight: f.weight,
    id: f.id,
    pseudonymize: keyFrom(f.pseudonymize),
    seed: num('seed', f.seed) ?? 42,
    read: readOptionsFrom(f),
    out: f.out,
    outFormat: f.outFormat as MitigationOptions['outFormat'],
  };
  const features = f.features ? splitList(f.features) : undefined;
  switch (method) {
    case 'reweigh':
      return { ...common, weightColumn: f.weightColumn };
    case 'resample':
      return { ...common, mode: f.mode, rankBy: f.rankBy };
    case 'synthesize':
      return {
        ...common,
        target: f.target,
        rows: num('rows', f.rows),
        k: num('k', f.k),
        features,
        markerColumn: f.markerColumn,
      };
    case 'repair':
      return { ...common, lambda: num('lambda', f.lambda) ?? 1, features };
    default: {
      const values = f.values ? splitList(f.values) : undefined;
      if (values && values.length !== 2) {
        throw new UsageError(
          'bad_values',
          `--values takes two values, e.g. --values female,male (got ${values.length}).`,
        );
      }
      return { ...common, mode: f.mode, values, markerColumn: f.markerColumn };
    }
  }
}

/** `fairprobe mitigate METHOD DATA ...`: one library call (two with --evaluate), then formatting. */
export async function mitigateCommand(
  methodText: string,
  data: string,
  flags: MitigateFlags,
  io: Io,
): Promise<number> {
  // --- post-processing: group thresholds (model engineer; src/cli/commands/mitigate-thresholds.ts) ---
  if (methodText === 'thresholds') {
    const { thresholdsCommand } = await import('./mitigate-thresholds.js');
    return thresholdsCommand(data, flags as Record<string, unknown>, io);
  }
  // --- end thresholds ---
  if (!Object.hasOwn(MitigationMethod, methodText)) {
    throw new UsageError('unknown_method', `Unknown mitigation method "${methodText}".`, {
      hint: `Use one of: ${Object.values(MitigationMethod).join(', ')} (fairprobe mitigate --help says when to use each).`,
    });
  }
  const method = methodText as MitigationMethod;
  const format = flags.format ?? 'table';
  if (format !== 'table' && format !== 'json') {
    throw new UsageError('bad_format', `Unknown --format "${format}".`, { hint: 'Use table or json.' });
  }
  if (!flags.out && !flags.evaluate) {
    throw new UsageError('no_out', 'Name the output file with --out (the input is never changed).', {
      hint: `For example: fairprobe mitigate ${method} ${data} --group gender --label converted --out ${method}ed.csv`,
    });
  }
  const options = mitigateOptionsFrom(method, flags);
  const result = flags.out ? await mitigate(method, data, options as never) : undefined;
  let evaluation: Evaluation | undefined;
  if (flags.evaluate) {
    if (!options.label) {
      throw new UsageError('no_label', '--evaluate needs the real outcome: name it with --label.');
    }
    const { out: _o, outFormat: _f, id: _i, pseudonymize: _p, ...rest } = options;
    evaluation = await evaluateMitigation(data, { method, ...rest } as unknown as MethodOptions, {
      ...rest,
      label: options.label,
      features: flags.features ? splitList(flags.features) : undefined,
      testShare: num('test-share', flags.testShare),
      selectTop: flags.selectTop,
      replicates: num('bootstrap', flags.bootstrap),
      model: { epochs: num('epochs', flags.epochs) },
      createdAt: flags.createdAt,
    });
    if (flags.evaluationOut) writeFileAtomic(flags.evaluationOut, `${JSON.stringify(evaluation, null, 2)}\n`);
  }
  if (format === 'json') {
    io.out(JSON.stringify({ result, evaluation: evaluation ? summary(evaluation) : undefined }, null, 2));
  } else {
    if (result) io.out(formatResult(result));
    if (evaluation) io.out(formatEvaluation(evaluation));
  }
  if (flags.evaluationOut) io.err(`wrote ${flags.evaluationOut}`);
  return 0;
}

/** The evaluation without the two full audits (they are in --evaluation-out). */
function summary(ev: Evaluation) {
  const { before, after, ...rest } = ev;
  return { ...rest, before: { performance: before.performance }, after: { performance: after.performance } };
}

/** Strata with fewer rows print their count as "<10", as reports suppress small groups. */
const SUPPRESS_BELOW = 10;

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));
const g3 = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toPrecision(3));

export function formatResult(r: MitigationResult): string {
  const info = METHODS[r.method];
  const d = r.details as Record<string, unknown>;
  // Resampling says which mode ran (the method's title names both).
  const title =
    r.method === 'resample'
      ? `Resampling (${String(d.mode)}${d.rankBy ? `, ranked by ${String(d.rankBy)}` : ''})`
      : info.title;
  const small = (s: MitigationResult['strata'][number]) => s.rows < SUPPRESS_BELOW;
  const hidden = `<${SUPPRESS_BELOW}`;
  const lines = [
    `${title} (seed ${r.seed})${r.output ? ` → ${r.output.path} (${r.output.format})` : ''}`,
    `rows: ${r.rows.input} in, ${r.rows.output} out (+${r.rows.added}, −${r.rows.removed})` +
      (r.columns.added.length ? `; columns added: ${r.columns.added.join(', ')}` : '; no column added'),
    '',
    table(
      ['group', 'label', 'rows', 'rows after', 'weight', 'weight after', 'factor'],
      r.strata.map((s) => [
        s.group.join(' & '),
        s.label === null ? '(none)' : String(s.label),
        // A small stratum's count is hidden in every column that would give it away.
        small(s) ? hidden : String(s.rows),
        small(s) ? '—' : String(s.rowsAfter),
        small(s) ? '—' : s.weight.toFixed(2),
        small(s) ? '—' : s.weightAfter.toFixed(2),
        s.factor === undefined ? '' : s.factor.toFixed(4),
      ]),
    ),
  ];
  if (r.strata.some(small)) {
    lines.push(
      `strata under ${SUPPRESS_BELOW} rows: counts and weights not shown (the output holds every row).`,
    );
  }
  if (r.method === 'synthesize') {
    const p = d.privacy as { distanceToClosestReal: Record<string, number | null>; refused: number };
    const s = d.search as { queries: number; distances: number; buildMs: number; searchMs: number };
    lines.push(
      '',
      `privacy: distance to the closest real row (in standard deviations): min ${g3(p.distanceToClosestReal.min)}, ` +
        `1% ${g3(p.distanceToClosestReal.p01)}, 5% ${g3(p.distanceToClosestReal.p05)}, median ${g3(p.distanceToClosestReal.median)}; ` +
        `exact copies emitted: 0; refused: ${p.refused}`,
      `neighbour search: ${s.queries} queries, ${s.distances} distances, build ${s.buildMs.toFixed(0)} ms, search ${s.searchMs.toFixed(0)} ms`,
    );
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  lines.push('', `What it cannot fix: ${info.cannotFix}`);
  return lines.join('\n');
}

export function formatEvaluation(ev: Evaluation): string {
  const interval = (e: { interval?: { low: number; high: number } | null } | null) =>
    e?.interval ? ` [${e.interval.low.toFixed(3)}, ${e.interval.high.toFixed(3)}]` : '';
  const rows = ev.disparities.map((d) => [
    d.attribute.join(' × '),
    d.group.length ? d.group.join(' & ') : '(all groups)',
    d.metric,
    `${f3(d.before?.value)}${interval(d.before)}`,
    `${f3(d.after?.value)}${interval(d.after)}`,
    d.before?.value != null && d.after?.value != null
      ? (d.after.value - d.before.value >= 0 ? '+' : '') + (d.after.value - d.before.value).toFixed(3)
      : '',
  ]);
  const p = (k: 'auc' | 'accuracy' | 'conversionsCapturedShare') => [
    f3(ev.before.performance[k]),
    f3(ev.after.performance[k]),
  ];
  return [
    '',
    `Before/after: logistic regression (${ev.model.backend}, ${ev.model.epochs} epochs, seed ${ev.seed}) trained on ${ev.split.train} rows ` +
      `(${ev.split.trainAfter} after ${ev.method}), scored on ${ev.split.test} held-out rows, top ${ev.selectTop} selected.`,
    `Features: ${[...ev.features.numeric, ...ev.features.categorical].join(', ')}`,
    '',
    table(['attribute', 'group', 'metric', 'before [95% CI]', 'after [95% CI]', 'change'], rows),
    '',
    table(
      ['cost', 'before', 'after'],
      [
        ['AUC', ...p('auc')],
        ['accuracy (score ≥ 0.5)', ...p('accuracy')],
        [`conversions captured in the top ${ev.selectTop}`, ...p('conversionsCapturedShare')],
        [
          'conversions captured (count)',
          String(ev.before.performance.conversionsCaptured),
          String(ev.after.performance.conversionsCaptured),
        ],
      ],
    ),
  ].join('\n');
}
