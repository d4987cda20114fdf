import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderType } from '../../src/config/schema.js';
import { anthropic } from '../../src/providers/anthropic/index.js';
import { gemini } from '../../src/providers/gemini/index.js';
import { openai } from '../../src/providers/openai/index.js';
import type { ProviderAdapter } from '../../src/providers/types.js';
import { startSimulator } from '../../src/simulator/index.js';
import { exchange } from './loopback.js';
import { makeCanary, makeCtx } from './support.js';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const threeAnswers = makeCanary({ temperature: 1, maxTokens: 16, n: 3 });

describe('src/providers: a canary with n answers per request, against the simulator', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 5 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it.each([
    ['openai', openai, 'gpt-4o-mini', '/v1', {}],
    ['gemini', gemini, 'gemini-2.5-flash', '/v1beta', {}],
  ] as const)('%s asks for n answers and reads every one', async (type, adapter, model, path, provider) => {
    const ctx = makeCtx(type, model, { baseUrl: `${sim.url}${path}`, ...provider }, threeAnswers);
    const obs = await exchange(adapter, ctx);
    expect(obs.ok).toBe(true);
    if (!obs.ok) return;
    expect(obs.choices).toHaveLength(3);
    expect(obs.choices?.[0]?.text).toBe(obs.text);
    expect(obs.unsupported).toEqual([]);
  });

  it.each([
    ['openai (api: responses)', 'openai', openai, 'gpt-4o-mini', { api: 'responses' }],
    ['anthropic', 'anthropic', anthropic, 'claude-haiku-4-5', {}],
  ] as [string, ProviderType, ProviderAdapter, string, Record<string, unknown>][])('%s lists n as unsupported', (_name, type, adapter, model, provider) => {
    expect(adapter.buildRequest(makeCtx(type, model, provider, threeAnswers)).unsupported).toContain('n');
  });

  it('a streamed canary (clientMaxTokens) keeps one answer per request', () => {
    const streamed = makeCanary({ temperature: 1, clientMaxTokens: 8, n: 3 });
    const built = openai.buildRequest(makeCtx('openai', 'gpt-4o-mini', {}, streamed));
    expect(built.request.body).not.toHaveProperty('n');
    expect(built.unsupported).toEqual(['n']);
  });
});
