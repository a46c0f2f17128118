import { prospectChunks } from './prospect-model.js';
import { resolveProspectOptions } from './resolve-options.js';
import {
  AGE_BANDS,
  COMPANY_SIZES,
  GENDERS,
  INDUSTRIES,
  type ProspectColumns,
  type ProspectOptions,
  REGIONS,
} from './schema.js';

/** `L000001`-style id of the 0-based row `index`, zero-padded to `width` digits. */
export function leadId(index: number, width: number): string {
  return `L${String(index + 1).padStart(width, '0')}`;
}

/** Digits of the lead ids of a data set of `rows` rows (at least 6, so ids sort as text). */
export function leadIdWidth(rows: number): number {
  return Math.max(6, String(rows).length);
}

/**
 * Generates the seeded synthetic prospect-scoring data set in memory, as column arrays. The same
 * options always give the same data, identical to what {@link writeProspectsCsv} writes.
 *
 * The score carries known injected biases (see `datasets/README.md`): lower for `female` at equal
 * base rates, lower for age band `55+`, an upward drift for region `east` in the last three months;
 * `company_size` is independent of everything (a control).
 *
 * @example
 * const data = generateProspects({ rows: 1000, seed: 7 });
 * data.score.length; // => 1000
 * data.lead_id[0]; // => 'L000001'
 */
export function generateProspects(options: ProspectOptions = {}): ProspectColumns {
  const resolved = resolveProspectOptions(options);
  const { rows, days } = resolved;
  const width = leadIdWidth(rows);
  const out: ProspectColumns = {
    lead_id: new Array<string>(rows),
    signup_date: new Array<string>(rows),
    score: new Float64Array(rows),
    converted: new Uint8Array(rows),
    gender: new Array(rows),
    age_band: new Array(rows),
    region: new Array(rows),
    company_size: new Array(rows),
    industry: new Array(rows),
    email_opens: new Uint16Array(rows),
    web_visits: new Uint16Array(rows),
  };
  for (const c of prospectChunks(resolved)) {
    out.score.set(c.score, c.offset);
    out.converted.set(c.converted, c.offset);
    out.email_opens.set(c.emailOpens, c.offset);
    out.web_visits.set(c.webVisits, c.offset);
    for (let j = 0; j < c.length; j++) {
      const i = c.offset + j;
      out.lead_id[i] = leadId(i, width);
      out.signup_date[i] = days[c.day[j]!]!;
      out.gender[i] = GENDERS[c.gender[j]!]!;
      out.age_band[i] = AGE_BANDS[c.ageBand[j]!]!;
      out.region[i] = REGIONS[c.region[j]!]!;
      out.company_size[i] = COMPANY_SIZES[c.companySize[j]!]!;
      out.industry[i] = INDUSTRIES[c.industry[j]!]!;
    }
  }
  return out;
}
