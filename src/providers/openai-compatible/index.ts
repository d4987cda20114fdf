import { buildChatBody, chatSpec } from '../openai-wire/chat.js';
import { isStreamed, observeChatStream } from '../openai-wire/stream.js';
import { baseUrl } from '../shared/messages.js';
import { observe } from '../shared/observe.js';
import type { ProviderAdapter } from '../types.js';
import { CompatChatCompletion } from './schema.js';

const DEFAULT_BASE_URL = 'http://127.0.0.1:8000/v1';
const spec = chatSpec(CompatChatCompletion);

/** Any server speaking the Chat Completions wire format; tolerant of the usual local-server gaps. */
export const openaiCompatible = {
  id: 'openai-compatible',
  defaultBaseUrl: DEFAULT_BASE_URL,
  supports: { seed: true, logprobs: true, temperature: true },
  responseSchema: CompatChatCompletion,

  buildRequest(ctx) {
    const model = ctx.target.model;
    const { body, unsupported, stopAfterEvents } = buildChatBody(ctx, { model, modelId: model, reasoningRules: false });
    const auth: Record<string, string> = ctx.provider.apiKey ? { authorization: `Bearer ${ctx.provider.apiKey}` } : {};
    return {
      request: {
        method: 'POST',
        url: `${baseUrl(ctx, DEFAULT_BASE_URL)}/chat/completions`,
        headers: { ...auth, ...ctx.provider.headers },
        body,
        ...(stopAfterEvents ? { stopAfterEvents } : {}),
      },
      unsupported,
    };
  },

  parseResponse(result, ctx, built, startedAt) {
    return isStreamed(built) ? observeChatStream(spec, result, ctx, built, startedAt) : observe(spec, result, ctx, built, startedAt);
  },
} satisfies ProviderAdapter;
