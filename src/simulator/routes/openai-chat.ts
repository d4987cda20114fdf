import { z } from 'zod';
import type { Route, RouteContext } from './types.js';
import { parseJson } from '../http-io.js';
import type { Json, SimResponse } from '../scenarios/types.js';
import { standardMessage } from '../wire-errors.js';
import { failure, firstIssue, runGeneration, streamed } from './flow.js';
import { chatStreamEvents } from './openai-stream.js';
import { OpenAiContent, chatLogprobs, contentText, fingerprint, hasOpenAiKey, isReasoningModelId, openAiId } from './openai-shared.js';

const ChatBody = z.object({
  model: z.string().min(1),
  messages: z.array(z.object({ role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']), content: OpenAiContent.optional() })).min(1),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  seed: z.number().int().optional(),
  max_tokens: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().optional(),
  logprobs: z.boolean().optional(),
  top_logprobs: z.number().int().min(0).max(20).optional(),
  n: z.number().int().min(1).max(8).optional(),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).optional(),
});

async function chat(ctx: RouteContext, model: string | null, azure: boolean): Promise<SimResponse> {
  if (!hasOpenAiKey(ctx.req)) return failure(ctx, 'openai', 401, standardMessage('openai', 401), { code: 'invalid_api_key' });
  if (azure && !ctx.url.searchParams.get('api-version')) {
    return failure(ctx, 'openai', 404, 'Resource not found', { code: '404', type: 'invalid_request_error' });
  }
  const raw = parseJson(ctx.bodyText);
  const withModel = model !== null && typeof raw === 'object' && raw !== null ? { ...raw, model } : raw;
  const parsed = ChatBody.safeParse(withModel);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error.issues);
    return failure(ctx, 'openai', 400, issue.message, { param: issue.param });
  }
  const body = parsed.data;
  if (isReasoningModelId(body.model) && body.max_tokens !== undefined) {
    const message = "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.";
    return failure(ctx, 'openai', 400, message, { param: 'max_tokens', code: 'unsupported_parameter' });
  }
  if (isReasoningModelId(body.model) && body.temperature !== undefined && body.temperature !== 1) {
    const message = `Unsupported value: 'temperature' does not support ${body.temperature} with this model. Only the default (1) value is supported.`;
    return failure(ctx, 'openai', 400, message, { param: 'temperature', code: 'unsupported_value' });
  }
  const system = body.messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => contentText(m.content));
  const turns = body.messages.flatMap((m) =>
    m.role === 'user' || m.role === 'assistant' ? [{ role: m.role, content: contentText(m.content) }] : [],
  );
  const wantLogprobs = body.logprobs === true;
  // The streamed form needs the first choice's tokens, which the rendered body no longer separates.
  let streamTokens: { token: string; logprob?: Json }[] = [];
  const answer = await runGeneration(ctx, {
    format: 'openai',
    template: 'openai',
    model: body.model,
    choices: body.n ?? 1,
    request: () => ({
      model: body.model,
      system: system.length > 0 ? system.join('\n') : undefined,
      messages: turns,
      temperature: body.temperature ?? 1,
      topP: body.top_p,
      seed: body.seed,
      maxTokens: body.max_completion_tokens ?? body.max_tokens,
      topLogprobs: wantLogprobs ? (body.top_logprobs ?? 0) : 0,
    }),
    cachePrefix: system.length > 0 ? system.join('\n') : undefined,
    render: ({ generations, knobs, info, inputTokens, outputTokens, cache }) => {
      const first = generations[0];
      const logprobs = first && wantLogprobs ? (chatLogprobs(first) as Json[]) : [];
      streamTokens = (first?.tokens ?? []).map((t, i) => ({ token: t.token, ...(wantLogprobs ? { logprob: logprobs[i] ?? null } : {}) }));
      const reasoning = generations.reduce((s, g) => s + g.reasoningTokens, 0);
      return {
        id: openAiId('chatcmpl-', info.rng),
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: knobs.reportedModel,
        choices: generations.map((g, index) => ({
          index,
          message: { role: 'assistant', content: g.text, refusal: null, annotations: [] },
          logprobs: wantLogprobs ? { content: chatLogprobs(g), refusal: null } : null,
          finish_reason: g.finishReason,
          ...(azure ? { content_filter_results: {} } : {}),
        })),
        usage: {
          prompt_tokens: inputTokens,
          completion_tokens: outputTokens,
          total_tokens: inputTokens + outputTokens,
          prompt_tokens_details: { cached_tokens: cache.read, audio_tokens: 0 },
          completion_tokens_details: {
            reasoning_tokens: reasoning,
            audio_tokens: 0,
            accepted_prediction_tokens: 0,
            rejected_prediction_tokens: 0,
          },
        },
        ...(azure ? { prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }] } : {}),
        service_tier: 'default',
        system_fingerprint: fingerprint(knobs.reportedModel),
      };
    },
  });
  if (body.stream !== true) return answer;
  return streamed(ctx, 'openai', body.model, answer, (done) => ({ events: chatStreamEvents(done, streamTokens, body.stream_options?.include_usage === true) }));
}

/** OpenAI Chat Completions, and the same on Azure's deployment path. */
export const openAiChatRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/chat\/completions$/, handle: (ctx) => chat(ctx, null, false) },
  {
    method: 'POST',
    pattern: /^\/openai\/deployments\/([^/]+)\/chat\/completions$/,
    handle: (ctx) => chat(ctx, decodeURIComponent(ctx.params[0] ?? ''), true),
  },
];
