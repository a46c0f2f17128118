import { openSource, planScan } from '../../src/data/index.js';
import { scanSql } from '../../src/stats/index.js';

for (const extra of [
  [],
  ['SET preserve_insertion_order = false'],
  ['SET preserve_insertion_order = false', "SET max_temp_directory_size = '10GB'"],
]) {
  const source = await openSource('/tmp/big1500k.csv', {
    engine: { memoryLimit: '50MB', tempDirectory: '/tmp/spill', threads: 2 },
  });
  for (const e of extra) await source.connection.run(e);
  const plan = await planScan(
    source,
    {
      score: 'score',
      label: 'converted',
      groups: [{ column: 'gender' }, { column: 'age_band' }, { column: 'company_size' }],
    },
    { decision: { kind: 'threshold', threshold: 0.5 } },
  );
  const t = Date.now();
  try {
    const raw = await scanSql(source, plan);
    console.log(extra, 'ok', raw.length, Date.now() - t);
  } catch (e) {
    console.log(extra, 'FAIL', String(e).slice(0, 150));
  }
  source.close();
}
