/**
 * The HTML report in a real browser (Debian's Chromium, driven by playwright-core): it loads with
 * the network blocked and makes no request, logs no error, draws every chart, keeps hostile group
 * names inert, and prints to PDF. Screenshots go to test-artifacts/ (look at them).
 * Skipped, with a message, when /usr/bin/chromium is absent (`apt-get install -y chromium`).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/index.js';
import { hostileResult, SCRIPT_GROUP, XSS_GROUP } from '../report/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve('test-artifacts');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `[browser tests] SKIPPED: ${CHROMIUM} not found. Install it with: apt-get install -y chromium`,
  );
}

interface Loaded {
  page: Page;
  requests: string[];
  errors: string[];
  dialogs: string[];
}

let browser: Browser | undefined;

async function load(file: string): Promise<Loaded> {
  const page = await browser!.newPage({ viewport: { width: 1200, height: 900 } });
  const out: Loaded = { page, requests: [], errors: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') out.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => out.errors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    out.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    out.requests.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('html[data-charts-ready]', { timeout: 60_000 });
  return out;
}

async function expectChartsDrawn(page: Page): Promise<number> {
  const charts = await page.$$eval('[data-chart]', (els) =>
    els.map((el) => ({
      id: el.getAttribute('data-chart'),
      rendered: el.getAttribute('data-rendered'),
      marks: el.querySelectorAll(
        'svg .mark-symbol path, svg .mark-line path, svg .mark-rect path, svg .mark-rule line, svg .mark-text text',
      ).length,
      label: el.getAttribute('aria-label') ?? '',
    })),
  );
  expect(charts.length).toBeGreaterThan(0);
  for (const c of charts) {
    expect(c.rendered, `${c.id} rendered`).toBe('true');
    expect(c.marks, `${c.id} has marks`).toBeGreaterThan(2);
    expect(c.label.length, `${c.id} has an aria-label`).toBeGreaterThan(20);
  }
  return charts.length;
}

describe.skipIf(!hasChromium)('HTML report in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the example report: no request, no console error, every chart drawn, prints to PDF', async () => {
    const file = resolve('reports/prospects-audit.html');
    const { page, requests, errors, dialogs } = await load(file);
    const drawn = await expectChartsDrawn(page);
    expect(drawn).toBe(Number(await page.getAttribute('html', 'data-charts-ready')));
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'report-full.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ path: join(ARTIFACTS, 'report.pdf'), format: 'A4', printBackground: true });
    expect(pdf.byteLength).toBeGreaterThan(50_000);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('hostile group and column names render as text and run nothing', async () => {
    const result = await hostileResult();
    const file = join(ARTIFACTS, 'report-hostile.html');
    writeFileSync(file, renderHtml(result));
    const { page, requests, errors, dialogs } = await load(file);
    await expectChartsDrawn(page);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    // No element came from the data: no <img>, and only the report's own five <script> elements.
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(5);
    expect(await page.locator('b').count()).toBe(0);
    // The names are shown as text, in tables and in the drawn charts.
    expect(await page.locator('th', { hasText: XSS_GROUP }).count()).toBeGreaterThan(0);
    expect(await page.locator('th', { hasText: SCRIPT_GROUP }).count()).toBeGreaterThan(0);
    const chartText = await page.locator('[data-chart="a0-group-rates"] svg').textContent();
    expect(chartText).toContain(XSS_GROUP);
    await page.screenshot({ path: join(ARTIFACTS, 'report-hostile.png'), fullPage: false });
    await page.close();
  });
});
