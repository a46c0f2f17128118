import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { chartPage, trendChart } from '../../src/index.js';

const points = [
  { x: '#1', series: 'score · (overall)', value: 0.02, status: 'ok' },
  { x: '#2', series: 'score · (overall)', value: 0.3, status: 'alarm' },
  { x: '#1', series: 'score · region=east', value: 0.12, status: 'warn' },
];

describe('drift charts', () => {
  it('are Vega-Lite specs that compile, with shaded warn and alarm bands', () => {
    const spec = trendChart(points, {
      title: 'PSI',
      band: { warn: 0.1, alarm: 0.25 },
      yTitle: 'PSI',
      xTitle: 'run',
    });
    expect(() => compile(spec)).not.toThrow();
    const layers = (spec as { layer: { data?: { values: { from: number; to: number; level: string }[] } }[] })
      .layer;
    expect(layers[0]!.data!.values.map((b) => [b.level, b.from])).toEqual([
      ['warn', 0.1],
      ['alarm', 0.25],
    ]);
    expect(
      trendChart(points, { title: 'PSI', band: { warn: 0.1, alarm: 0.25 }, yTitle: 'PSI', xTitle: 'run' }),
    ).toEqual(spec);
  });

  it('validate against the Vega-Lite JSON schema', () => {
    const schema = JSON.parse(readFileSync('node_modules/vega-lite/build/vega-lite-schema.json', 'utf8'));
    const validate = new Ajv({ strict: false, allowUnionTypes: true, logger: false }).compile(schema);
    const ok = validate(
      trendChart(points, { title: 't', band: { warn: 0.1, alarm: 0.25 }, yTitle: 'y', xTitle: 'x' }),
    );
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('render into a self-contained HTML page (scripts inlined, nothing fetched)', () => {
    const html = chartPage({
      title: 'a <title>',
      summary: 's & t',
      charts: [trendChart(points, { title: '</script><b>', yTitle: 'y', xTitle: 'x' })],
    });
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/https?:\/\/(?!vega\.github\.io\/schema)[^"'\s]+\.js/);
    expect(html).toContain('a &lt;title&gt;');
    expect(html).toContain('vegaEmbed(');
    expect(html.match(/<\/script>/g)!.length).toBe(4);
  });
});
