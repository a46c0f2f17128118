/**
 * Writes the published JSON Schemas (schema/*.schema.json) from their zod sources.
 * Run by `npm run schema`; a test fails when a committed schema is out of date.
 */
import { writeFileSync } from 'node:fs';
import { auditJsonSchema } from '../src/audit/index.js';
import { driftJsonSchema } from '../src/drift/index.js';
import { POLICY_SCHEMA_PATH, policyJsonSchemaText } from '../src/policy/index.js';
import { STATS_JSON_SCHEMA_PATH, statsJsonSchemaText } from '../src/stats/index.js';

const schemas: Record<string, Record<string, unknown>> = {
  'schema/audit.schema.json': auditJsonSchema(),
  'schema/drift.schema.json': driftJsonSchema() as Record<string, unknown>,
};
for (const [path, schema] of Object.entries(schemas)) {
  writeFileSync(path, `${JSON.stringify(schema, null, 2)}\n`);
  process.stdout.write(`wrote ${path}\n`);
}
for (const [path, text] of [
  [POLICY_SCHEMA_PATH, policyJsonSchemaText()],
  [STATS_JSON_SCHEMA_PATH, statsJsonSchemaText()],
] as const) {
  writeFileSync(path, text);
  process.stdout.write(`wrote ${path}\n`);
}
