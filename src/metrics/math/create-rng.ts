import { logFactorial } from './log-factorial.js';

/**
 * A seeded pseudo-random number generator with the samplers fairprobe needs.
 * All methods draw from the same stream, so the sequence of calls decides the output.
 */
export interface Rng {
  /** The seed this generator was created with. */
  readonly seed: number;
  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number;
  /** A standard normal variate (polar Marsaglia method). */
  normal(): number;
  /** A Binomial(n, p) variate, an integer in [0, n]. */
  binomial(n: number, p: number): number;
  /** A Poisson(lambda) variate, a non-negative integer. */
  poisson(lambda: number): number;
  /**
   * A Multinomial(n, probs) draw: integer counts summing to n. `probs` are non-negative weights and are
   * normalised by their sum. Writes into `out` when given (length must equal `probs.length`).
   */
  multinomial(n: number, probs: ArrayLike<number>, out?: Float64Array): Float64Array;
}

/** splitmix32 step (Vigna's splitmix64 constants reduced to 32 bits), used only to expand the seed. */
function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [s, z >>> 0];
}

/** Stirling-series tail fc(k) = ln k! − [ln √(2π) + (k + ½) ln(k + 1) − (k + 1)], used by BTRS. */
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const STIRLING_TAIL = Array.from(
  { length: 10 },
  (_, k) => logFactorial(k) - (HALF_LOG_2PI + (k + 0.5) * Math.log(k + 1) - (k + 1)),
);
function stirlingTail(k: number): number {
  if (k <= 9) return STIRLING_TAIL[k]!;
  const kp1sq = (k + 1) * (k + 1);
  return (1 / 12 - (1 / 360 - 1 / 1260 / kp1sq) / kp1sq) / (k + 1);
}

