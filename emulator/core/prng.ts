/** A seeded pseudo-random source returning floats in [0, 1). */
export type Random = () => number;

/**
 * Creates a mulberry32 generator: tiny, fast and good enough for fault dice and salts, and the same
 * sequence for the same seed on every platform (which `Math.random` cannot give).
 * @param seed - any integer; only the low 32 bits matter
 */
export function createPrng(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Draws a random alphanumeric string, as used for bucketing salts and deployment keys.
 * @param random - the generator to draw from
 * @param length - number of characters
 */
export function randomAlphanumeric(random: Random, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[Math.floor(random() * ALPHANUMERIC.length)];
  return out;
}
