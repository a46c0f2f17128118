import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { atomicWrite } from '../util/atomic-write.js';
import { leadId, leadIdWidth } from './generate-prospects.js';
import { prospectChunks } from './prospect-model.js';
import { type ResolvedProspectOptions, resolveProspectOptions } from './resolve-options.js';
import {
  AGE_BANDS,
  COMPANY_SIZES,
  GENDERS,
  INDUSTRIES,
  PROSPECT_COLUMNS,
  type ProspectOptions,
  REGIONS,
} from './schema.js';

/** Rows formatted per write: bounds memory to a few MB whatever the number of rows. */
const CHUNK_ROWS = 16_384;

/** The CSV text, header first, then one string per chunk of rows. */
function* csvText(resolved: ResolvedProspectOptions): Generator<string, void, undefined> {
  const { days, rows } = resolved;
  const width = leadIdWidth(rows);
  yield `${PROSPECT_COLUMNS.join(',')}\n`;
  for (const c of prospectChunks(resolved, CHUNK_ROWS)) {
    let text = '';
    for (let j = 0; j < c.length; j++) {
      text +=
        `${leadId(c.offset + j, width)},${days[c.day[j]!]},${c.score[j]!.toFixed(4)},${c.converted[j]},` +
        `${GENDERS[c.gender[j]!]},${AGE_BANDS[c.ageBand[j]!]},${REGIONS[c.region[j]!]},` +
        `${COMPANY_SIZES[c.companySize[j]!]},${INDUSTRIES[c.industry[j]!]},${c.emailOpens[j]},${c.webVisits[j]}\n`;
    }
    yield text;
  }
}

/**
 * Streams the synthetic prospects to a CSV file (header row, `\n` line ends, no quoting needed), in
 * chunks with backpressure and in bounded memory, so it also serves benchmarks with tens of millions
 * of rows. The file is written atomically (temporary file in the same directory, then renamed). Its
 * rows are exactly those of {@link generateProspects} with the same options; scores have 4 decimals.
 *
 * @example
 * await writeProspectsCsv('/tmp/prospects-10m.csv', { rows: 10_000_000 });
 */
export async function writeProspectsCsv(path: string, options: ProspectOptions = {}): Promise<void> {
  const resolved = resolveProspectOptions(options);
  await atomicWrite(path, (tempPath) =>
    pipeline(Readable.from(csvText(resolved)), createWriteStream(tempPath, { encoding: 'utf8' })),
  );
}
