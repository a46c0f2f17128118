import { parseGroupSpecs } from '../../data/index.js';
import {
  appendHistory,
  checkHistoryFile,
  DRIFT_DISPARITIES,
  type DriftOptions,
  type DriftResult,
  type DriftSettingsInput,
  driftDetailed,
  driftWindows,
  formatDriftLine,
  formatDriftTable,
  TimeUnit,
} from '../../drift/index.js';
import { FairprobeError, UsageError } from '../../errors.js';
import { type DriftPolicyOptions, driftOptionsFromPolicy, loadDriftPolicy } from '../../policy/index.js';
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
import { withReadSpinner } from '../progress.js';
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
  ratioWarn?: string;
  ratioAlarm?: string;
  policy?: string;
}

const FORMATS = ['table', 'json', 'line', 'html'];

/** A band flag's value: a number ≥ 0. */
function bandFlag(name: string, v: string | undefined): number | undefined {
  const x = num(name, v);
  if (x !== undefined && x < 0) {
    throw new UsageError('bad_option', `--${name} must be 0 or more, not ${x}.`, {
      hint: 'Bands are sizes of a shift, such as --psi-warn 0.1 --psi-alarm 0.25.',
    });
  }
  return x;
}

/**
 * Maps flags (and the policy file's drift options, which flags override) to drift settings; bands
 * from --psi-warn, --fairness-warn, --ratio-warn … go into the policy section.
 */
function settingsFrom(f: DriftFlags, fromPolicy: DriftPolicyOptions | undefined): DriftSettingsInput {
  const defined = (o: Record<string, number | undefined>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const section = fromPolicy?.policy ?? {};
  const psi = defined({ warn: bandFlag('psi-warn', f.psiWarn), alarm: bandFlag('psi-alarm', f.psiAlarm) });
  const difference = defined({
    warn: bandFlag('fairness-warn', f.fairnessWarn),
    alarm: bandFlag('fairness-alarm', f.fairnessAlarm),
  });
  const ratio = defined({
    warn: bandFlag('ratio-warn', f.ratioWarn),
    alarm: bandFlag('ratio-alarm', f.ratioAlarm),
  });
  return {
    bins: num('bins', f.bins),
    significance: num('significance', f.significance),
    minRows: num('min-rows', f.minRows),
    metrics: f.metrics ? splitList(f.metrics) : undefined,
    disparities: f.disparities ? splitList(f.disparities) : undefined,
    reference: f.reference ?? fromPolicy?.reference,
    confidence: num('confidence', f.confidence) ?? fromPolicy?.confidence,
    replicates: num('bootstrap', f.bootstrap),
    seed: num('seed', f.seed),
    correction: f.correction as DriftSettingsInput['correction'],
    policy: {
      ...section,
      bands: {
        psi: { ...section.bands?.psi, ...psi },
        fairness: {
          difference: { ...section.bands?.fairness?.difference, ...difference },
          ratio: { ...section.bands?.fairness?.ratio, ...ratio },
        },
      },
    },
  };
}

/**
 * Maps flags to collection options. Role flags override one by one (the policy's columns and
 * attributes, or a stats baseline's roles, fill in the roles not given).
 */
function collectFrom(f: DriftFlags, fromPolicy: DriftPolicyOptions | undefined): Partial<DriftOptions> {
  const p = fromPolicy?.roles;
  const given = f.group || f.score || f.label || f.prediction || f.weight;
  const roles =
    given || p
      ? {
          score: f.score ?? p?.score,
          label: f.label ?? p?.label,
          prediction: f.prediction ?? p?.prediction,
          weight: f.weight ?? p?.weight,
          // Empty: the baseline's (a stats file's) groups.
          groups: f.group ? parseGroupSpecs(f.group) : (p?.groups ?? []),
        }
      : undefined;
  return {
    roles,
    features: f.features ? splitList(f.features) : undefined,
    read: readOptionsFrom(f),
    label: labelRuleFrom(f),
    prediction: predictionRuleFrom(f),
    threshold: num('threshold', f.threshold) ?? fromPolicy?.threshold,
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
  // A --history file that cannot take the run (another program's database, a CSV) is a usage
  // mistake: refused before the drift is computed, and left as it was.
  if (flags.history) await checkHistoryFile(flags.history);
  const fromPolicy = flags.policy ? driftOptionsFromPolicy(loadDriftPolicy(flags.policy)) : undefined;
  if (fromPolicy && fromPolicy.unfollowed.length > 0 && format !== 'json' && !flags.quiet) {
    io.err(
      `note: drift follows group rates and ${Object.keys(DRIFT_DISPARITIES).join(', ')}; the policy's rules on ${fromPolicy.unfollowed.join(', ')} are judged by \`fairprobe audit --policy\` only.`,
    );
  }
  const settings = settingsFrom(flags, fromPolicy);
  const given = collectFrom(flags, fromPolicy);
  // A spinner for long reads on a terminal, unless output is JSON or asked to be quiet.
  const collect = { ...given, read: withReadSpinner(given.read, io, format !== 'json' && !flags.quiet) };
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
    if (flags.saveBaseline || flags.saveCurrent) {
      throw new UsageError(
        'bad_option',
        `--${flags.saveBaseline ? 'save-baseline' : 'save-current'} saves one side of a --baseline/--current comparison; time windows have one per window.`,
        { hint: 'Save a window as stats with fairprobe stats on that period of the data.' },
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
    if (flags.baselineWindow !== undefined && flags.baselineWindow !== 'first') {
      throw new UsageError('bad_option', '--baseline-window chooses among time windows: it needs --time.', {
        hint: 'For example: fairprobe drift leads.csv --time signup_date --by month --baseline-window previous',
      });
    }
    if (data !== undefined && flags.current !== undefined) {
      throw new UsageError('bad_input', `Two current data sets: "${data}" and --current ${flags.current}.`, {
        hint: 'Give the current data once: as the argument or with --current.',
      });
    }
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
      // A label from the policy file (not --label) may be missing from production data.
      labelOptional: flags.label === undefined,
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
  // The result outranks its record: a history that cannot be written (still locked by another
  // job after the wait, a full disk) is reported on stderr, and the result is printed and exits with
  // its own code all the same, so a scheduler never loses an alarm to a busy history.
  let historyError: unknown;
  if (flags.history) {
    try {
      await appendHistory(flags.history, result);
    } catch (e) {
      historyError = e;
    }
  }
  const failing = result.status === 'alarm' || (failOn === 'warn' && result.status === 'warn');
  const quiet = flags.quiet === true && result.status !== 'alarm' && result.status !== 'warn';
  if (!quiet) {
    const text = render(result, format, flags.all === true);
    if (flags.out) writeFileAtomic(flags.out, text);
    else io.out(text);
  }
  if (historyError !== undefined) {
    const e = historyError;
    // An alarm keeps its exit code 2; otherwise the job failed to record its run: exit 1.
    const note = failing
      ? `This run (${result.status.toUpperCase()}) was not recorded in the history; the exit code is the drift's own (2).`
      : `This run (${result.status.toUpperCase()}) was not recorded in the history: exit code 1.`;
    if (format === 'json') {
      const detail =
        e instanceof FairprobeError ? e.toJSON() : { error: 'history_failed', message: String(e) };
      io.err(JSON.stringify({ ...detail, note }));
    } else {
      io.err(`error: ${e instanceof FairprobeError ? e.describe() : String(e)}\n${note}`);
    }
  }
  return failing ? 2 : historyError !== undefined ? 1 : 0;
}
