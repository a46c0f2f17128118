import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../src/index.js';
import { metricsReferenceMarkdown } from '../../src/report/index.js';

describe('docs/metrics.md', () => {
  it('is what `npm run docs` generates from the registry (up to date)', () => {
    expect(readFileSync('docs/metrics.md', 'utf8')).toBe(metricsReferenceMarkdown());
  });

  it('has one row per metric, with its formula', () => {
    const page = metricsReferenceMarkdown();
    for (const m of METRICS) {
      expect(page).toContain(`| \`${m.id}\` |`);
    }
    expect(page.split('\n').filter((l) => l.startsWith('| `')).length).toBe(METRICS.length);
  });
});
