/**
 * One canary cycle of the exact contract checks against the simulator on loopback: the real
 * adapter builds each request, the shared HTTP client sends it, the simulator answers it (streams
 * included) and the adapter reads it; the probe then judges the cycle against its baseline.
 */
import type { Canary } from '../../src/config/canary-schema.js';
import { ProviderConfig } from '../../src/config/schema.js';
import type { SuccessObservation } from '../../src/domain/observation.js';
import type { HttpClient } from '../../src/http/types.js';
import type { CandidateDraft, Probe, ProbeContext } from '../../src/probes/types.js';
import type { ProviderAdapter, SampleContext } from '../../src/providers/types.js';
import { anthropic } from '../../src/providers/anthropic/index.js';
import { gemini } from '../../src/providers/gemini/index.js';
import { openai } from '../../src/providers/openai/index.js';

export interface Format {
  name: string;
  adapter: ProviderAdapter;
  model: string;
  provider: (simUrl: string) => ProviderConfig;
}

const key = { apiKey: 'sk-bench-exact' };
export const FORMATS: Record<'chat' | 'responses' | 'anthropic' | 'gemini', Format> = {
  chat: { name: 'OpenAI Chat', adapter: openai, model: 'gpt-4o-mini', provider: (u) => ProviderConfig.parse({ type: 'openai', baseUrl: `${u}/v1`, ...key }) },
  responses: { name: 'OpenAI Responses', adapter: openai, model: 'gpt-4o-mini', provider: (u) => ProviderConfig.parse({ type: 'openai', api: 'responses', baseUrl: `${u}/v1`, ...key }) },
  anthropic: { name: 'Anthropic', adapter: anthropic, model: 'claude-sonnet-4-5', provider: (u) => ProviderConfig.parse({ type: 'anthropic', baseUrl: u, ...key }) },
  gemini: { name: 'Gemini', adapter: gemini, model: 'gemini-2.5-flash', provider: (u) => ProviderConfig.parse({ type: 'gemini', baseUrl: `${u}/v1beta`, ...key }) },
};

export interface CycleResult {
  observations: SuccessObservation[];
  /** Billed input + output tokens of the cycle. */
  tokens: number;
}

/** Sends one cycle of `canary` (its samples, one after another) and reads the answers. */
export async function runCycle(http: HttpClient, simUrl: string, format: Format, canary: Canary): Promise<CycleResult> {
  const provider = format.provider(simUrl);
  const observations: SuccessObservation[] = [];
  let tokens = 0;
  for (let sample = 0; sample < canary.samples; sample++) {
    const ctx: SampleContext = { canary, target: { id: `p/${format.model}`, provider: 'p', model: format.model }, provider, sample };
    const built = format.adapter.buildRequest(ctx);
    const startedAt = new Date();
    const result = await http.send(built.request, { timeoutMs: 5000, maxRetries: 0 });
    const obs = format.adapter.parseResponse(result, ctx, built, startedAt);
    if (!obs.ok) throw new Error(`${format.name} ${canary.id}: ${obs.failure.message}`);
    observations.push(obs);
    tokens += (obs.usage.input ?? 0) + (obs.usage.output ?? 0);
  }
  return { observations, tokens };
}

export function probeContext(format: Format, canary: Canary): ProbeContext {
  return { canary, target: `p/${format.model}`, alpha: 0.001, supports: format.adapter.supports };
}

/** The candidate findings a probe raises on one cycle against its baseline. */
export function raisedFindings(probe: Probe, baseline: unknown, current: SuccessObservation[], ctx: ProbeContext): CandidateDraft[] {
  return probe.evaluate({ baseline: { summary: baseline, samples: [] }, current, state: null, ctx }).findings;
}
