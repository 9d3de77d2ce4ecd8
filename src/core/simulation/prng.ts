/**
 * Seeded pseudo-random numbers for simulations. The core never calls Math.random: a caller creates a
 * generator from a seed and passes it in, so the same seed always gives the same output.
 *
 * mulberry32: a 32-bit generator by Tommy Ettinger (public domain, 2017; as published in
 * https://gist.github.com/tommyettinger/46a874533244883189143505d203312c). One 32-bit state word, period 2^32,
 * passes gjrand's 13-bit tests; more than good enough for weather and usage noise, not for cryptography.
 */
export type Random = () => number;

/** A generator of uniform numbers in [0, 1) from a 32-bit seed (any integer; taken modulo 2^32). */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform number in [low, high). */
export function uniform(random: Random, low: number, high: number): number {
  return low + (high - low) * random();
}

/** Standard normal deviate (mean 0, standard deviation 1) by the Box-Muller transform (Box and Muller 1958). */
export function standardNormal(random: Random): number {
  const u = 1 - random(); // in (0, 1], so the logarithm is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
