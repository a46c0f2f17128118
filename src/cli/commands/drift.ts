import { parseGroupSpecs } from '../../data/index.js';
import {
  appendHistory,
  type DriftOptions,
  type DriftResult,
  type DriftSettingsInput,
  driftDetailed,
  driftWindows,
  formatDriftLine,
  formatDriftTable,
  TimeUnit,
} from '../../drift/index.js';
import { UsageError } from '../../errors.js';
import { driftResultHtml } from '../../report/index.js';
import { serializeStats } from '../../stats/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import {
  type CommonReadFlags,
  type LabelFlags,
  labelRuleFrom,
  num,
  predictionRuleFrom,
  type RoleFlags,
  readOptionsFrom,
  splitList,
} from '../flags.js';
import { withProgressBar } from '../progress.js';
import type { Io } from '../run.js';
import { table } from '../table.js';
import { smallGroupsWarning } from './stats.js';

export interface DriftFlags extends CommonReadFlags, RoleFlags, LabelFlags {
  baseline?: string;
  current?: string;
  threshold?: string;
  rawScores?: boolean;
  features?: string;
  missing?: string;
  maxGroups?: string;
  bins?: string;
  psiWarn?: string;
  psiAlarm?: string;
  fairnessWarn?: string;
  fairnessAlarm?: string;
  significance?: string;
  minRows?: string;
  metrics?: string;
  disparities?: string;
  reference?: string;
  confidence?: string;
  bootstrap?: string;
  seed?: string;
  correction?: string;
  time?: string;
  by?: string;
  baselineWindow?: string;
  history?: string;
  saveBaseline?: string;
  saveCurrent?: string;
  format?: string;
  out?: string;
  quiet?: boolean;
  all?: boolean;
  failOn?: string;
  createdAt?: string;
}

const FORMATS = ['table', 'json', 'line', 'html'];

/** Maps flags to drift settings (bands from --psi-warn/--psi-alarm go in as a policy section). */
function settingsFrom(f: DriftFlags): DriftSettingsInput {
  const defined = (o: Record<string, number | undefined>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const band = defined({ warn: num('psi-warn', f.psiWarn), alarm: num('psi-alarm', f.psiAlarm) });
  const difference = defined({
    warn: num('fairness-warn', f.fairnessWarn),
    alarm: num('fairness-alarm', f.fairnessAlarm),
  });
  return {
    bins: num('bins', f.bins),
    significance: num('significance', f.significance),
    minRows: num('min-rows', f.minRows),
    metrics: f.metrics ? splitList(f.metrics) : undefined,
    disparities: f.disparities ? splitList(f.disparities) : undefined,
    reference: f.reference,
    confidence: num('confidence', f.confidence),
    replicates: num('bootstrap', f.bootstrap),
    seed: num('seed', f.seed),
    correction: f.correction as DriftSettingsInput['correction'],
    policy: { bands: { psi: band, fairness: { difference } } },
  };
}

function collectFrom(f: DriftFlags): Partial<DriftOptions> {
  const roles = f.group
    ? {
        score: f.score,
        label: f.label,
        prediction: f.prediction,
        weight: f.weight,
        groups: parseGroupSpecs(f.group),
      }
    : undefined;
  if (!roles && (f.score || f.label || f.prediction || f.weight)) {
    throw new UsageError('no_groups', 'Name the sensitive attributes with --group.', {
      hint: 'For example --group gender,region.',
    });
  }
  return {
    roles,
    features: f.features ? splitList(f.features) : undefined,
    read: readOptionsFrom(f),
    label: labelRuleFrom(f),
    prediction: predictionRuleFrom(f),
    threshold: num('threshold', f.threshold),
    scoreScale: f.rawScores ? 'raw' : undefined,
    missing: f.missing as DriftOptions['missing'],
    maxGroups: num('max-groups', f.maxGroups),
  };
}

function render(result: DriftResult, format: string, all: boolean): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  if (format === 'line') return `${formatDriftLine(result)}\n`;
  const text = formatDriftTable(result, table, { all });
  return format === 'html' ? driftResultHtml(result, text) : `${text}\n`;
}

/**
 * `fairprobe drift --baseline A --current B …` or `fairprobe drift DATA --time COL --by month`: one
 * library call, then the history record, formatting, and exit code 2 on an alarm.
 */
export async function driftCommand(data: string | undefined, flags: DriftFlags, io: Io): Promise<number> {
  const format = flags.format ?? 'table';
  if (!FORMATS.includes(format)) {
    throw new UsageError('bad_format', `Unknown --format "${format}".`, {
      hint: 'Use table, json, line or html.',
    });
  }
  if (format === 'html' && !flags.out) {
    throw new UsageError('html_needs_out', 'An HTML report needs --out FILE.', {
      hint: 'Add --out drift.html.',
    });
  }
  const failOn = flags.failOn ?? 'alarm';
  if (failOn !== 'alarm' && failOn !== 'warn') {
    throw new UsageError('bad_option', `--fail-on must be alarm or warn, not "${failOn}".`);
  }
  const settings = settingsFrom(flags);
  const given = collectFrom(flags);
  // A progress bar for long reads on a terminal, unless output is JSON or asked to be quiet.
  const collect = { ...given, read: withProgressBar(given.read, io, format !== 'json' && !flags.quiet) };
  let result: DriftResult;
  if (flags.time || flags.by) {
    const file = data ?? flags.current;
    if (!flags.time || !file || flags.baseline) {
      throw new UsageError(
        'bad_windows',
        'Time windows need one data file, --time COLUMN and --by day|week|month.',
        {
          hint: 'For example: fairprobe drift leads.csv --time signup_date --by month --score score --group region',
        },
      );
    }
    const by = (flags.by ?? 'month') as TimeUnit;
    if (!Object.values(TimeUnit).includes(by)) {
      throw new UsageError('bad_option', `--by must be day, week or month, not "${flags.by}".`);
    }
    if (!collect.roles) {
      throw new UsageError('no_groups', 'Name the columns to compare: at least --score and --group.');
    }
    result = await driftWindows({
      ...settings,
      ...collect,
      roles: collect.roles,
      data: file,
      time: flags.time,
      by,
      baselineWindow: flags.baselineWindow,
      createdAt: flags.createdAt,
    });
  } else {
    if (!flags.baseline || !(flags.current ?? data)) {
      throw new UsageError('no_data', 'Give --baseline and --current (data files or stats files).', {
        hint: 'For example: fairprobe drift --baseline base.stats.json --current week.csv',
      });
    }
    const r = await driftDetailed({
      ...settings,
      ...collect,
      baseline: flags.baseline,
      current: (flags.current ?? data)!,
      createdAt: flags.createdAt,
    });
    result = r.result;
    for (const [file, stats] of [
      [flags.saveBaseline, r.baseline],
      [flags.saveCurrent, r.current],
    ] as const) {
      if (!file) continue;
      writeFileAtomic(file, serializeStats(stats));
      const warning = smallGroupsWarning(
        stats,
        'or leave the attribute with the small groups out of --group',
        file,
      );
      if (warning) io.err(warning);
    }
  }
  if (flags.history) await appendHistory(flags.history, result);
  const failing = result.status === 'alarm' || (failOn === 'warn' && result.status === 'warn');
  const quiet = flags.quiet === true && result.status !== 'alarm' && result.status !== 'warn';
  if (!quiet) {
    const text = render(result, format, flags.all === true);
    if (flags.out) writeFileAtomic(flags.out, text);
    else io.out(text);
  }
  return failing ? 2 : 0;
}
