import { Canary } from '../../src/config/canary-schema.js';
import type { SuccessObservation, Usage } from '../../src/domain/observation.js';
import type { ProbeContext } from '../../src/probes/types.js';

/** Signature lines of a trimmed OpenAI chat completion, sorted like shapeSignature (src/domain/shape.ts). */
export const OPENAI_SHAPE = [
  '$: object',
  '$.choices: array',
  '$.choices[]: object',
  '$.choices[].finish_reason: string',
  '$.choices[].index: number',
  '$.choices[].message: object',
  '$.choices[].message.content: string',
  '$.choices[].message.role: string',
  '$.created: number',
  '$.id: string',
  '$.model: string',
  '$.object: string',
  '$.system_fingerprint: string',
  '$.usage: object',
  '$.usage.completion_tokens: number',
  '$.usage.prompt_tokens: number',
  '$.usage.total_tokens: number',
].sort();

export const OPENAI_HEADERS = [
  'content-type',
  'date',
  'openai-processing-ms',
  'x-ratelimit-limit-requests',
  'x-ratelimit-limit-tokens',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-remaining-tokens',
  'x-request-id',
];

export function usage(overrides: Partial<Usage> = {}): Usage {
  return { input: 41, output: 1, cached: 0, reasoning: 0, total: 42, ...overrides };
}

/** A successful OpenAI-like observation; override what the test is about. */
export function observation(overrides: Partial<SuccessObservation> = {}): SuccessObservation {
  return {
    ok: true,
    target: 'openai/gpt-4o-mini',
    canary: 'tokens-short',
    sample: 0,
    timestamp: '2025-06-01T10:00:00.000Z',
    latencyMs: 120,
    status: 200,
    headerNames: OPENAI_HEADERS,
    rateLimits: { 'x-ratelimit-limit-requests': '500', 'x-ratelimit-limit-tokens': '200000' },
    rateRemaining: { 'x-ratelimit-remaining-requests': '499', 'x-ratelimit-remaining-tokens': '199950' },
    requestId: 'req_1',
    unsupported: [],
    shape: OPENAI_SHAPE,
    enums: { '$.choices[].finish_reason': 'stop', '$.object': 'chat.completion' },
    schemaIssues: [],
    text: 'Paris',
    finishReason: 'stop',
    usage: usage(),
    modelReported: 'gpt-4o-mini-2024-07-18',
    fingerprint: 'fp_a',
    logprobs: null,
    modelStatus: null,
    ...overrides,
  };
}

/** `n` observations with sample indexes and one-second-apart timestamps. */
export function observations(n: number, overrides: Partial<SuccessObservation> = {}, start = '2025-06-01T10:00:00.000Z'): SuccessObservation[] {
  const t0 = Date.parse(start);
  return Array.from({ length: n }, (_, i) =>
    observation({ sample: i, timestamp: new Date(t0 + i * 1000).toISOString(), ...overrides }),
  );
}

/** A canary parsed through the real schema (defaults applied). */
export function canary(overrides: Record<string, unknown> = {}): Canary {
  return Canary.parse({
    id: 'tokens-short',
    request: { messages: [{ role: 'user', content: 'Say OK.' }], params: { temperature: 0, maxTokens: 1 } },
    samples: 2,
    probes: ['shape', 'identity', 'tokens', 'ratelimit'],
    ...overrides,
  });
}

export function probeContext(c: Canary = canary(), target = 'openai/gpt-4o-mini'): ProbeContext {
  return { canary: c, target, alpha: 0.001, supports: { seed: true, logprobs: true, temperature: true } };
}
