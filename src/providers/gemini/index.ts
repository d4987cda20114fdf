import { arr, at, num, str } from '../shared/json.js';
import { nonStreamingCap } from '../shared/client-cap.js';
import { baseUrl, sampleMessages } from '../shared/messages.js';
import { observe } from '../shared/observe.js';
import { pickFacts, sideJson } from '../shared/side.js';
import type { WireSpec } from '../shared/wire.js';
import type { ProviderAdapter, SampleContext } from '../types.js';
import { geminiErrorOf, geminiLogprobs, geminiModelStatus } from './read.js';
import { GenerateContentResponse } from './schema.js';

const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

const spec: WireSpec = {
  schema: GenerateContentResponse,
  enumPaths: ['$.candidates[].finishReason', '$.modelStatus.modelStage', '$.promptFeedback.blockReason', '$.usageMetadata.trafficType'],
  errorOf: geminiErrorOf,
  extract(json, ctx) {
    const candidate = at(json, 'candidates', 0);
    const usage = at(json, 'usageMetadata');
    return {
      text: arr(at(candidate, 'content', 'parts'))
        .filter((part) => at(part, 'thought') !== true)
        .map((part) => str(at(part, 'text')) ?? '')
        .join(''),
      finishReason: str(at(candidate, 'finishReason')) ?? str(at(json, 'promptFeedback', 'blockReason')),
      usage: {
        input: num(at(usage, 'promptTokenCount')),
        output: num(at(usage, 'candidatesTokenCount')),
        cached: num(at(usage, 'cachedContentTokenCount')),
        reasoning: num(at(usage, 'thoughtsTokenCount')),
        total: num(at(usage, 'totalTokenCount')),
      },
      modelReported: str(at(json, 'modelVersion')),
      fingerprint: null,
      logprobs: ctx.canary.request.params.logprobs ? geminiLogprobs(at(candidate, 'logprobsResult')) : null,
      modelStatus: geminiModelStatus(at(json, 'modelStatus')),
    };
  },
};

/** `gemini-2.5-flash` and `models/gemini-2.5-flash` name the same model. */
function modelName(ctx: SampleContext): string {
  return ctx.target.model.replace(/^models\//, '');
}

function headers(ctx: SampleContext): Record<string, string> {
  const auth: Record<string, string> = ctx.provider.apiKey ? { 'x-goog-api-key': ctx.provider.apiKey } : {};
  return { ...auth, ...ctx.provider.headers };
}

function conversation(ctx: SampleContext): Record<string, unknown> {
  const { system, messages } = sampleMessages(ctx);
  const contents = messages.map((m) => ({ role: m.role === 'assistant' ? 'model' : 'user', parts: [{ text: m.content }] }));
  return { contents, ...(system !== undefined ? { systemInstruction: { parts: [{ text: system }] } } : {}) };
}

/** Gemini API (generativelanguage.googleapis.com) generateContent. */
export const gemini = {
  id: 'gemini',
  defaultBaseUrl: DEFAULT_BASE_URL,
  supports: { seed: true, logprobs: true, temperature: true },
  responseSchema: GenerateContentResponse,

  buildRequest(ctx) {
    const p = ctx.canary.request.params;
    const config: Record<string, unknown> = {};
    if (p.temperature !== undefined) config['temperature'] = p.temperature;
    if (p.topP !== undefined) config['topP'] = p.topP;
    const cap = nonStreamingCap(p);
    if (cap.maxTokens !== undefined) config['maxOutputTokens'] = cap.maxTokens;
    if (p.seed !== undefined) config['seed'] = p.seed;
    if (p.logprobs) {
      config['responseLogprobs'] = true;
      if (p.topLogprobs !== undefined && p.topLogprobs > 0) config['logprobs'] = p.topLogprobs;
    }
    const body = { ...conversation(ctx), ...(Object.keys(config).length > 0 ? { generationConfig: config } : {}) };
    const url = `${baseUrl(ctx, DEFAULT_BASE_URL)}/models/${modelName(ctx)}:generateContent`;
    return { request: { method: 'POST', url, headers: headers(ctx), body }, unsupported: cap.unsupported };
  },

  parseResponse(result, ctx, built, startedAt) {
    return observe(spec, result, ctx, built, startedAt);
  },

  sideRequests(ctx) {
    const url = `${baseUrl(ctx, DEFAULT_BASE_URL)}/models/${modelName(ctx)}`;
    const count = { generateContentRequest: { model: `models/${modelName(ctx)}`, ...conversation(ctx) } };
    return [
      { name: 'models.get', request: { method: 'GET', url, headers: headers(ctx) } },
      { name: 'count_tokens', request: { method: 'POST', url: `${url}:countTokens`, headers: headers(ctx), body: count } },
    ];
  },

  parseSide(name, result) {
    const json = sideJson(result);
    if (!json) return null;
    if (name === 'models.get') {
      const fields = ['name', 'version', 'inputTokenLimit', 'outputTokenLimit', 'temperature', 'maxTemperature', 'topP', 'topK'];
      return pickFacts(json, fields);
    }
    if (name === 'count_tokens') return pickFacts(json, ['totalTokens']);
    return null;
  },
} satisfies ProviderAdapter;
