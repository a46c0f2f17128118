/**
 * Using fairprobe from a TypeScript program: audit scored leads, judge them against a policy, and
 * write the HTML report — the same steps as the CLI, as library calls.
 *
 *   npx tsx examples/library/audit-in-code.ts [OUT_DIR]
 *
 * In your own project, import from 'fairprobe' instead of the relative path.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { audit, evaluatePolicy, validatePolicy, writeReport } from '../../src/index.js';

const out = process.argv[2] ?? 'example-output';
mkdirSync(out, { recursive: true });

// 1. The criteria, written down once (usually a YAML file read with loadPolicy).
const policy = validatePolicy({
  rules: [
    { metric: 'disparate_impact', min: 0.8, warn: 0.9 },
    { metric: 'equal_opportunity_difference', abs: true, max: 0.1, warn: 0.05 },
  ],
});

// 2. One pass over the data; aggregates only from here on.
const result = await audit('datasets/prospects.csv', {
  roles: {
    score: 'score',
    label: 'converted',
    groups: [{ column: 'gender' }, { column: 'age_band' }, { column: 'company_size' }],
  },
  threshold: 0.5,
  intersections: 'none',
  createdAt: '2026-01-01T00:00:00.000Z', // reproducible output for this example
});

// 3. The numbers, straight from the AuditResult.
for (const attribute of result.attributes) {
  for (const g of attribute.groups) {
    const di = g.disparities?.disparate_impact;
    if (di?.value == null) continue;
    console.log(
      `${attribute.attributes.join(' × ')} = ${g.values.join(' & ')}: selection ${g.metrics.selection_rate?.value?.toFixed(3)}, ` +
        `disparate impact ${di.value.toFixed(2)} [${di.interval?.low.toFixed(2)}, ${di.interval?.high.toFixed(2)}]`,
    );
  }
}

// 4. Verdicts: a pure function of the result and the policy.
const verdicts = evaluatePolicy(result, policy);
const failed = verdicts.filter((v) => v.status === 'fail');
console.log(`${failed.length} rule(s) failed:`);
for (const v of failed) console.log(`- ${v.reason}`);

// 5. The report for the DPIA file (self-contained HTML).
await writeReport(result, { format: 'html', out: join(out, 'audit.html') });
console.log(`wrote ${join(out, 'audit.html')}`);
process.exitCode = failed.length > 0 ? 2 : 0;
