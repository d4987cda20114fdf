import { buildChatBody, chatSpec } from '../openai-wire/chat.js';
import { isStreamed, observeChatStream } from '../openai-wire/stream.js';
import { baseUrl, pathSegment } from '../shared/messages.js';
import { observe } from '../shared/observe.js';
import type { ProviderAdapter } from '../types.js';
import { AzureChatCompletion } from './schema.js';

/** Latest GA data-plane version when the config names none. */
export const DEFAULT_API_VERSION = '2024-10-21';
const spec = chatSpec(AzureChatCompletion);

/** Azure OpenAI deployments: the deployment is in the URL, the key in `api-key`. */
export const azureOpenai = {
  id: 'azure-openai',
  // No sensible default: every resource has its own host. The config must give `baseUrl`.
  defaultBaseUrl: '',
  supports: { seed: true, logprobs: true, temperature: true },
  responseSchema: AzureChatCompletion,

  buildRequest(ctx) {
    const model = ctx.target.model;
    const deployment = ctx.provider.deployments?.[model] ?? model;
    const version = encodeURIComponent(ctx.provider.apiVersion ?? DEFAULT_API_VERSION);
    const url = `${baseUrl(ctx, '')}/openai/deployments/${pathSegment(deployment)}/chat/completions?api-version=${version}`;
    const { body, unsupported, stopAfterEvents } = buildChatBody(ctx, { model: undefined, modelId: model, reasoningRules: true });
    const auth: Record<string, string> = ctx.provider.apiKey ? { 'api-key': ctx.provider.apiKey } : {};
    return { request: { method: 'POST', url, headers: { ...auth, ...ctx.provider.headers }, body, ...(stopAfterEvents ? { stopAfterEvents } : {}) }, unsupported };
  },

  parseResponse(result, ctx, built, startedAt) {
    return isStreamed(built) ? observeChatStream(spec, result, ctx, built, startedAt) : observe(spec, result, ctx, built, startedAt);
  },
} satisfies ProviderAdapter;
