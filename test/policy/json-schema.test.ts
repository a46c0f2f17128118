/**
 * schema/policy.schema.json is generated from the zod schema and up to date, and the starter policy
 * and the example policies validate against it (as editors and CI linters would check them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  POLICY_SCHEMA_PATH,
  parsePolicy,
  policyJsonSchemaText,
  starterPolicy,
} from '../../src/policy/index.js';

const root = join(import.meta.dirname, '..', '..');

describe('schema/policy.schema.json', () => {
  it('is up to date with the zod schema (regenerate: npm run schema)', () => {
    expect(readFileSync(join(root, POLICY_SCHEMA_PATH), 'utf8')).toBe(policyJsonSchemaText());
  });

  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(join(root, POLICY_SCHEMA_PATH), 'utf8')));

  it('accepts the starter policy and every example policy; zod agrees', () => {
    const examples = readdirSync(join(root, 'examples', 'policy')).filter((f) => f.endsWith('.yml'));
    expect(examples.length).toBeGreaterThan(0);
    for (const text of [
      starterPolicy(),
      ...examples.map((f) => readFileSync(join(root, 'examples', 'policy', f), 'utf8')),
    ]) {
      expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
      expect(() => parsePolicy(text)).not.toThrow();
    }
  });

  it('rejects unknown keys and metric names, as zod does', () => {
    expect(validate({ rules: [{ metric: 'disparate_impact', min: 0.8, colour: 'red' }] })).toBe(false);
    expect(validate({ rules: [{ metric: 'disparate_impakt', min: 0.8 }] })).toBe(false);
    expect(validate({ rules: [{ metric: 'disparate_impact', min: 0.8 }], extra: 1 })).toBe(false);
  });
});
