import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/index.js';
import { NOT_PROVIDED, renderHtml, reportCharts } from '../../src/report/index.js';
import { hostileResult, SCRIPT_GROUP, wideResult, XSS_COLUMN, XSS_GROUP } from './fixtures.js';

let result: AuditResult;
let html: string;
beforeAll(async () => {
  result = await hostileResult();
  html = renderHtml(result);
});

/** The page without its inlined libraries and spec JSON: what the report itself writes. */
function ownMarkup(page: string): string {
  return page.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '<script></script>');
}

describe('renderHtml', () => {
  it('is deterministic: the same result (also after a JSON round trip) gives the same bytes', () => {
    expect(renderHtml(result)).toBe(html);
    expect(renderHtml(JSON.parse(JSON.stringify(result)) as AuditResult)).toBe(html);
  });

  it('takes its date from result.createdAt, not the clock', () => {
    expect(html).toContain(result.createdAt);
    const later = { ...result, createdAt: '2030-01-01T00:00:00.000Z' };
    expect(renderHtml(later)).toContain('2030-01-01T00:00:00.000Z');
  });

  it('inlines vega, vega-lite and vega-embed and references nothing outside the page', () => {
    expect(html).toMatch(/<script>[\s\S]*vegaEmbed/);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/sourceMappingURL/);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain("connect-src 'none'");
  });

  it('escapes every string from the data in the markup', () => {
    const own = ownMarkup(html);
    expect(own).not.toContain('<img');
    expect(own).not.toContain('<b>');
    expect(own).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(own).toContain('segment&lt;b&gt;&quot;x&quot;&lt;/b&gt;');
    // Only the report's own five scripts: the libraries, the specs and the boot script.
    expect(html.match(/<script\b/g)).toHaveLength(5);
  });

  it('escapes the spec JSON against </script> breakouts', () => {
    const json = html.match(
      /<script type="application\/json" id="fairprobe-specs">([\s\S]*?)<\/script>/,
    )![1]!;
    expect(json).not.toContain('<');
    expect(json).toContain('\\u003c/script\\u003e');
    // biome-ignore lint/suspicious/noExplicitAny: parsed JSON
    const specs = JSON.parse(json) as Record<string, any>;
    const groups = specs['a0-group-rates'].data.values.map((v: { group: string }) => v.group);
    expect(groups).toContain(SCRIPT_GROUP);
    expect(groups).toContain(XSS_GROUP);
    expect(specs['a2-heatmap'].encoding.x.title).toBe(XSS_COLUMN);
  });

  it('gives every chart a figure with an aria-label, a caption and a table', () => {
    const charts = reportCharts(result);
    for (const c of charts) {
      const fig = html.match(
        new RegExp(`<figure class="chart" id="chart-${c.id}">([\\s\\S]*?)</figure>`),
      )?.[1];
      expect(fig, c.id).toBeDefined();
      expect(fig).toMatch(/data-chart="[a-z0-9-]+" role="img" aria-label="[^"]+"/);
      expect(fig).toContain('<figcaption>');
      expect(fig).toContain('<table>');
    }
  });

  it('has every section, and the metric definitions from the registry', () => {
    for (const id of ['summary', 'data', 'attribute-0', 'definitions', 'warnings', 'methodology', 'dpia'])
      expect(html).toContain(`<section id="${id}"`);
    expect(html).toContain('(TP + FP + selected unlabeled) / all rows');
    expect(html).toContain('Reproducibility fingerprint');
    expect(html).toContain(result.input.sha256);
  });

  it('marks absent DPIA statements instead of inventing them, and shows given ones', () => {
    expect(html.split(NOT_PROVIDED).length - 1).toBeGreaterThanOrEqual(7);
    const given = renderHtml(result, {
      dpia: {
        purpose: 'Prioritise <inbound> leads',
        lawfulBasis: 'Art. 6(1)(f)',
        controller: 'Acme',
        dpo: 'D. P. O.',
      },
    });
    expect(given).toContain('Prioritise &lt;inbound&gt; leads');
    expect(given).toContain('Art. 6(1)(f)');
    expect(given.split(NOT_PROVIDED).length).toBeLessThan(html.split(NOT_PROVIDED).length);
  });

  it('uses factual wording and shows statuses with a symbol and words', () => {
    const text = ownMarkup(html).replace(/<[^>]+>/g, ' ');
    expect(text).not.toMatch(/\b(unfair|biased|discriminat\w*)\b/i);
    expect(text).toMatch(/▲ outside the four-fifths band|✓ within the four-fifths band/);
    expect(text).toMatch(/(not )?statistically significant/);
  });

  it('renders policy verdicts per attribute when the result has them', () => {
    const verdicts = [
      {
        rule: 0,
        ruleText: 'disparate_impact >= 0.8',
        metric: 'disparate_impact',
        attributes: ['gender'],
        group: [XSS_GROUP],
        reference: ['male'],
        n: 92,
        status: 'fail',
        value: 0.6,
        interval: { low: 0.5, high: 0.7 },
        reason: `gender = ${XSS_GROUP}: 0.60 is below 0.8`,
      },
      {
        ...{ rule: 0, ruleText: 'disparate_impact >= 0.8', metric: 'disparate_impact' },
        attributes: ['gender'],
        group: ['female'],
        reference: ['male'],
        n: 500,
        status: 'pass',
        value: 0.9,
        interval: null,
        reason: 'ok',
      },
    ];
    const judged = {
      ...result,
      verdicts,
      policy: { sha256: 'a'.repeat(64), outcome: { status: 'fail' } },
    } as unknown as AuditResult;
    const page = renderHtml(judged);
    expect(page).toContain('✗ fail — outside the policy&#39;s tolerance');
    expect(page).toContain('Verdicts per attribute');
    expect(ownMarkup(page)).not.toContain('<img');
    expect(page).toContain('Policy SHA-256');
  });

  it('stays under 2 MB with many groups and intersections (aggregates only)', async () => {
    const wide = await wideResult();
    const groups = wide.attributes.reduce((a, x) => a + x.groups.length, 0);
    expect(groups).toBeGreaterThan(500);
    const page = renderHtml(wide);
    expect(Buffer.byteLength(page)).toBeLessThan(2 * 1024 * 1024);
  });
});
