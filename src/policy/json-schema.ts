import { z } from 'zod';
import { PolicySchema } from './schema.js';

/** Where the published schema lives in the package. */
export const POLICY_SCHEMA_PATH = 'schema/policy.schema.json';

/**
 * The JSON Schema (draft 2020-12) of policy files, generated from the zod schema; published as
 * `schema/policy.schema.json` (regenerate with `npm run schema`).
 */
export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(PolicySchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://unpkg.com/fairprobe/schema/policy.schema.json',
  };
}

/** The schema file's exact text. */
export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}
