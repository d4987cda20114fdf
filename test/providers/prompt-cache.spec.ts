/**
 * Prompt-cache accounting per wire format, end to end: each adapter's request for a prompt-cache
 * canary (`promptCache: true`, a long system prompt) goes over loopback HTTP to the simulator three
 * times; the first writes the prefix, the others read it. The observation's `cache` reading must say
 * so in every format's own terms, and `timing` must carry the provider's timing header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Canary } from '../../src/config/canary-schema.js';
import { ProviderConfig, type ProviderType } from '../../src/config/schema.js';
import type { Observation, SuccessObservation } from '../../src/domain/observation.js';
import { createHttpClient } from '../../src/http/client.js';
import { getProvider } from '../../src/providers/registry.js';
import type { SampleContext } from '../../src/providers/types.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { LONG_PREFIX } from '../simulator/service-cases.js';
import { STARTED } from './support.js';

const canary = (system: string, promptCache = true): Canary =>
  Canary.parse({ id: 'cache', request: { system, messages: [{ role: 'user', content: 'Which rule is first?' }], params: { maxTokens: 4, temperature: 0, promptCache } } });

async function send(sim: Simulator, type: ProviderType, model: string, c: Canary, extra: Record<string, unknown> = {}): Promise<SuccessObservation> {
  const adapter = getProvider(type);
  const base = type === 'anthropic' ? sim.url : type === 'gemini' ? `${sim.url}/v1beta` : `${sim.url}/v1`;
  const ctx: SampleContext = { canary: c, target: { id: `p/${model}`, provider: 'p', model }, provider: ProviderConfig.parse({ type, apiKey: 'sk-test-cache-1234', baseUrl: base, ...extra }), sample: 0 };
  const built = adapter.buildRequest(ctx);
  const result = await createHttpClient().send(built.request, { timeoutMs: 5_000, maxRetries: 0 });
  const obs: Observation = adapter.parseResponse(result, ctx, built, STARTED);
  if (!obs.ok) throw new Error(obs.failure.message);
  return obs;
}

const three = async (f: () => Promise<SuccessObservation>): Promise<SuccessObservation[]> => [await f(), await f(), await f()];

describe('prompt-cache accounting per wire format (adapters against the simulator)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    // No natural evictions here: this spec is about the fields, not the rate.
    sim = await startSimulator({ seed: 11 });
  });
  afterAll(() => sim.close());

  it('OpenAI Chat Completions: cached_tokens in 128-token blocks of the prefix, part of prompt_tokens; openai-processing-ms read', async () => {
    const [first, second] = await three(() => send(sim, 'openai', 'gpt-4o-mini', canary(`${LONG_PREFIX}\nchat`)));
    expect(first!.cache).toMatchObject({ read: 0, write: null, fields: ['usage.prompt_tokens_details.cached_tokens'] });
    expect(second!.cache!.read! % 128).toBe(0);
    expect(second!.cache!.read).toBeGreaterThanOrEqual(1024);
    expect(second!.cache!.prompt).toBe(second!.usage.input);
    expect(second!.cache!.read!).toBeLessThan(second!.cache!.prompt!);
    expect(second!.timing).toMatchObject({ serverHeader: 'openai-processing-ms', serverMs: expect.any(Number), firstByteMs: expect.any(Number) });
  });

  it('OpenAI Responses: input_tokens_details.cached_tokens', async () => {
    const [first, second] = await three(() => send(sim, 'openai', 'gpt-4o-mini', canary(`${LONG_PREFIX}\nresponses`), { api: 'responses' }));
    expect(first!.cache).toMatchObject({ read: 0, fields: ['usage.input_tokens_details.cached_tokens'] });
    expect(second!.cache!.read).toBeGreaterThanOrEqual(1024);
  });

  it('Anthropic: cache_control on the system block; a write, then reads; input_tokens excludes both, the prompt adds them back', async () => {
    const c = canary(`${LONG_PREFIX}\nanthropic`);
    const built = getProvider('anthropic').buildRequest({ canary: c, target: { id: 'p/claude-sonnet-4-5', provider: 'p', model: 'claude-sonnet-4-5' }, provider: ProviderConfig.parse({ type: 'anthropic', apiKey: 'k' }), sample: 0 });
    expect((built.request.body as { system: unknown }).system).toEqual([{ type: 'text', text: c.request.system, cache_control: { type: 'ephemeral' } }]);
    const [first, second] = await three(() => send(sim, 'anthropic', 'claude-sonnet-4-5', c));
    const prefix = first!.cache!.write!;
    expect(prefix).toBeGreaterThanOrEqual(1024);
    expect(first!.cache).toMatchObject({ read: 0, write: prefix, write5m: prefix, write1h: 0 });
    expect(second!.cache).toMatchObject({ read: prefix, write: 0, write5m: 0, write1h: 0 });
    expect(second!.usage.input! + prefix).toBe(second!.cache!.prompt);
    expect(second!.cache!.fields).toEqual(['usage.cache_creation.ephemeral_1h_input_tokens', 'usage.cache_creation.ephemeral_5m_input_tokens', 'usage.cache_creation_input_tokens', 'usage.cache_read_input_tokens']);
  });

  it('Anthropic without promptCache sends a plain system string and nothing is cached', async () => {
    const [, second] = await three(() => send(sim, 'anthropic', 'claude-sonnet-4-5', canary(`${LONG_PREFIX}\nunmarked`, false)));
    expect(second!.cache).toMatchObject({ read: 0, write: 0 });
  });

  it('Gemini: cachedContentTokenCount appears only on a hit; server-timing read', async () => {
    const [first, second] = await three(() => send(sim, 'gemini', 'gemini-2.5-flash', canary(`${LONG_PREFIX}\ngemini`)));
    expect(first!.cache).toMatchObject({ read: 0, fields: [] });
    expect(second!.cache).toMatchObject({ fields: ['usageMetadata.cachedContentTokenCount'] });
    expect(second!.cache!.read).toBeGreaterThanOrEqual(1024);
    expect(second!.timing).toMatchObject({ serverHeader: 'server-timing', serverMs: expect.any(Number) });
  });

  it('a prefix below the minimum is never cached', async () => {
    const [, second] = await three(() => send(sim, 'openai', 'gpt-4o-mini', canary('A short system prompt.')));
    expect(second!.cache!.read).toBe(0);
  });
});
