import { readFileSync } from 'node:fs';
import { MockAgent } from 'undici';
import { Canary } from '../../src/config/canary-schema.js';
import { ProviderConfig, type ProviderType } from '../../src/config/schema.js';
import type { Observation } from '../../src/domain/observation.js';
import { createHttpClient } from '../../src/http/client.js';
import type { HttpResult } from '../../src/http/types.js';
import type { ProviderAdapter, SampleContext } from '../../src/providers/types.js';

export const STARTED = new Date('2026-01-01T00:00:00.000Z');

export function fixture(provider: string, name: string): string {
  return readFileSync(new URL(`../fixtures/providers/${provider}/${name}`, import.meta.url), 'utf8');
}

export function fixtureJson(provider: string, name: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(fixture(provider, name));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${name}: not an object`);
  return Object.fromEntries(Object.entries(parsed));
}

export function headersFixture(provider: string, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(fixtureJson(provider, name)).map(([k, v]) => [k, String(v)]));
}

/** The reference canary every adapter is checked against. */
export const canaryInput = {
  id: 'capital',
  request: {
    system: 'Answer with one word.',
    messages: [{ role: 'user', content: 'Capital of France?' }],
    params: { temperature: 0, seed: 7, maxTokens: 16, logprobs: true, topLogprobs: 2 },
  },
};

export function makeCanary(params?: Record<string, unknown>): Canary {
  const request = params ? { ...canaryInput.request, params } : canaryInput.request;
  return Canary.parse({ ...canaryInput, request });
}

export function makeCtx(
  type: ProviderType,
  model: string,
  provider: Record<string, unknown> = {},
  canary: Canary = makeCanary(),
): SampleContext {
  return {
    canary,
    target: { id: `p/${model}`, provider: 'p', model },
    provider: ProviderConfig.parse({ type, apiKey: 'test-key-123456', ...provider }),
    sample: 0,
  };
}

export { mockAgent } from '../support/mock-agent.js';

/** Builds, sends through the real client over the mock agent, parses. */
export async function roundTrip(
  adapter: ProviderAdapter,
  ctx: SampleContext,
  agent: MockAgent,
  options: { timeoutMs?: number; maxRetries?: number } = {},
): Promise<{ obs: Observation; sleeps: number[]; result: HttpResult }> {
  const sleeps: number[] = [];
  const client = createHttpClient({ dispatcher: agent, random: () => 0, sleep: async (ms) => void sleeps.push(ms) });
  const built = adapter.buildRequest(ctx);
  const result = await client.send(built.request, {
    timeoutMs: options.timeoutMs ?? 2_000,
    maxRetries: options.maxRetries ?? 2,
  });
  return { obs: adapter.parseResponse(result, ctx, built, STARTED), sleeps, result };
}

/** A response HttpResult without the network, for pure parse tests. */
export function responseResult(status: number, bodyText: string, headers: Record<string, string> = {}): HttpResult {
  return { kind: 'response', response: { status, headers, bodyText, latencyMs: 12 }, attempts: 1 };
}
