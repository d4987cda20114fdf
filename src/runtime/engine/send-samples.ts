import type { Canary, CanaryItem } from '../../config/canary-schema.js';
import type { ProviderConfig } from '../../config/schema.js';
import type { Observation } from '../../domain/observation.js';
import type { Target } from '../../domain/target.js';
import type { HttpClient, HttpResult } from '../../http/types.js';
import { jsonForms, redactDeep, redactSecrets } from '../../secrets/redact.js';
import type { ProviderAdapter, SampleContext } from '../../providers/types.js';
import type { Logger } from 'pino';
import { logExchange } from './log-bodies.js';
import type { ProviderCircuit } from './provider-circuit.js';
import { nextBatchSize, type SequentialPlan } from './sequential.js';

export interface SendSamplesInput {
  adapter: ProviderAdapter;
  http: HttpClient;
  canary: Canary;
  target: Target;
  provider: ProviderConfig;
  signal?: AbortSignal;
  now: () => Date;
  /** Every configured credential (LoadedConfig.secrets): scrubbed from what the provider sent. */
  secrets: readonly string[];
  /** `logging.bodies`: where each request and response body is logged (redacted, cut); absent when off. */
  bodyLogger?: Logger;
  /** Marks the provider down after a few connection-level failures; its later requests are not sent. */
  circuit?: ProviderCircuit;
  /** Sequential sampling: send in this order, in batches, and stop once the plan says decided. */
  plan?: SequentialPlan;
}

/**
 * Every (item, sample) request of one canary cycle, at most `maxConcurrency` in flight; with a
 * sequential plan, in the plan's order and batches until the evidence decides the cycle.
 */
export async function sendSamples(input: SendSamplesInput): Promise<Observation[]> {
  const items: (CanaryItem | undefined)[] = input.canary.items?.length ? input.canary.items : [undefined];
  const planned = input.plan?.order ?? items.flatMap((item) => Array.from({ length: input.canary.samples }, (_, sample) => ({ item, sample })));
  const contexts: SampleContext[] = planned.map(({ item, sample }) => ({ canary: input.canary, item, target: input.target, provider: input.provider, sample }));
  if (!input.plan) return sendAll(input, contexts);
  const results: Observation[] = [];
  while (results.length < contexts.length) {
    const size = nextBatchSize(results.length, input.provider.maxConcurrency);
    results.push(...(await sendAll(input, contexts.slice(results.length, results.length + size))));
    if (input.signal?.aborted || input.plan.decided(results)) break;
  }
  return results;
}

async function sendAll(input: SendSamplesInput, contexts: readonly SampleContext[]): Promise<Observation[]> {
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
  // A prompt-cache canary expects every sample after the first to hit what the one before wrote:
  // concurrent requests would all miss.
  const lanes = input.canary.request.params.promptCache ? 1 : Math.max(1, Math.min(input.provider.maxConcurrency, contexts.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  return results;
}

async function sendOne(input: SendSamplesInput, ctx: SampleContext): Promise<Observation> {
  const built = input.adapter.buildRequest(ctx);
  const startedAt = input.now();
  const provider = input.target.provider;
  const result: HttpResult = input.circuit?.skip(provider)
    ? { kind: 'failure', failure: 'connection', message: `not sent: provider ${provider} is down`, latencyMs: 0, attempts: 0 }
    : await input.http.send(built.request, {
        timeoutMs: input.provider.timeout,
        maxRetries: input.provider.maxRetries,
        maxResponseBytes: input.provider.maxResponseBytes,
        signal: input.signal,
      });
  if (result.kind === 'response' || result.attempts > 0) input.circuit?.record(provider, result);
  if (input.bodyLogger) logExchange(input.bodyLogger, built.request, result, input.secrets);
  return redactDeep(input.adapter.parseResponse(scrubResult(result, input.secrets), ctx, built, startedAt), input.secrets);
}

/**
 * The result with every secret replaced by `<secret>` in the raw body and header values, before
 * anything reads it: a provider that echoes a key (in `system_fingerprint`, the answer, a header)
 * never gets it into a snapshot, the state, a finding, an alert or a log. The parsed observation is
 * scrubbed again (`redactDeep`), which catches a key written with JSON escapes.
 */
export function scrubResult(result: HttpResult, secrets: readonly string[]): HttpResult {
  if (result.kind !== 'response' || secrets.length === 0) return result;
  const forms = jsonForms(secrets);
  const { response } = result;
  const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, redactSecrets(v, forms)]));
  return { ...result, response: { ...response, headers, bodyText: redactSecrets(response.bodyText, forms) } };
}
