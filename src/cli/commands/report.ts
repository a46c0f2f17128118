import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { type AuditResult, AuditResultSchema } from '../../audit/index.js';
import { InputError, UsageError } from '../../errors.js';
import {
  type DpiaInfo,
  formatMarkdown,
  mergeDpia,
  parseDpia,
  renderHtml,
  writeChartSpecs,
  writeReport,
} from '../../report/index.js';
import { formatForOut } from '../flags.js';
import type { Io } from '../run.js';

export interface ReportFlags {
  out?: string;
  format?: string;
  specs?: string;
  title?: string;
  dpia?: string;
  purpose?: string;
  lawfulBasis?: string;
  controller?: string;
  dpo?: string;
  dataSubjects?: string;
  recipients?: string;
  retention?: string;
  mitigation?: string[];
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'it does not exist'
        : code === 'EISDIR'
          ? 'it is a folder'
          : String((e as Error).message);
    throw new InputError('file_not_found', `Cannot read the ${what} file "${file}": ${why}.`, {
      file,
      hint:
        what === 'AuditResult'
          ? 'Write one with `fairprobe audit DATA ... --format json --out result.json`, then render it with `fairprobe report result.json`.'
          : 'Check the path (it is relative to the current folder).',
    });
  }
}

/** Reads and checks a saved AuditResult (`fairprobe audit --format json`). */
export function readAuditResult(file: string): AuditResult {
  let json: unknown;
  try {
    json = JSON.parse(readText(file, 'AuditResult'));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError('bad_result', `"${file}" is not JSON: ${(e as Error).message}.`, {
      file,
      hint: 'Write an AuditResult with `fairprobe audit DATA ... --format json --out result.json`.',
    });
  }
  const r = AuditResultSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new InputError(
      'bad_result',
      `"${file}" is not a fairprobe AuditResult (fairprobe.audit/1): ${issue.path.join('.') || 'the top level'}: ${issue.message}.`,
      { file, hint: 'Write one with `fairprobe audit DATA ... --format json --out result.json`.' },
    );
  }
  return json as AuditResult;
}

/** DPIA information: a --dpia file (YAML or JSON; fields or a `dpia:` section), then the flags. */
export function dpiaFrom(f: ReportFlags): DpiaInfo {
  const file = f.dpia ? parseDpia(parseYaml(readText(f.dpia, 'DPIA'))) : undefined;
  return mergeDpia(file, {
    purpose: f.purpose,
    lawfulBasis: f.lawfulBasis,
    controller: f.controller,
    dpo: f.dpo,
    dataSubjects: f.dataSubjects,
    recipients: f.recipients,
    retention: f.retention,
    mitigations: f.mitigation?.length ? f.mitigation : undefined,
  });
}

/** `fairprobe report RESULT.json`: renders a saved AuditResult as HTML or Markdown. */
export async function reportCommand(resultFile: string, flags: ReportFlags, io: Io): Promise<number> {
  if (flags.format !== undefined && flags.format !== 'html' && flags.format !== 'md') {
    throw new UsageError('bad_format', `Unknown --format "${flags.format}".`, { hint: 'Use html or md.' });
  }
  const format = formatForOut(flags.out, flags.format, ['html', 'md'], 'html') as 'html' | 'md';
  const result = readAuditResult(resultFile);
  const options = { dpia: dpiaFrom(flags), title: flags.title };
  if (flags.out) {
    const written = await writeReport(result, { ...options, format, out: flags.out, specsDir: flags.specs });
    io.err(`wrote ${flags.out}${written.length > 1 ? ` and ${written.length - 1} more file(s)` : ''}`);
  } else {
    io.out(format === 'md' ? formatMarkdown(result, options) : renderHtml(result, options));
    if (flags.specs)
      io.err(`wrote ${writeChartSpecs(result, flags.specs).length} chart spec(s) to ${flags.specs}`);
  }
  return 0;
}
