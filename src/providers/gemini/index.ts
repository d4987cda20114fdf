import { geminiCache } from '../shared/cache.js';
import { arr, at, str } from '../shared/json.js';
import { nonStreamingCap } from '../shared/client-cap.js';
import { baseUrl, pathSegment, sampleMessages } from '../shared/messages.js';
import { observe } from '../shared/observe.js';
import { pickFacts, sideJson } from '../shared/side.js';
import type { WireSpec } from '../shared/wire.js';
import type { ProviderAdapter, SampleContext } from '../types.js';
import { geminiAnswer, geminiBlocked, geminiErrorOf, geminiLogprobs, geminiModelStatus, geminiUsage, withoutModelsPrefix } from './read.js';
import { GenerateContentResponse } from './schema.js';
import { thinkingPlan } from './thinking.js';
import { observeGeminiStream } from './stream.js';
import { isStreamed } from '../shared/stream-reading.js';

const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

const spec: WireSpec = {
  schema: GenerateContentResponse,
  enumPaths: ['$.candidates[].finishReason', '$.modelStatus.modelStage', '$.promptFeedback.blockReason', '$.usageMetadata.trafficType'],
  errorOf: geminiErrorOf,
  cache: geminiCache,
  extract(json, ctx) {
    const candidates = arr(at(json, 'candidates'));
    const answers = candidates.map(geminiAnswer);
    const first = answers[0] ?? geminiBlocked(json) ?? { text: '', finishReason: null };
    const version = str(at(json, 'modelVersion'));
    const responseId = str(at(json, 'responseId'));
    return {
      text: first.text,
      finishReason: first.finishReason ?? str(at(json, 'promptFeedback', 'blockReason')),
      usage: geminiUsage(at(json, 'usageMetadata')),
      modelReported: version === null ? null : withoutModelsPrefix(version),
      fingerprint: null,
      logprobs: ctx.canary.request.params.logprobs ? geminiLogprobs(at(candidates[0], 'logprobsResult')) : null,
      modelStatus: geminiModelStatus(at(json, 'modelStatus')),
      ...(first.refusal !== undefined ? { refusal: first.refusal } : {}),
      ...(answers.length > 1 ? { choices: answers } : {}),
      ...(responseId !== null ? { requestId: responseId } : {}),
    };
  },
};

/** `gemini-2.5-flash` and `models/gemini-2.5-flash` name the same model. */
function modelName(ctx: SampleContext): string {
  return withoutModelsPrefix(ctx.target.model);
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
    const thinking = thinkingPlan(modelName(ctx));
    const allowance = thinking?.setting.capAllowance ?? 0;
    const unsupported = [...cap.unsupported];
    // Thoughts count against maxOutputTokens: a model that cannot stop thinking gets room for them.
    if (cap.maxTokens !== undefined) config['maxOutputTokens'] = cap.maxTokens + allowance;
    if (cap.maxTokens !== undefined && allowance > 0) unsupported.push('maxTokens');
    if (p.seed !== undefined) config['seed'] = p.seed;
    if (p.n !== undefined && p.n > 1) config['candidateCount'] = p.n;
    if (p.logprobs) {
      config['responseLogprobs'] = true;
      if (p.topLogprobs !== undefined && p.topLogprobs > 0) config['logprobs'] = p.topLogprobs;
    }
    if (thinking) config['thinkingConfig'] = thinking.config;
    const body = { ...conversation(ctx), ...(Object.keys(config).length > 0 ? { generationConfig: config } : {}) };
    // A streamed canary asks for server-sent events (`alt=sse`); without it the stream is a JSON array.
    const method = p.stream === true ? 'streamGenerateContent?alt=sse' : 'generateContent';
    const url = `${baseUrl(ctx, DEFAULT_BASE_URL)}/models/${pathSegment(modelName(ctx))}:${method}`;
    return { request: { method: 'POST', url, headers: headers(ctx), body }, unsupported };
  },

  parseResponse(result, ctx, built, startedAt) {
    const obs = isStreamed(built) ? observeGeminiStream(spec, result, ctx, built, startedAt) : observe(spec, result, ctx, built, startedAt);
    const thinking = thinkingPlan(modelName(ctx));
    return obs.ok && thinking ? { ...obs, thinking: thinking.setting } : obs;
  },

  sideRequests(ctx) {
    const url = `${baseUrl(ctx, DEFAULT_BASE_URL)}/models/${pathSegment(modelName(ctx))}`;
    const count = { generateContentRequest: { model: `models/${modelName(ctx)}`, ...conversation(ctx) } };
    return [
      { name: 'models.get', request: { method: 'GET', url, headers: headers(ctx) } },
      { name: 'count_tokens', countsPrompt: true, request: { method: 'POST', url: `${url}:countTokens`, headers: headers(ctx), body: count } },
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
