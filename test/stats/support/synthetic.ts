/** Seeded synthetic observations for the statistical probe specs (no provider, no network). */
import { Canary } from '../../../src/config/canary-schema.js';
import type { SuccessObservation, TokenLogprob } from '../../../src/domain/observation.js';
import type { ProbeContext } from '../../../src/probes/types.js';
import { randomNormal, sampleIndex, type Rng } from '../../../src/stats/prng.js';

const T0 = Date.UTC(2026, 0, 1);

/** ISO time of sample `s` (of item index `i`) in cycle `c`; cycles are an hour apart. */
export function at(c: number, s = 0, i = 0): string {
  return new Date(T0 + c * 3_600_000 + i * 10_000 + s * 100).toISOString();
}

/** A success observation with neutral defaults. */
export function obs(over: Partial<SuccessObservation>): SuccessObservation {
  return {
    ok: true,
    target: 'sim/model',
    canary: 'c',
    sample: 0,
    timestamp: at(0),
    latencyMs: 100,
    status: 200,
    headerNames: [],
    rateLimits: {},
    rateRemaining: {},
    requestId: null,
    unsupported: [],
    shape: [],
    enums: {},
    schemaIssues: [],
    text: '',
    finishReason: 'stop',
    usage: { input: 10, output: 1, cached: null, reasoning: null, total: 11 },
    modelReported: 'model',
    fingerprint: null,
    logprobs: null,
    modelStatus: null,
    ...over,
  };
}

/** A parsed canary from a partial definition. */
export function canary(def: Record<string, unknown>): Canary {
  return Canary.parse({ id: 'c', request: { messages: [{ role: 'user', content: 'x' }] }, ...def });
}

/** A probe context for `c` at level `alpha`. */
export function context(c: Canary, alpha: number, supports: Partial<ProbeContext['supports']> = {}): ProbeContext {
  return { canary: c, target: 'sim/model', alpha, supports: { seed: true, logprobs: true, temperature: true, ...supports } };
}

/** log-softmax of logits. */
export function logSoftmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const z = Math.log(logits.reduce((s, l) => s + Math.exp(l - max), 0)) + max;
  return logits.map((l) => l - z);
}

/**
 * One sampled first token with its top-k list, from `logits` over `vocab`, scaled by `scale`
 * (1.25 = sharpened) and jittered by N(0, jitter) per call (hosted inference is not bit-exact).
 */
export function firstToken(vocab: readonly string[], logits: readonly number[], rng: Rng, scale = 1, jitter = 0.03, k = 20): TokenLogprob {
  const lp = logSoftmax(logits.map((l) => l * scale + jitter * randomNormal(rng)));
  const chosen = sampleIndex(lp.map(Math.exp), rng);
  const top = lp
    .map((logprob, i) => ({ token: vocab[i]!, logprob }))
    .sort((a, b) => b.logprob - a.logprob)
    .slice(0, k);
  return { token: vocab[chosen]!, logprob: lp[chosen]!, top };
}

/** Random logits for a vocabulary of `n` tokens. */
export function randomLogits(n: number, rng: Rng, spread = 2): number[] {
  return Array.from({ length: n }, () => spread * randomNormal(rng));
}
