/**
 * `stream: true` (the latency canary): every wire format streams the answer, so the time to first
 * byte is the time to first token, well before the whole answer. Against the simulator with a 300 ms
 * median processing time that it really waits (the first event after 30% of it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Canary } from '../../src/config/canary-schema.js';
import { ProviderConfig, type ProviderType } from '../../src/config/schema.js';
import { createHttpClient } from '../../src/http/client.js';
import { getProvider } from '../../src/providers/registry.js';
import type { SampleContext } from '../../src/providers/types.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { STARTED } from './support.js';

const canary = Canary.parse({ id: 'latency', request: { messages: [{ role: 'user', content: 'Count to ten.' }], params: { maxTokens: 24, temperature: 0, stream: true } } });

function ctxFor(sim: Simulator, type: ProviderType, model: string, extra: Record<string, unknown> = {}): SampleContext {
  const base = type === 'anthropic' ? sim.url : type === 'gemini' ? `${sim.url}/v1beta` : `${sim.url}/v1`;
  return { canary, target: { id: `p/${model}`, provider: 'p', model }, provider: ProviderConfig.parse({ type, apiKey: 'sk-test-stream-1234', baseUrl: base, ...extra }), sample: 0 };
}

describe('stream: true measures the time to first token', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 3, latencyMs: 300 });
    // The first request of a fresh process pays for warming up the code paths: not the provider's time.
    const warm = ctxFor(sim, 'openai', 'gpt-4o-mini');
    await createHttpClient().send(getProvider('openai').buildRequest(warm).request, { timeoutMs: 10_000, maxRetries: 0 });
  });
  afterAll(() => sim.close());

  it.each([
    ['openai', 'gpt-4o-mini', {}],
    ['openai', 'gpt-4o-mini', { api: 'responses' }],
    ['anthropic', 'claude-sonnet-4-5', {}],
    ['gemini', 'gemini-2.5-flash', {}],
  ] as const)('%s %s %o: streamed, the first byte comes well before the end', async (type, model, extra) => {
    const ctx = ctxFor(sim, type, model, extra);
    const built = getProvider(type).buildRequest(ctx);
    expect(built.unsupported).not.toContain('stream');
    const result = await createHttpClient().send(built.request, { timeoutMs: 10_000, maxRetries: 0 });
    const obs = getProvider(type).parseResponse(result, ctx, built, STARTED);
    if (!obs.ok) throw new Error(obs.failure.message);
    expect(obs.text.length).toBeGreaterThan(0);
    expect(obs.timing!.firstByteMs!).toBeLessThan(obs.latencyMs * 0.6);
  });
});
