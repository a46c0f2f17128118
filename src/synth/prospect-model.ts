/**
 * The generative model behind the synthetic prospects, and the biases injected into its score.
 *
 * Per lead: sensitive attributes (gender, age band), region, company size and industry are drawn
 * independently. A latent engagement drives email opens and web visits (Poisson counts). The true
 * conversion logit depends only on opens, visits, industry and an unobserved intent term; `converted`
 * is a Bernoulli draw from it, so base rates are equal across gender, age band, region and company size.
 * The model score sees the observable part with estimation noise, is shifted up as if trained on a
 * rebalanced sample, and carries the injected biases of {@link PROSPECT_BIAS}.
 */
import { cumulative, sampleIndex, sampleNormal, samplePoisson } from './distributions.js';
import { createPrng } from './prng.js';
import type { ResolvedProspectOptions } from './resolve-options.js';

/** The injected truths: offsets added to the score logit (never to the true conversion logit). */
export const PROSPECT_BIAS = {
  /** Added for `gender = female`. */
  femaleLogitOffset: -0.35,
  /** Added for `age_band = 55+`. */
  age55PlusLogitOffset: -0.6,
  /** The region whose scores drift up in the last three months. */
  driftRegion: 'east',
  /** Added for the drift region in the last three months. */
  driftLogitOffset: 0.95,
} as const;

// Level weights, in the order of the level lists in schema.ts.
const GENDER_CDF = cumulative([0.48, 0.49, 0.03]);
const AGE_CDF = cumulative([0.13, 0.27, 0.25, 0.2, 0.15]);
const REGION_CDF = cumulative([0.25, 0.24, 0.24, 0.27]);
const SIZE_CDF = cumulative([0.26, 0.25, 0.22, 0.16, 0.11]);
const INDUSTRY_CDF = cumulative([0.22, 0.16, 0.14, 0.18, 0.16, 0.14]);
/** Industry effect on the true conversion logit (software, finance, healthcare, manufacturing, retail, education). */
const INDUSTRY_LOGIT = [0.35, 0.2, 0.05, -0.15, -0.3, -0.45];

const FEMALE = 0;
const AGE_55_PLUS = 4;
const EAST = 2;

const TRUE_INTERCEPT = -4.3;
const OPENS_COEF = 0.9;
const VISITS_COEF = 1.0;
const INTENT_SD = 0.45;
const MODEL_NOISE_SD = 0.3;
const SCORE_INTERCEPT = 1.2;

/** One chunk of generated rows, categorical columns as level indices. */
export interface ProspectChunk {
  /** 0-based index of the first row of the chunk in the whole data set. */
  readonly offset: number;
  readonly length: number;
  /** Index into the resolved `days` calendar. */
  readonly day: Uint16Array;
  readonly score: Float64Array;
  readonly converted: Uint8Array;
  readonly gender: Uint8Array;
  readonly ageBand: Uint8Array;
  readonly region: Uint8Array;
  readonly companySize: Uint8Array;
  readonly industry: Uint8Array;
  readonly emailOpens: Uint16Array;
  readonly webVisits: Uint16Array;
}

function allocate(offset: number, length: number): ProspectChunk {
  return {
    offset,
    length,
    day: new Uint16Array(length),
    score: new Float64Array(length),
    converted: new Uint8Array(length),
    gender: new Uint8Array(length),
    ageBand: new Uint8Array(length),
    region: new Uint8Array(length),
    companySize: new Uint8Array(length),
    industry: new Uint8Array(length),
    emailOpens: new Uint16Array(length),
    webVisits: new Uint16Array(length),
  };
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * Generates the prospects chunk by chunk, so that any number of rows fits in bounded memory. The rows
 * are the same whatever the chunk size: one PRNG stream is consumed row by row, in order.
 *
 * @example
 * for (const chunk of prospectChunks(resolveProspectOptions({ rows: 100 }), 50)) console.log(chunk.length);
 * // => 50, 50
 */
export function* prospectChunks(
  options: ResolvedProspectOptions,
  chunkSize = 65_536,
): Generator<ProspectChunk, void, undefined> {
  const { rows, days, driftStartDay } = options;
  const u = createPrng(options.seed);
  const nDays = days.length;
  for (let offset = 0; offset < rows; offset += chunkSize) {
    const c = allocate(offset, Math.min(chunkSize, rows - offset));
    for (let j = 0; j < c.length; j++) {
      const i = offset + j;
      // Signup dates are non-decreasing in row order and spread evenly over the window.
      const day = Math.min(nDays - 1, Math.floor(((i + u()) * nDays) / rows));
      const gender = sampleIndex(u, GENDER_CDF);
      const age = sampleIndex(u, AGE_CDF);
      const region = sampleIndex(u, REGION_CDF);
      const size = sampleIndex(u, SIZE_CDF);
      const industry = sampleIndex(u, INDUSTRY_CDF);
      const engagement = sampleNormal(u);
      const opens = samplePoisson(u, Math.exp(0.9 + 0.7 * engagement + 0.35 * sampleNormal(u)), 999);
      const visits = samplePoisson(u, Math.exp(1.1 + 0.6 * engagement + 0.4 * sampleNormal(u)), 999);
      const observed =
        OPENS_COEF * Math.log1p(opens) + VISITS_COEF * Math.log1p(visits) + INDUSTRY_LOGIT[industry]!;
      const trueLogit = TRUE_INTERCEPT + observed + INTENT_SD * sampleNormal(u);
      let scoreLogit = TRUE_INTERCEPT + SCORE_INTERCEPT + observed + MODEL_NOISE_SD * sampleNormal(u);
      if (gender === FEMALE) scoreLogit += PROSPECT_BIAS.femaleLogitOffset;
      if (age === AGE_55_PLUS) scoreLogit += PROSPECT_BIAS.age55PlusLogitOffset;
      if (region === EAST && day >= driftStartDay) scoreLogit += PROSPECT_BIAS.driftLogitOffset;
      c.day[j] = day;
      c.score[j] = Math.round(sigmoid(scoreLogit) * 10_000) / 10_000;
      c.converted[j] = u() < sigmoid(trueLogit) ? 1 : 0;
      c.gender[j] = gender;
      c.ageBand[j] = age;
      c.region[j] = region;
      c.companySize[j] = size;
      c.industry[j] = industry;
      c.emailOpens[j] = opens;
      c.webVisits[j] = visits;
    }
    yield c;
  }
}
