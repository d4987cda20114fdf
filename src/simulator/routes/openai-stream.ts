import type { Json } from '../scenarios/types.js';

type JsonObject = { [key: string]: Json };

function asObject(value: Json | undefined): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/**
 * A Chat Completions body as the `stream: true` events OpenAI sends: a role chunk, one chunk per
 * output token (with its logprobs), a chunk with the finish reason and, with
 * `stream_options.include_usage`, a last chunk with empty choices and the usage.
 */
export function chatStreamEvents(completion: Json, tokens: readonly { token: string; logprob?: Json }[], includeUsage: boolean): Json[] {
  const c = asObject(completion);
  const choice = asObject(Array.isArray(c['choices']) ? c['choices'][0] : undefined);
  const head: JsonObject = {
    id: c['id'] ?? null,
    object: 'chat.completion.chunk',
    created: c['created'] ?? null,
    model: c['model'] ?? null,
    service_tier: c['service_tier'] ?? null,
    system_fingerprint: c['system_fingerprint'] ?? null,
    // With include_usage every chunk carries `usage: null`, and the last one the counts.
    ...(includeUsage ? { usage: null } : {}),
  };
  const chunk = (delta: Json, finish: Json, logprobs: Json = null): Json => ({ ...head, choices: [{ index: 0, delta, logprobs, finish_reason: finish }] });
  return [
    chunk({ role: 'assistant', content: '', refusal: null }, null),
    ...tokens.map((t) => chunk({ content: t.token }, null, t.logprob === undefined ? null : { content: [t.logprob], refusal: null })),
    chunk({}, choice['finish_reason'] ?? null),
    ...(includeUsage ? [{ ...head, choices: [], usage: c['usage'] ?? null }] : []),
  ];
}
