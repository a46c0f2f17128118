/**
 * A small seeded pseudo-random number generator, private to `synth/`: sfc32 (Chris Doty-Humphrey's
 * Small Fast Counting generator, 128-bit state) seeded by four outputs of splitmix32. The same seed
 * gives the same sequence on every platform, because it uses only 32-bit integer arithmetic.
 */

/** A source of uniform numbers in [0, 1), advanced on each call. */
export type Uniform = () => number;

/** One step of splitmix32: returns the next state and a well-mixed 32-bit output. */
function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

/**
 * Creates a seeded uniform generator (sfc32 seeded by splitmix32).
 *
 * @param seed - Any integer; it is reduced to 32 bits.
 * @returns A function returning uniform numbers in [0, 1) with 32 bits of resolution.
 * @example
 * const u = createPrng(42);
 * u(); // => the same number on every run
 */
export function createPrng(seed: number): Uniform {
  let s = seed | 0;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [next, out] = splitmix32(s);
    s = next;
    words.push(out);
  }
  let [a, b, c, d] = words as [number, number, number, number];
  const u: Uniform = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Warm up so that nearby seeds diverge fully.
  for (let i = 0; i < 12; i++) u();
  return u;
}
