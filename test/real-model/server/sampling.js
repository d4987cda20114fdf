// Pure numerics of the real-model server: log-softmax over the model's raw logits, top-k lists,
// and seeded sampling. Logprobs are computed here in float64 from llama.cpp's logits, so that what
// the server reports is the model's own distribution (before temperature), as OpenAI documents it.

/**
 * Log-probabilities of every token from raw logits.
 * @param {Map<number, number>} logits token -> logit
 * @returns {Map<number, number>} token -> logprob
 */
export function logSoftmax(logits) {
  let max = -Infinity;
  for (const v of logits.values()) if (v > max) max = v;
  let sum = 0;
  for (const v of logits.values()) sum += Math.exp(v - max);
  const logZ = max + Math.log(sum);
  const out = new Map();
  for (const [t, v] of logits) out.set(t, v - logZ);
  return out;
}

/**
 * The `k` most likely tokens, most likely first; ties broken by token id so the order is stable.
 * @param {Map<number, number>} logprobs
 * @param {number} k
 * @returns {[number, number][]}
 */
export function topK(logprobs, k) {
  return [...logprobs.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, k);
}

/**
 * mulberry32: a small seeded PRNG, so that temperature > 0 with a seed reproduces exactly.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
export function createRng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Picks the next token: argmax at temperature 0, otherwise a draw from softmax(logprob / T)
 * restricted to the smallest set whose mass reaches `topP` (nucleus sampling).
 * @param {Map<number, number>} logprobs
 * @param {{ temperature: number, topP: number, rng: () => number }} opts
 * @returns {number}
 */
export function pickToken(logprobs, { temperature, topP, rng }) {
  const ranked = topK(logprobs, logprobs.size);
  if (temperature <= 0) return ranked[0][0];
  const scaled = ranked.map(([t, lp]) => [t, lp / temperature]);
  const max = scaled[0][1];
  const weights = scaled.map(([t, v]) => [t, Math.exp(v - max)]);
  const total = weights.reduce((s, [, w]) => s + w, 0);
  const nucleus = [];
  let mass = 0;
  for (const [t, w] of weights) {
    nucleus.push([t, w]);
    mass += w / total;
    if (mass >= topP) break;
  }
  const nucleusTotal = nucleus.reduce((s, [, w]) => s + w, 0);
  let r = rng() * nucleusTotal;
  for (const [t, w] of nucleus) {
    r -= w;
    if (r <= 0) return t;
  }
  return nucleus[nucleus.length - 1][0];
}
