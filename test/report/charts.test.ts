import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/index.js';
import {
  calibrationData,
  calibrationSpec,
  disparityRatiosData,
  disparityRatiosSpec,
  groupRatesData,
  groupRatesSpec,
  intersectionHeatmapData,
  intersectionHeatmapSpec,
  reportCharts,
  rocData,
  rocSpec,
  scoreDistributionData,
  scoreDistributionSpec,
  thresholdSweepData,
  thresholdSweepSpec,
} from '../../src/report/charts/index.js';
import { hostileResult, XSS_COLUMN, XSS_GROUP } from './fixtures.js';

const require = createRequire(import.meta.url);
const schemaPath = require.resolve('vega-lite/vega-lite-schema.json');
const ajv = new Ajv({ allowUnionTypes: true, strict: false, validateFormats: false });
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

// biome-ignore lint/suspicious/noExplicitAny: specs are inspected as plain JSON
type Json = any;

let result: AuditResult;
beforeAll(async () => {
  result = await hostileResult();
});

describe('every chart spec', () => {
  it('validates against the Vega-Lite JSON schema shipped with vega-lite', () => {
    const charts = reportCharts(result);
    expect(charts.length).toBeGreaterThanOrEqual(8);
    for (const c of charts) {
      const ok = validate(c.spec);
      expect(ok, `${c.id}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });

  it('the validator rejects a broken spec (it checks something)', () => {
    expect(validate({ mark: 'no-such-mark', encoding: { x: { field: 'a', type: 'bogus' } } })).toBe(false);
  });

  it('has a title, a description, a table and an id made of safe characters only', () => {
    for (const c of reportCharts(result)) {
      expect(c.id).toMatch(/^a\d+-[a-z-]+$/);
      expect(c.title.length).toBeGreaterThan(0);
      expect((c.spec as Json).title.text).toBe(c.title);
      expect((c.spec as Json).description).toBe(c.description);
      expect(c.table.columns.length).toBeGreaterThan(0);
      expect(c.table.rows.length).toBeGreaterThan(0);
      for (const row of c.table.rows) expect(row).toHaveLength(c.table.columns.length);
    }
  });

  it('is a pure function of the result (same input, equal output)', () => {
    expect(JSON.stringify(reportCharts(result))).toBe(JSON.stringify(reportCharts(structuredClone(result))));
  });
});

describe('group rates', () => {
  it('has one row per group and rate with the interval, and marks the reference group', () => {
    const rows = groupRatesData(result, 0);
    const a = result.attributes[0]!;
    expect(rows).toHaveLength(3 * a.groups.length);
    const female = a.groups.find((g) => g.values[0] === 'female')!;
    const sel = rows.find((r) => r.group === 'female' && r.metric === 'Selection rate')!;
    expect(sel.value).toBeCloseTo(female.metrics.selection_rate!.value!, 4);
    expect(sel.low).toBeCloseTo(female.metrics.selection_rate!.interval!.low, 4);
    expect(rows.filter((r) => r.group.endsWith(' (reference)')).length).toBe(3);
    expect(rows.some((r) => r.group === XSS_GROUP)).toBe(true);
  });

  it('encodes the estimate on x, error bars from low to high, metric by colour and shape', () => {
    const s = groupRatesSpec(result, 0) as Json;
    expect(s.encoding.y.field).toBe('group');
    expect(s.encoding.yOffset.field).toBe('metric');
    const [bars, points] = s.layer;
    expect(bars.mark.type).toBe('rule');
    expect(bars.encoding.x.field).toBe('low');
    expect(bars.encoding.x2.field).toBe('high');
    expect(points.encoding.x.field).toBe('value');
    expect(points.encoding.color.field).toBe('metric');
    expect(points.encoding.shape.field).toBe('metric');
  });
});

describe('disparity ratios', () => {
  it('leaves out the reference group and gives each ratio its four-fifths status in words', () => {
    const rows = disparityRatiosData(result, 0);
    expect(rows.some((r) => r.group === 'male')).toBe(false);
    for (const r of rows) expect(r.status).toMatch(/^(✓ within|▲ outside|\? not defined)/);
  });

  it('draws the band from 0.8 to 1.25 and a rule at 1', () => {
    const s = disparityRatiosSpec(result, 0) as Json;
    expect(s.layer[0].mark.type).toBe('rect');
    expect(s.layer[0].data.values).toEqual([{ value: 0.8, high: 1.25 }]);
    expect(s.layer[1].mark.type).toBe('rule');
    expect(s.layer[1].data.values).toEqual([{ value: 1 }]);
    expect(s.layer[2].layer[1].encoding.x.field).toBe('value');
  });
});

describe('curves', () => {
  it('ROC: series per group from the sweep, flattened in the spec, with the chance diagonal', () => {
    const series = rocData(result, 0);
    const a = result.attributes[0]!;
    expect(series).toHaveLength(a.groups.length);
    const g = a.groups[0]!;
    expect(series[0]!.fpr).toHaveLength(g.curves!.sweep.fpr.length);
    const s = rocSpec(result, 0) as Json;
    expect(s.layer[0].data.values).toEqual([
      { fpr: 0, tpr: 0 },
      { fpr: 1, tpr: 1 },
    ]);
    expect(s.layer[1].transform[0]).toEqual({ flatten: ['threshold', 'fpr', 'tpr'] });
    expect(s.layer[1].encoding.x.field).toBe('fpr');
    expect(s.layer[1].encoding.y.field).toBe('tpr');
    expect(s.layer[1].encoding.strokeDash.field).toBe('group');
  });

  it('calibration: mean score against conversion rate per bin', () => {
    const rows = calibrationData(result, 0);
    expect(rows.length).toBeGreaterThan(0);
    const s = calibrationSpec(result, 0) as Json;
    expect(s.layer[1].encoding.x.field).toBe('meanScore');
    expect(s.layer[1].encoding.y.field).toBe('conversionRate');
  });

  it('score distributions: shares of each group sum to 1', () => {
    const rows = scoreDistributionData(result, 0);
    const female = rows.filter((r) => r.group === 'female');
    expect(female).toHaveLength(20);
    expect(female.reduce((a, r) => a + r.share, 0)).toBeCloseTo(1, 3);
    expect((scoreDistributionSpec(result, 0) as Json).layer[1].data.values).toEqual([{ mid: 0.5 }]);
  });

  it('threshold sweep: selection rate and TPR panels with a rule at the audited threshold', () => {
    const series = thresholdSweepData(result, 0);
    expect(new Set(series.map((s) => s.metric))).toEqual(new Set(['Selection rate', 'True positive rate']));
    expect(series.every((s) => s.cut === 0.5)).toBe(true);
    const s = thresholdSweepSpec(result, 0) as Json;
    expect(s.facet.column.field).toBe('metric');
    expect(s.spec.layer[1].encoding.x).toMatchObject({ field: 'cut', aggregate: 'min' });
  });
});

describe('intersection heatmap', () => {
  it('has a cell per combination, labelled with the rate or as suppressed (no count shown)', () => {
    const i = result.attributes.findIndex((a) => a.attributes.length === 2);
    const a = result.attributes[i]!;
    expect(a.attributes).toEqual(['gender', XSS_COLUMN]);
    const cells = intersectionHeatmapData(result, i);
    expect(cells).toHaveLength(a.groups.length + a.suppressed.length);
    expect(a.suppressed.length).toBeGreaterThan(0);
    for (const c of cells.filter((x) => x.value === null)) expect(c.label).toMatch(/^(suppressed|no rows)/);
    const s = intersectionHeatmapSpec(result, i) as Json;
    expect(s.encoding.x.field).toBe('column');
    expect(s.encoding.y.field).toBe('row');
    expect(s.layer[2].encoding.text.field).toBe('label');
  });

  it('is only built for two-attribute intersections', () => {
    expect(intersectionHeatmapData(result, 0)).toEqual([]);
  });
});
