import type { Canary, CanaryItem } from '../../config/canary-schema.js';
import type { ProviderConfig } from '../../config/schema.js';
import type { Observation } from '../../domain/observation.js';
import type { Target } from '../../domain/target.js';
import type { HttpClient } from '../../http/types.js';
import type { ProviderAdapter, SampleContext } from '../../providers/types.js';

export interface SendSamplesInput {
  adapter: ProviderAdapter;
  http: HttpClient;
  canary: Canary;
  target: Target;
  provider: ProviderConfig;
  signal?: AbortSignal;
  now: () => Date;
}

/** Every (item, sample) request of one canary cycle, at most `maxConcurrency` in flight. */
export async function sendSamples(input: SendSamplesInput): Promise<Observation[]> {
  const items: (CanaryItem | undefined)[] = input.canary.items?.length ? input.canary.items : [undefined];
  const contexts: SampleContext[] = [];
  for (const item of items) {
    for (let sample = 0; sample < input.canary.samples; sample++) {
      contexts.push({ canary: input.canary, item, target: input.target, provider: input.provider, sample });
    }
  }
  const results: Observation[] = new Array(contexts.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < contexts.length) {
      const index = next++;
      const ctx = contexts[index];
      if (!ctx) return;
      results[index] = await sendOne(input, ctx);
    }
  };
  const lanes = Math.max(1, Math.min(input.provider.maxConcurrency, contexts.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  return results;
}

async function sendOne(input: SendSamplesInput, ctx: SampleContext): Promise<Observation> {
  const built = input.adapter.buildRequest(ctx);
  const startedAt = input.now();
  const result = await input.http.send(built.request, {
    timeoutMs: input.provider.timeout,
    maxRetries: input.provider.maxRetries,
    maxResponseBytes: input.provider.maxResponseBytes,
    signal: input.signal,
  });
  return input.adapter.parseResponse(result, ctx, built, startedAt);
}