function checkCount(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${name} requires n to be a non-negative safe integer, got ${n}`);
  }
}

/**
 * Create a deterministic generator: xoshiro128** (Blackman & Vigna) seeded through splitmix32.
 * The same seed always gives the same stream on every platform.
 *
 * Samplers:
 * - `normal`: polar Marsaglia method (the spare variate is cached).
 * - `binomial`: exact. For n·min(p, 1−p) < 10, inversion by summing geometric waiting times
 *   (expected < 11 uniforms); otherwise Hörmann's BTRS transformed rejection with squeeze
 *   (W. Hörmann, "The generation of binomial random variates", J. Stat. Comput. Simul. 46, 1993),
 *   O(1) expected time for any n. p > ½ is handled by symmetry.
 * - `poisson`: exact. λ < 10 by multiplication of uniforms (Knuth); otherwise Hörmann's PTRS
 *   ("The transformed rejection method for generating Poisson random variables", 1993), as in numpy.
 * - `multinomial`: conditional binomials, x_i ~ Binomial(n − Σ_{j<i} x_j, p_i / Σ_{j≥i} p_j).
 *
 * @see https://prng.di.unimi.it/ (xoshiro128**)
 * @param seed - Any finite number; it is truncated to a 32-bit integer.
 * @throws {RangeError} When `seed` is not finite.
 * @example
 * const rng = createRng(42);
 * rng.binomial(10, 0);
 * // => 0
 * createRng(7).next() === createRng(7).next();
 * // => true
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`createRng requires a finite seed, got ${seed}`);
  let sm = seed | 0;
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    const [next, out] = splitmix32(sm);
    sm = next;
    s[i] = out;
  }
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;

  function nextUint32(): number {
    const s0 = s[0]!;
    const s1 = s[1]!;
    const s2 = s[2]!;
    const s3 = s[3]!;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ t;
    s[3] = (n3 << 11) | (n3 >>> 21);
    return result;
  }

  function next(): number {
    const hi = nextUint32() >>> 5; // 27 bits
    const lo = nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  let spare: number | null = null;
  function normal(): number {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    let u: number;
    let v: number;
    let r: number;
    do {
      u = 2 * next() - 1;
      v = 2 * next() - 1;
      r = u * u + v * v;
    } while (r >= 1 || r === 0);
    const f = Math.sqrt((-2 * Math.log(r)) / r);
    spare = v * f;
    return u * f;
  }

  /** Inversion via geometric waiting times; requires 0 < p ≤ ½ and small n·p. */
  function binomialInversion(n: number, p: number): number {
    const logQ = Math.log1p(-p);
    let sum = 0;
    let count = 0;
    for (;;) {
      // 1 − next() lies in (0, 1], so the log is finite.
      sum += Math.ceil(Math.log(1 - next()) / logQ) || 1;
      if (sum > n) return count;
      count++;
    }
  }

  /** BTRS; requires 0 < p ≤ ½ and n·p ≥ 10. */
  function binomialBtrs(n: number, p: number): number {
    const spq = Math.sqrt(n * p * (1 - p));
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const vr = 0.92 - 4.2 / b;
    const r = p / (1 - p);
    const alpha = (2.83 + 5.1 / b) * spq;
    const m = Math.floor((n + 1) * p);
    const lpq = Math.log(r);
    const hm = (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1))) + stirlingTail(m) + stirlingTail(n - m);
    for (;;) {
      const u = next() - 0.5;
      let v = next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + c);
      if (k < 0 || k > n) continue;
      if (us >= 0.07 && v <= vr) return k;
      v = Math.log((v * alpha) / (a / (us * us) + b));
      const bound =
        hm +
        (n + 1) * Math.log((n - m + 1) / (n - k + 1)) +
        (k + 0.5) * (lpq + Math.log((n - k + 1) / (k + 1))) -
        stirlingTail(k) -
        stirlingTail(n - k);
      if (v <= bound) return k;
    }
  }

  function binomial(n: number, p: number): number {
    checkCount('binomial', n);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial requires p in [0, 1], got ${p}`);
    if (n === 0 || p === 0) return 0;
    if (p === 1) return n;
    const flip = p > 0.5;
    const q = flip ? 1 - p : p;
    const k = n * q < 10 ? binomialInversion(n, q) : binomialBtrs(n, q);
    return flip ? n - k : k;
  }

  function poisson(lambda: number): number {
    if (!(lambda >= 0 && Number.isFinite(lambda))) {
      throw new RangeError(`poisson requires a finite lambda ≥ 0, got ${lambda}`);
    }
    if (lambda === 0) return 0;
    if (lambda < 10) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let prod = next();
      while (prod > limit) {
        k++;
        prod *= next();
      }
      return k;
    }
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = next() - 0.5;
      const v = next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (
        Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <=
        -lambda + k * loglam - logFactorial(k)
      ) {
        return k;
      }
    }
  }

  function multinomial(n: number, probs: ArrayLike<number>, out?: Float64Array): Float64Array {
    checkCount('multinomial', n);
    const k = probs.length;
    if (k === 0) throw new RangeError('multinomial requires at least one category');
    const result = out ?? new Float64Array(k);
    if (result.length !== k) {
      throw new RangeError(`multinomial requires out.length (${result.length}) to equal probs.length (${k})`);
    }
    let total = 0;
    for (let i = 0; i < k; i++) {
      const w = probs[i]!;
      if (!(w >= 0 && Number.isFinite(w))) {
        throw new RangeError(`multinomial requires finite non-negative probabilities, got ${w} at ${i}`);
      }
      total += w;
    }
    if (total === 0) throw new RangeError('multinomial requires probabilities with a positive sum');
    let last = k - 1;
    while (probs[last]! === 0) last--;
    let remainingN = n;
    let remainingP = total;
    for (let i = 0; i < k; i++) {
      const w = probs[i]!;
      if (i >= last || remainingN === 0 || w === 0) {
        // The last positive category takes what is left, so the counts always sum to n.
        result[i] = i === last ? remainingN : 0;
        if (i === last) remainingN = 0;
        continue;
      }
      const x = binomial(remainingN, Math.min(1, w / remainingP));
      result[i] = x;
      remainingN -= x;
      remainingP -= w;
    }
    return result;
  }

  return { seed, next, normal, binomial, poisson, multinomial };
}
