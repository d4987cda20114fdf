import { anthropicCache } from '../shared/cache.js';
import { at, arr, isRecord, num, str } from '../shared/json.js';
import { nonStreamingCap } from '../shared/client-cap.js';
import { baseUrl, pathSegment, sampleMessages } from '../shared/messages.js';
import { observe } from '../shared/observe.js';
import { pickFacts, sideJson } from '../shared/side.js';
import type { ErrorInfo, WireSpec } from '../shared/wire.js';
import type { ProviderAdapter, SampleContext } from '../types.js';
import { DEFAULT_MAX_TOKENS, anthropicSampling } from './params.js';
import { AnthropicMessage } from './schema.js';
import { observeAnthropicStream } from './stream.js';
import { isStreamed } from '../shared/stream-reading.js';

const DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';

function headers(ctx: SampleContext): Record<string, string> {
  const auth: Record<string, string> = ctx.provider.apiKey ? { 'x-api-key': ctx.provider.apiKey } : {};
  return { ...auth, 'anthropic-version': ANTHROPIC_VERSION, ...ctx.provider.headers };
}

/** `{"type": "error", "error": {"type": "not_found_error", "message": ...}}`. */
function errorOf(json: unknown): ErrorInfo | null {
  const error = at(json, 'error');
  if (at(json, 'type') !== 'error' && !isRecord(error)) return null;
  return { code: str(at(error, 'type')), message: str(at(error, 'message')) };
}

const spec: WireSpec = {
  schema: AnthropicMessage,
  enumPaths: ['$.type', '$.stop_reason', '$.content[].type'],
  echoPaths: ['$.usage.service_tier'],
  // Where inference ran (data residency): an account fact, compared exactly.
  accountPaths: ['$.usage.inference_geo'],
  errorOf,
  cache: anthropicCache,
  extract(json) {
    const usage = at(json, 'usage');
    return {
      text: arr(at(json, 'content'))
        .filter((block) => at(block, 'type') === 'text')
        .map((block) => str(at(block, 'text')) ?? '')
        .join(''),
      finishReason: str(at(json, 'stop_reason')),
      usage: {
        input: num(at(usage, 'input_tokens')),
        output: num(at(usage, 'output_tokens')),
        cached: num(at(usage, 'cache_read_input_tokens')),
        reasoning: num(at(usage, 'output_tokens_details', 'thinking_tokens')),
        total: null,
      },
      modelReported: str(at(json, 'model')),
      fingerprint: null,
      logprobs: null,
      modelStatus: null,
      // Claude's safety classifiers stop an answer with `stop_reason: "refusal"` (text may be partial).
      ...(str(at(json, 'stop_reason')) === 'refusal' ? { refusal: 'stop_reason: refusal' } : {}),
    };
  },
};

function conversation(ctx: SampleContext): Record<string, unknown> {
  const { system, messages } = sampleMessages(ctx);
  if (system === undefined) return { messages };
  // Anthropic caches only up to a marked block (5-minute TTL by default).
  if (ctx.canary.request.params.promptCache) return { system: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }], messages };
  return { system, messages };
}

/** Anthropic Messages API: no seed, no logprobs, `max_tokens` required. */
export const anthropic = {
  id: 'anthropic',
  defaultBaseUrl: DEFAULT_BASE_URL,
  supports: { seed: false, logprobs: false, temperature: true },
  responseSchema: AnthropicMessage,

  buildRequest(ctx) {
    const model = ctx.target.model;
    const p = ctx.canary.request.params;
    const { fields, unsupported } = anthropicSampling(model, p);
    const cap = nonStreamingCap(p);
    const body = { model, max_tokens: cap.maxTokens ?? DEFAULT_MAX_TOKENS, ...conversation(ctx), ...fields, ...(p.stream === true ? { stream: true } : {}) };
    const url = `${baseUrl(ctx, DEFAULT_BASE_URL)}/v1/messages`;
    return { request: { method: 'POST', url, headers: headers(ctx), body }, unsupported: [...unsupported, ...cap.unsupported] };
  },

  parseResponse(result, ctx, built, startedAt) {
    return isStreamed(built) ? observeAnthropicStream(spec, result, ctx, built, startedAt) : observe(spec, result, ctx, built, startedAt);
  },

  sideRequests(ctx) {
    const base = baseUrl(ctx, DEFAULT_BASE_URL);
    const model = ctx.target.model;
    return [
      { name: 'models.get', request: { method: 'GET', url: `${base}/v1/models/${pathSegment(model)}`, headers: headers(ctx) } },
      {
        name: 'count_tokens',
        countsPrompt: true,
        request: {
          method: 'POST',
          url: `${base}/v1/messages/count_tokens`,
          headers: headers(ctx),
          body: { model, ...conversation(ctx) },
        },
      },
    ];
  },

  parseSide(name, result) {
    const json = sideJson(result);
    if (!json) return null;
    if (name === 'models.get') return pickFacts(json, ['id', 'display_name', 'created_at', 'max_input_tokens', 'max_tokens']);
    if (name === 'count_tokens') return pickFacts(json, ['input_tokens']);
    return null;
  },
} satisfies ProviderAdapter;
