/** A seedable pseudo-random stream of floats in [0, 1). */
export interface Rng {
  /** The next float in [0, 1). */
  next(): number;
}

/** mulberry32: a tiny, fast, seedable 32-bit generator. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return {
    next(): number {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** A 32-bit hash of any number of string or number parts (FNV-1a over the parts, then avalanche). */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = typeof part === 'number' ? `#${part}` : part;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform float in [0, 1) fixed by the given parts. */
export function hashUniform(...parts: (string | number)[]): number {
  return mulberry32(hash32(...parts)).next();
}

/** A standard normal draw (Box-Muller). */
export function normal(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A Gamma(shape, scale) draw for integer shape: the sum of `shape` exponentials. */
export function gammaInt(rng: Rng, shape: number, scale: number): number {
  let sum = 0;
  for (let i = 0; i < shape; i++) sum += -Math.log(Math.max(rng.next(), 1e-12)) * scale;
  return sum;
}

/** A child stream derived from the parent's next value, so that sub-streams do not interleave. */
export function fork(rng: Rng, label: string): Rng {
  return mulberry32(hash32(label, Math.floor(rng.next() * 4294967296)));
}

/** A random lowercase hex string of the given length. */
export function randomHex(rng: Rng, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(rng.next() * 16).toString(16);
  return out;
}
