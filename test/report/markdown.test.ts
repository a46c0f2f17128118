import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/index.js';
import {
  formatMarkdown,
  NOT_PROVIDED,
  parseDpia,
  renderMarkdown,
  renderSvg,
  reportCharts,
  writeReport,
} from '../../src/report/index.js';
import { tempDir } from '../helpers/data.js';
import { hostileResult, XSS_GROUP } from './fixtures.js';

let result: AuditResult;
const tmp = tempDir('fairprobe-report-');
beforeAll(async () => {
  result = await hostileResult();
});
afterAll(() => tmp.cleanup());

describe('renderMarkdown', () => {
  it('is deterministic and is what formatMarkdown returns', () => {
    const md = renderMarkdown(result, { chartDir: 'x-charts' });
    expect(renderMarkdown(JSON.parse(JSON.stringify(result)), { chartDir: 'x-charts' })).toBe(md);
    expect(formatMarkdown(result)).toBe(renderMarkdown(result));
  });

  it('escapes data strings: no raw HTML from the data, no broken table cells', () => {
    const md = renderMarkdown(result);
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<script');
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    for (const line of md.split('\n').filter((l) => l.startsWith('| '))) {
      const header = md.split('\n').find((l) => l.startsWith('| ') && md.indexOf(l) <= md.indexOf(line));
      expect(header).toBeDefined();
      expect(line.endsWith(' |')).toBe(true);
    }
  });

  it('links each chart as an SVG beside the file, with the description as alt text', () => {
    const md = renderMarkdown(result, { chartDir: 'report-charts' });
    for (const c of reportCharts(result)) expect(md).toContain(`](report-charts/${c.id}.svg)`);
    expect(renderMarkdown(result)).not.toContain('.svg)');
  });

  it('marks absent DPIA statements and shows given ones', () => {
    expect(renderMarkdown(result)).toContain(NOT_PROVIDED);
    const md = renderMarkdown(result, { dpia: parseDpia({ dpia: { lawful_basis: 'Art. 6(1)(f) GDPR' } }) });
    expect(md).toContain('**Lawful basis:** Art. 6(1)(f) GDPR');
  });

  it('an unknown DPIA field suggests the nearest, in the snake_case the files use', () => {
    expect(() => parseDpia({ lawfull_basis: 'x' })).toThrow(
      expect.objectContaining({
        code: 'bad_dpia',
        message: 'Unknown DPIA field "lawfull_basis".',
        hint: expect.stringMatching(
          /^Did you mean "lawful_basis"\? Known fields: purpose, lawful_basis, controller, dpo, data_subjects,/,
        ),
      }),
    );
    expect(() => parseDpia({ dataSubject: 'x' })).toThrow(
      expect.objectContaining({ hint: expect.stringContaining('Did you mean "data_subjects"?') }),
    );
  });
});

describe('renderSvg', () => {
  it('renders a chart headless with text escaped, the same on every call', async () => {
    const c = reportCharts(result)[0]!;
    const svg = await renderSvg(c.spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toContain(XSS_GROUP);
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(await renderSvg(c.spec)).toBe(svg);
  });
});

describe('writeReport', () => {
  it('writes Markdown with its SVG charts beside it, removing stale SVGs, and the specs on request', async () => {
    const out = join(tmp.dir, 'audit.md');
    const specs = join(tmp.dir, 'specs');
    const stale = join(tmp.dir, 'audit-charts', 'old.svg');
    await writeReport(result, { format: 'md', out, specsDir: specs });
    writeFileSync(stale, '<svg/>');
    const written = await writeReport(result, { format: 'md', out, specsDir: specs });
    const charts = reportCharts(result);
    expect(written).toHaveLength(2 * charts.length + 1);
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(join(tmp.dir, 'audit-charts')).sort()).toEqual(
      charts.map((c) => `${c.id}.svg`).sort(),
    );
    const spec = JSON.parse(readFileSync(join(specs, `${charts[0]!.id}.vl.json`), 'utf8'));
    expect(spec).toEqual(JSON.parse(JSON.stringify(charts[0]!.spec)));
    expect(readFileSync(out, 'utf8')).toContain('](audit-charts/a0-group-rates.svg)');
  });

  it('writes one self-contained HTML file', async () => {
    const out = join(tmp.dir, 'html', 'r.html');
    expect(await writeReport(result, { format: 'html', out })).toEqual([out]);
    expect(readdirSync(join(tmp.dir, 'html'))).toEqual(['r.html']);
  });

  it('writes the AuditResult as JSON, and refuses a format it does not know', async () => {
    const out = join(tmp.dir, 'json', 'r.json');
    expect(await writeReport(result, { format: 'json', out })).toEqual([out]);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(JSON.stringify(result)));
    await expect(
      writeReport(result, { format: 'pdf' as never, out: join(tmp.dir, 'r.pdf') }),
    ).rejects.toMatchObject({
      code: 'bad_format',
      hint: 'Use one of html, md, json.',
    });
    expect(readdirSync(tmp.dir)).not.toContain('r.pdf');
  });
});
