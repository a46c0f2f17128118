/**
 * Rebuilds the example reports in reports/ from datasets/ (`npm run reports`). The audit has a fixed
 * `createdAt`, so the output is byte-for-byte reproducible; test/report/examples.test.ts checks that
 * the committed files are up to date.
 */
import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { audit } from '../src/audit/index.js';
import { writeReport } from '../src/report/index.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The timestamp recorded in the example results (reports take their date from it). */
export const EXAMPLE_CREATED_AT = '2026-01-01T00:00:00.000Z';

/**
 * Audits datasets/prospects.csv and writes, into `outDir`: the AuditResult (JSON), the HTML report,
 * and the Markdown report with its SVG charts. Returns the written paths relative to `outDir`.
 */
export async function buildExampleReports(outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const previous = process.cwd();
  process.chdir(ROOT); // the source is recorded by its relative path
  try {
    const result = await audit('datasets/prospects.csv', {
      roles: {
        score: 'score',
        label: 'converted',
        groups: [{ column: 'gender' }, { column: 'age_band' }, { column: 'company_size' }],
      },
      createdAt: EXAMPLE_CREATED_AT,
      // One thread: floating-point sums then add up in the same order on every run.
      read: { engine: { threads: 1 } },
    });
    const base = join(outDir, 'prospects-audit');
    const dpia = {
      purpose:
        'Example only: prioritising inbound leads for sales follow-up, on the synthetic data set in datasets/ (no real person).',
    };
    writeFileAtomic(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
    const written = [
      `${base}.json`,
      ...(await writeReport(result, { format: 'html', out: `${base}.html`, dpia })),
      ...(await writeReport(result, { format: 'md', out: `${base}.md`, dpia })),
    ];
    return written.map((p) => relative(outDir, p));
  } finally {
    process.chdir(previous);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await buildExampleReports(join(ROOT, 'reports'));
  process.stderr.write(`wrote ${files.length} files to reports/\n`);
}
