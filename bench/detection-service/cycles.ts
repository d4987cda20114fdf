/**
 * Cycles of the prompt-cache and latency canaries as the simulator serves them (OpenAI Chat wire
 * format), generated in-process from the simulator's own serving model (src/simulator/model/
 * service.ts: cache lookups with natural evictions, heavy-tailed processing times with the time-of-day
 * swing) plus the monitor's own network on the client-side figures. The same functions answer the
 * HTTP simulator; here they run without sockets so that tens of thousands of cycles fit in minutes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { Canary } from '../../src/config/canary-schema.js';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { cacheLookup, cachedTokens, drawProcessingMs, DEFAULT_MEDIAN_MS, FIRST_TOKEN_SHARE, minCacheableTokens, type ServiceKnobs } from '../../src/simulator/model/service.js';
import { countInputTokens, countTokens } from '../../src/simulator/model/tokenizer.js';
import { normal, type Rng } from '../../src/simulator/rng.js';
import { withCachePrefixFor } from '../../src/probes/cache/prefix.js';

export function shippedCanary(file: string): Canary {
  const path = fileURLToPath(new URL(`../../../canaries/${file}`, import.meta.url));
  return Canary.parse(parse(readFileSync(path, 'utf8')));
}

/** The monitor's own network and load on a client-side figure: ~20 ms lognormal, 1% stalls of 100-600 ms. */
function networkMs(rng: Rng): number {
  const base = 20 * Math.exp(0.5 * normal(rng));
  return rng.next() < 0.01 ? base + 100 + 500 * rng.next() : base;
}

function observation(canary: Canary, sample: number, at: number, fields: Partial<SuccessObservation>): SuccessObservation {
  return {
    target: 'sim/gpt-4o-mini',
    canary: canary.id,
    sample,
    timestamp: new Date(at + sample * 1000).toISOString(),
    latencyMs: 0,
    status: 200,
    headerNames: [],
    rateLimits: {},
    rateRemaining: {},
    requestId: null,
    unsupported: [],
    ok: true,
    shape: [],
    enums: {},
    schemaIssues: [],
    text: '',
    finishReason: 'stop',
    usage: { input: null, output: null, cached: null, reasoning: null, total: null },
    modelReported: 'gpt-4o-mini-2024-07-18',
    fingerprint: null,
    logprobs: null,
    modelStatus: null,
    ...fields,
  };
}

/** A timed request: the server's processing time, and the client's total and first byte on top of the network. */
function timed(rng: Rng, at: number, service: ServiceKnobs, outputTokens: number): Pick<SuccessObservation, 'latencyMs' | 'timing'> {
  const serverMs = Math.round(drawProcessingMs(rng, DEFAULT_MEDIAN_MS, (at / 3_600_000) % 24, service));
  const net = networkMs(rng);
  const latencyMs = Math.round(serverMs + net + outputTokens * 2);
  return { latencyMs, timing: { firstByteMs: Math.round(serverMs * FIRST_TOKEN_SHARE + net), serverMs, serverHeader: 'openai-processing-ms' } };
}

/** One cycle of the prompt-cache canary at epoch ms `at` (its samples one after another; the cache starts cold). */
export function cacheCycle(shipped: Canary, rng: Rng, at: number, service: ServiceKnobs): SuccessObservation[] {
  // As the engine sends it to gpt-4o-mini: the table cut to the rows that clear OpenAI's 1,024-token minimum.
  const canary = withCachePrefixFor(shipped, { type: 'openai', model: 'gpt-4o-mini' });
  const system = canary.request.system ?? '';
  const prompt = countInputTokens('openai', system, canary.request.messages);
  const prefix = countTokens(system);
  const cacheable = prefix >= minCacheableTokens('openai', 'gpt-4o-mini') ? cachedTokens('openai', prefix) : 0;
  let stored = false;
  return Array.from({ length: canary.samples }, (_, sample) => {
    const out = cacheable > 0 ? cacheLookup(stored, rng, service, cacheable) : { read: 0, write: 0, store: false };
    stored = out.store;
    const output = canary.request.params.maxTokens ?? 4;
    return observation(canary, sample, at, {
      ...timed(rng, at, service, output),
      usage: { input: prompt, output, cached: out.read, reasoning: 0, total: prompt + output },
      cache: { prompt, read: out.read, write: null, write5m: null, write1h: null, fields: ['usage.prompt_tokens_details.cached_tokens'], retention: null },
    });
  });
}

/** One cycle of the latency canary at epoch ms `at`. */
export function latencyCycle(canary: Canary, rng: Rng, at: number, service: ServiceKnobs): SuccessObservation[] {
  const prompt = countInputTokens('openai', canary.request.system, canary.request.messages);
  return Array.from({ length: canary.samples }, (_, sample) =>
    observation(canary, sample, at, { ...timed(rng, at, service, 20), usage: { input: prompt, output: 20, cached: 0, reasoning: 0, total: prompt + 20 } }),
  );
}
