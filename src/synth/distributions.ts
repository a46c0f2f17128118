/**
 * Samplers over a seeded {@link Uniform} source. Each consumes a deterministic number of draws for a
 * given input, so a generator that calls them in a fixed order is reproducible from its seed.
 */
import type { Uniform } from './prng.js';

/**
 * A standard normal draw (Box–Muller, one value per two uniforms).
 *
 * @example
 * const z = sampleNormal(createPrng(1)); // => a number, mean 0 and sd 1 over many draws
 */
export function sampleNormal(u: Uniform): number {
  const u1 = 1 - u(); // in (0, 1], so the log is finite
  const u2 = u();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * A Poisson draw by inversion of the cumulative distribution (one uniform per draw). Suited to the
 * small means (below ~50) used here; the result is capped at `max`.
 *
 * @example
 * const k = samplePoisson(createPrng(1), 3.5); // => a non-negative integer
 */
export function samplePoisson(u: Uniform, mean: number, max = 1000): number {
  const target = u();
  let p = Math.exp(-mean);
  let cdf = p;
  let k = 0;
  while (cdf <= target && k < max) {
    k += 1;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

/**
 * Turns weights into a cumulative table for {@link sampleIndex}.
 *
 * @example
 * cumulative([1, 1, 2]); // => Float64Array [0.25, 0.5, 1]
 */
export function cumulative(weights: readonly number[]): Float64Array {
  const total = weights.reduce((s, w) => s + w, 0);
  const out = new Float64Array(weights.length);
  let acc = 0;
  weights.forEach((w, i) => {
    acc += w;
    out[i] = acc / total;
  });
  out[weights.length - 1] = 1;
  return out;
}

/**
 * Index of a categorical draw from a cumulative table (one uniform per draw).
 *
 * @example
 * sampleIndex(createPrng(1), cumulative([0.48, 0.49, 0.03])); // => 0, 1 or 2
 */
export function sampleIndex(u: Uniform, cdf: Float64Array): number {
  const x = u();
  for (let i = 0; i < cdf.length - 1; i++) {
    if (x < cdf[i]!) return i;
  }
  return cdf.length - 1;
}
