import type { HttpRequest } from '../../http/types.js';
import { buildChatBody, chatSpec } from '../openai-wire/chat.js';
import { buildResponsesBody, responsesCapRaise, responsesSpec } from '../openai-wire/responses.js';
import { observeResponsesStream } from '../openai-wire/responses-stream.js';
import { isStreamed, observeChatStream } from '../openai-wire/stream.js';
import { baseUrl, pathSegment, sampleMessages } from '../shared/messages.js';
import { observe } from '../shared/observe.js';
import { pickFacts, sideJson } from '../shared/side.js';
import type { ProviderAdapter, SampleContext } from '../types.js';
import { ChatCompletion, OpenAIResponse } from './schema.js';

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const CHAT = chatSpec(ChatCompletion);

function headers(ctx: SampleContext): Record<string, string> {
  const auth: Record<string, string> = ctx.provider.apiKey ? { authorization: `Bearer ${ctx.provider.apiKey}` } : {};
  return { ...auth, ...ctx.provider.headers };
}

/** OpenAI: Chat Completions by default, the Responses API with `api: responses`. */
export const openai = {
  id: 'openai',
  defaultBaseUrl: DEFAULT_BASE_URL,
  supports: { seed: true, logprobs: true, temperature: true },
  responseSchema: OpenAIResponse,

  buildRequest(ctx) {
    const base = baseUrl(ctx, DEFAULT_BASE_URL);
    const model = ctx.target.model;
    if (ctx.provider.api === 'responses') {
      const { body, unsupported } = buildResponsesBody(ctx, model);
      return { request: { method: 'POST', url: `${base}/responses`, headers: headers(ctx), body }, unsupported };
    }
    const { body, unsupported, stopAfterEvents } = buildChatBody(ctx, { model, modelId: model, reasoningRules: true });
    const request = { method: 'POST' as const, url: `${base}/chat/completions`, headers: headers(ctx), body, ...(stopAfterEvents ? { stopAfterEvents } : {}) };
    return { request, unsupported };
  },

  parseResponse(result, ctx, built, startedAt) {
    if (ctx.provider.api === 'responses') {
      const obs = isStreamed(built) ? observeResponsesStream(responsesSpec, result, ctx, built, startedAt) : observe(responsesSpec, result, ctx, built, startedAt);
      const raise = responsesCapRaise(ctx, ctx.target.model);
      return obs.ok && raise > 0 ? { ...obs, capRaisedBy: raise } : obs;
    }
    return isStreamed(built) ? observeChatStream(CHAT, result, ctx, built, startedAt) : observe(CHAT, result, ctx, built, startedAt);
  },

  sideRequests(ctx) {
    const base = baseUrl(ctx, DEFAULT_BASE_URL);
    const model = ctx.target.model;
    const { system, messages } = sampleMessages(ctx);
    const count: HttpRequest = {
      method: 'POST',
      url: `${base}/responses/input_tokens`,
      headers: headers(ctx),
      body: { model, input: messages, ...(system !== undefined ? { instructions: system } : {}) },
    };
    return [
      { name: 'models.get', request: { method: 'GET', url: `${base}/models/${pathSegment(model)}`, headers: headers(ctx) } },
      { name: 'input_tokens', countsPrompt: true, request: count },
    ];
  },

  parseSide(name, result) {
    const json = sideJson(result);
    if (!json) return null;
    if (name === 'models.get') return pickFacts(json, ['id', 'created', 'owned_by']);
    if (name === 'input_tokens') return pickFacts(json, ['input_tokens']);
    return null;
  },
} satisfies ProviderAdapter;
