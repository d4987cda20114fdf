import { z } from 'zod';
import { header, json, parseJson, utf8Bytes } from '../http-io.js';
import { catalog, lookupModel } from '../model/catalog.js';
import { countInputTokens } from '../model/tokenizer.js';
import type { ChatMessage } from '../model/types.js';
import type { SimResponse } from '../scenarios/types.js';
import { standardMessage } from '../wire-errors.js';
import { failure, finish, firstIssue, infoFor, runGeneration, streamed } from './flow.js';
import { responsesStream } from './sse-streams.js';
import { OpenAiContent, contentText, hasOpenAiKey, hexId } from './openai-shared.js';
import type { Route, RouteContext } from './types.js';

const ResponsesInput = z.union([
  z.string(),
  z.array(z.object({ role: z.enum(['system', 'developer', 'user', 'assistant']), content: OpenAiContent })),
]);

const ResponsesBody = z.object({
  model: z.string().min(1),
  input: ResponsesInput,
  instructions: z.string().nullable().optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  max_output_tokens: z.number().int().min(16).optional(),
  top_logprobs: z.number().int().min(0).max(20).optional(),
  include: z.array(z.string()).optional(),
  store: z.boolean().optional(),
  stream: z.boolean().optional(),
});

function conversation(input: z.infer<typeof ResponsesInput>, instructions?: string | null): { system?: string; messages: ChatMessage[] } {
  if (typeof input === 'string') return { system: instructions ?? undefined, messages: [{ role: 'user', content: input }] };
  const system = [instructions ?? '', ...input.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => contentText(m.content))].filter((s) => s.length > 0);
  const messages = input.flatMap((m): ChatMessage[] =>
    m.role === 'user' || m.role === 'assistant' ? [{ role: m.role, content: contentText(m.content) }] : [],
  );
  return { system: system.length > 0 ? system.join('\n') : undefined, messages };
}

async function responses(ctx: RouteContext): Promise<SimResponse> {
  if (!hasOpenAiKey(ctx.req)) return failure(ctx, 'openai', 401, standardMessage('openai', 401), { code: 'invalid_api_key' });
  const parsed = ResponsesBody.safeParse(parseJson(ctx.bodyText));
  if (!parsed.success) {
    const issue = firstIssue(parsed.error.issues);
    return failure(ctx, 'openai', 400, issue.message, { param: issue.param });
  }
  const body = parsed.data;
  const conv = conversation(body.input, body.instructions);
  const wantLogprobs = (body.include ?? []).includes('message.output_text.logprobs');
  const answer = await runGeneration(ctx, {
    format: 'openai',
    template: 'openai',
    model: body.model,
    request: (knobs) => ({
      model: body.model,
      ...conv,
      temperature: body.temperature ?? 1,
      topP: body.top_p ?? knobs.defaultTopP,
      maxTokens: body.max_output_tokens,
      topLogprobs: wantLogprobs ? (body.top_logprobs ?? 0) : 0,
    }),
    cachePrefix: conv.system,
    render: ({ generations, knobs, info, inputTokens, outputTokens, cache }) => {
      const g = generations[0];
      const incomplete = g?.finishReason === 'length';
      const logprobs = wantLogprobs
        ? (g?.tokens ?? []).map((t) => ({
            token: t.token,
            logprob: t.logprob,
            bytes: utf8Bytes(t.token),
            top_logprobs: t.top.map((a) => ({ token: a.token, logprob: a.logprob, bytes: utf8Bytes(a.token) })),
          }))
        : [];
      return {
        id: hexId('resp_', info.rng),
        object: 'response',
        created_at: Math.floor(Date.now() / 1000),
        status: incomplete ? 'incomplete' : 'completed',
        error: null,
        incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
        instructions: body.instructions ?? null,
        max_output_tokens: body.max_output_tokens ?? null,
        model: knobs.reportedModel,
        output: [
          {
            id: hexId('msg_', info.rng),
            type: 'message',
            status: incomplete ? 'incomplete' : 'completed',
            role: 'assistant',
            content: [{ type: 'output_text', text: g?.text ?? '', annotations: [], logprobs }],
          },
        ],
        parallel_tool_calls: true,
        // The effective settings, the model's defaults filled in, as the API echoes them.
        temperature: body.temperature ?? 1,
        top_p: body.top_p ?? knobs.defaultTopP,
        top_logprobs: body.top_logprobs ?? 0,
        reasoning: { effort: knobs.reasoning ? 'medium' : null, summary: null },
        text: { format: { type: 'text' }, verbosity: 'medium' },
        truncation: 'disabled',
        tool_choice: 'auto',
        tools: [],
        store: body.store ?? true,
        background: false,
        service_tier: 'default',
        usage: {
          input_tokens: inputTokens,
          input_tokens_details: { cached_tokens: cache.read },
          output_tokens: outputTokens,
          output_tokens_details: { reasoning_tokens: g?.reasoningTokens ?? 0 },
          total_tokens: inputTokens + outputTokens,
        },
        metadata: {},
      };
    },
  });
  return body.stream === true ? streamed(ctx, 'openai', body.model, answer, (done) => ({ sse: responsesStream(done) })) : answer;
}

