import { readFileSync } from 'node:fs';
import { type AuditOptions, type AuditResult, audit, auditFromStats } from '../../audit/index.js';
import { parseStats } from '../../stats/index.js';
import { parseGroupSpecs } from '../../data/index.js';
import { InputError, UsageError } from '../../errors.js';
import { formatMarkdown, formatSummary } from '../../report/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { type CommonReadFlags, readOptionsFrom, splitList } from '../flags.js';
import type { Io } from '../run.js';
import { table } from '../table.js';

export interface AuditFlags extends CommonReadFlags {
  score?: string;
  label?: string;
  group?: string;
  prediction?: string;
  weight?: string;
  id?: string;
  threshold?: string;
  selectTop?: string;
  rawScores?: boolean;
  positive?: string;
  negative?: string;
  reference?: string;
  intersections?: string;
  minGroupSize?: string;
  suppressBelow?: string;
  confidence?: string;
  bootstrap?: string;
  seed?: string;
  correction?: string;
  missing?: string;
  maxGroups?: string;
  format?: string;
  out?: string;
  createdAt?: string;
  stats?: string[];
}

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x))
    throw new UsageError('bad_option', `--${name} must be a number, not "${v}".`);
  return x;
}

/** Maps CLI flags to library options (the only thing this command adds to the library call). */
export function auditOptionsFrom(f: AuditFlags): AuditOptions {
  if (!f.group) {
    throw new UsageError('no_groups', 'Name at least one sensitive attribute with --group.', {
      hint: 'For example --group gender,age_band (run `fairprobe inspect DATA` to see the columns).',
    });
  }
  return {
    roles: {
      score: f.score,
      label: f.label,
      prediction: f.prediction,
      groups: parseGroupSpecs(f.group),
      weight: f.weight,
      id: f.id,
    },
    read: readOptionsFrom(f),
    label: f.positive
      ? { positive: splitList(f.positive), negative: f.negative ? splitList(f.negative) : undefined }
      : undefined,
    threshold: num('threshold', f.threshold),
    selectTop: f.selectTop,
    scoreScale: f.rawScores ? 'raw' : 'probability',
    reference: f.reference,
    intersections: f.intersections as AuditOptions['intersections'],
    minGroupSize: num('min-group-size', f.minGroupSize),
    suppressBelow: num('suppress-below', f.suppressBelow),
    confidence: num('confidence', f.confidence),
    replicates: num('bootstrap', f.bootstrap),
    seed: num('seed', f.seed),
    correction: f.correction as AuditOptions['correction'],
    missing: f.missing as AuditOptions['missing'],
    maxGroups: num('max-groups', f.maxGroups),
    createdAt: f.createdAt,
  };
}

/** Renders a result in the requested format. */
export function renderAudit(result: AuditResult, format: string): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(result, null, 2)}\n`;
    case 'md':
      return formatMarkdown(result);
    case 'table':
      return `${formatSummary(result, table)}\n`;
    default:
      throw new UsageError('bad_format', `Unknown --format "${format}".`, { hint: 'Use table, json or md.' });
  }
}

/** Audits saved stats files (merged) instead of data. */
async function auditStatsFiles(files: readonly string[], flags: AuditFlags): Promise<AuditResult> {
  const shaping = ['score', 'label', 'group', 'prediction', 'weight', 'threshold', 'selectTop', 'intersections'] as const;
  const given = shaping.filter((k) => flags[k] !== undefined && !(k === 'threshold' && flags[k] === '0.5') && !(k === 'intersections' && flags[k] === 'pairs'));
  if (given.length > 0) {
    throw new UsageError('stats_fixed', `--${given[0]} cannot be used with --stats: the stats files already fixed it.`, {
      hint: 'Pass those options to `fairprobe stats` when computing the stats.',
    });
  }
  const parts = files.map((f) => {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      throw new InputError('file_not_found', `Cannot find the stats file "${f}".`, { file: f });
    }
    return parseStats(text, f);
  });
  const o = auditOptionsFrom({ ...flags, group: 'x' });
  return auditFromStats(parts, {
    reference: o.reference,
    minGroupSize: o.minGroupSize,
    suppressBelow: o.suppressBelow,
    confidence: o.confidence,
    replicates: o.replicates,
    seed: o.seed,
    correction: o.correction,
    createdAt: o.createdAt,
  });
}

/** `fairprobe audit DATA ...`: one library call, then formatting and an atomic write. */
export async function auditCommand(data: string | undefined, flags: AuditFlags, io: Io): Promise<number> {
  const format = flags.format ?? 'table';
  if (!['table', 'json', 'md'].includes(format)) renderAudit({} as AuditResult, format);
  if (data !== undefined && flags.stats) {
    throw new UsageError('data_and_stats', 'Give either a data file or --stats files, not both.');
  }
  if (data === undefined && !flags.stats) {
    throw new UsageError('no_data', 'Give the data file to audit (or --stats FILES).', {
      hint: 'For example: fairprobe audit datasets/prospects.csv --score score --label converted --group gender',
    });
  }
  const result = flags.stats ? await auditStatsFiles(flags.stats, flags) : await audit(data!, auditOptionsFrom(flags));
  const text = renderAudit(result, format);
  if (flags.out) {
    writeFileAtomic(flags.out, text);
    if (format !== 'json') io.err(`wrote ${flags.out}`);
  } else {
    io.out(text);
  }
  return 0;
}
