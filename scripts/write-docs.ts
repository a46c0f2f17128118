/**
 * Writes docs/metrics.md, the metrics reference page, from the registry (`npm run docs` also
 * generates the API documentation with TypeDoc into docs/api/). A test fails when the page is stale.
 */
import { writeFileSync } from 'node:fs';
import { metricsReferenceMarkdown } from '../src/report/index.js';

writeFileSync('docs/metrics.md', metricsReferenceMarkdown());
process.stdout.write('wrote docs/metrics.md\n');