async function inputTokens(ctx: RouteContext): Promise<SimResponse> {
  if (!hasOpenAiKey(ctx.req)) return failure(ctx, 'openai', 401, standardMessage('openai', 401), { code: 'invalid_api_key' });
  const parsed = ResponsesBody.pick({ model: true, input: true, instructions: true }).safeParse(parseJson(ctx.bodyText));
  if (!parsed.success) {
    const issue = firstIssue(parsed.error.issues);
    return failure(ctx, 'openai', 400, issue.message, { param: issue.param });
  }
  const info = infoFor(ctx, 'openai', 'count-tokens', parsed.data.model);
  const knobs = ctx.state.knobs(info);
  const conv = conversation(parsed.data.input, parsed.data.instructions);
  const count = countInputTokens('openai', conv.system, conv.messages, knobs.nonAsciiTokenCost) + knobs.hiddenSystemTokens;
  return finish(ctx, info, json(200, { object: 'response.input_tokens', input_tokens: count }));
}

function modelObject(id: string, created: string): { id: string; object: string; created: number; owned_by: string } {
  return { id, object: 'model', created: Math.floor(Date.parse(created) / 1000), owned_by: 'system' };
}

const isOpenAiListing = (req: Parameters<NonNullable<Route['when']>>[0]): boolean => header(req, 'anthropic-version') === undefined;

/** OpenAI Responses API, its input-token counter, and the model listing. */
export const openAiResponsesRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/responses$/, handle: responses },
  { method: 'POST', pattern: /^\/v1\/responses\/input_tokens$/, handle: inputTokens },
  {
    method: 'GET',
    pattern: /^\/v1\/models$/,
    when: isOpenAiListing,
    handle: async (ctx) => {
      if (!hasOpenAiKey(ctx.req)) return failure(ctx, 'openai', 401, standardMessage('openai', 401), { code: 'invalid_api_key' });
      const data = catalog.filter((c) => c.family === 'openai').flatMap((c) => [modelObject(c.id, c.created), modelObject(c.reported, c.created)]);
      return finish(ctx, infoFor(ctx, 'openai', 'models-list', ''), json(200, { object: 'list', data }));
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/models\/([^/]+)$/,
    when: isOpenAiListing,
    handle: async (ctx) => {
      if (!hasOpenAiKey(ctx.req)) return failure(ctx, 'openai', 401, standardMessage('openai', 401), { code: 'invalid_api_key' });
      const id = decodeURIComponent(ctx.params[0] ?? '');
      return finish(ctx, infoFor(ctx, 'openai', 'model-get', id), json(200, modelObject(id, lookupModel(id).created)));
    },
  },
];
