import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit, auditJsonSchema } from '../../src/audit/index.js';
import type { AuditResult } from '../../src/index.js';

const published = JSON.parse(readFileSync('schema/audit.schema.json', 'utf8')) as Record<string, unknown>;

describe('schema/audit.schema.json', () => {
  let results: AuditResult[];
  beforeAll(async () => {
    results = [
      await audit('datasets/prospects.csv', {
        roles: { score: 'score', label: 'converted', groups: [{ column: 'gender' }, { column: 'age_band' }] },
        replicates: 50,
      }),
      // Label-only, weighted, binned numeric group, suppressed groups, top-k selection.
      await audit(
        {
          rows: Array.from({ length: 300 }, (_, i) => ({
            age: 18 + (i % 60),
            y: i % 3 === 0 ? 'yes' : 'no',
            w: 1 + (i % 4),
          })),
        },
        { roles: { label: 'y', weight: 'w', groups: [{ column: 'age', edges: [25, 70] }] }, replicates: 20 },
      ),
      await audit('datasets/prospects.csv', {
        roles: { score: 'score', groups: [{ column: 'region' }, { column: 'gender' }] },
        selectTop: '10%',
        suppressBelow: 200,
        replicates: 20,
      }),
    ];
  });

  it('is what `npm run schema` writes from the zod source (up to date)', () => {
    expect(published).toEqual(JSON.parse(JSON.stringify(auditJsonSchema())));
  });

  it('validates every kind of result', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(published);
    for (const r of results) {
      const ok = validate(JSON.parse(JSON.stringify(r)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('rejects a result with an unknown field or a NaN-like value', () => {
    const validate = new Ajv2020({ strict: false }).compile(published);
    const r = JSON.parse(JSON.stringify(results[0])) as Record<string, unknown>;
    expect(validate({ ...r, surprise: 1 })).toBe(false);
    const overall = r.overall as { metrics: Record<string, { value: unknown }> };
    overall.metrics.tpr!.value = 'NaN';
    expect(validate(r)).toBe(false);
  });
});
