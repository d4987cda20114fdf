import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { header, json, parseJson } from '../http-io.js';
import { catalog, lookupModel, type CatalogModel } from '../model/catalog.js';
import { countInputTokens } from '../model/tokenizer.js';
import type { ChatMessage } from '../model/types.js';
import type { JsonObject, SimResponse } from '../scenarios/types.js';
import { standardMessage } from '../wire-errors.js';
import { failure, finish, firstIssue, infoFor, runGeneration, streamed } from './flow.js';
import { anthropicStream } from './sse-streams.js';
import { openAiId } from './openai-shared.js';
import type { Route, RouteContext } from './types.js';

const TextBlocks = z.union([
  z.string(),
  z.array(z.object({ type: z.string(), text: z.string().optional(), cache_control: z.object({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() }).optional() })),
]);

const MessagesBody = z.object({
  model: z.string().min(1),
  max_tokens: z.number().int().min(1),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: TextBlocks })).min(1),
  system: TextBlocks.optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  stream: z.boolean().optional(),
});

const CountBody = MessagesBody.omit({ max_tokens: true });

/** The system text up to and including the last block marked `cache_control`: what Anthropic caches. */
function markedPrefix(blocks: z.infer<typeof TextBlocks> | undefined): { text: string; ttl: '5m' | '1h' } | undefined {
  if (blocks === undefined || typeof blocks === 'string') return undefined;
  const last = blocks.findLastIndex((b) => b.cache_control !== undefined);
  if (last < 0) return undefined;
  return { text: blocks.slice(0, last + 1).map((b) => b.text ?? '').join(''), ttl: blocks[last]?.cache_control?.ttl ?? '5m' };
}

function text(blocks: z.infer<typeof TextBlocks> | undefined): string | undefined {
  if (blocks === undefined) return undefined;
  return typeof blocks === 'string' ? blocks : blocks.map((b) => b.text ?? '').join('');
}

/** Models released after Opus 4.6 accept only temperature 1.0. */
export function onlyDefaultTemperature(model: string): boolean {
  const m = /opus-(\d+)-(\d+)/.exec(model);
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major > 4 || (major === 4 && minor >= 7 && minor < 100);
}

/** Shared checks: the key and version headers are present. */
function authProblem(ctx: RouteContext): Promise<SimResponse> | null {
  if ((header(ctx.req, 'x-api-key') ?? '').length === 0) return failure(ctx, 'anthropic', 401, standardMessage('anthropic', 401));
  if (header(ctx.req, 'anthropic-version') === undefined) {
    return failure(ctx, 'anthropic', 400, 'anthropic-version: header is required');
  }
  return null;
}

async function messages(ctx: RouteContext): Promise<SimResponse> {
  const problem = authProblem(ctx);
  if (problem) return problem;
  const parsed = MessagesBody.safeParse(parseJson(ctx.bodyText));
  if (!parsed.success) {
    const issue = firstIssue(parsed.error.issues);
    return failure(ctx, 'anthropic', 400, issue.message.replace(/: Invalid input.*$/, ': Field required'));
  }
  const body = parsed.data;
  if (body.temperature !== undefined && body.temperature !== 1 && onlyDefaultTemperature(body.model)) {
    return failure(ctx, 'anthropic', 400, `temperature: only the default value 1.0 is supported for ${body.model}`);
  }
  const turns: ChatMessage[] = body.messages.map((m) => ({ role: m.role, content: text(m.content) ?? '' }));
  const marked = markedPrefix(body.system);
  const answer = await runGeneration(ctx, {
    format: 'anthropic',
    template: 'anthropic',
    model: body.model,
    request: () => ({
      model: body.model,
      system: text(body.system),
      messages: turns,
      temperature: body.temperature ?? 1,
      topP: body.top_p,
      maxTokens: body.max_tokens,
      topLogprobs: 0,
    }),
    ...(marked ? { cachePrefix: marked.text } : {}),
    render: ({ generations, knobs, info, inputTokens, outputTokens, cache }) => {
      const g = generations[0];
      const [w5m, w1h] = marked?.ttl === '1h' ? [0, cache.write] : [cache.write, 0];
      return {
        id: openAiId('msg_01', info.rng, 22),
        type: 'message',
        role: 'assistant',
        model: knobs.reportedModel,
        content: [{ type: 'text', text: g?.text ?? '' }],
        stop_reason: g?.finishReason === 'length' ? 'max_tokens' : 'end_turn',
        stop_sequence: null,
        usage: {
          // input_tokens counts only what follows the cached block.
          input_tokens: inputTokens - cache.read - cache.write,
          cache_creation_input_tokens: cache.write,
          cache_read_input_tokens: cache.read,
          cache_creation: { ephemeral_5m_input_tokens: w5m, ephemeral_1h_input_tokens: w1h },
          output_tokens: outputTokens,
          service_tier: 'standard',
          inference_geo: 'global',
        },
      };
    },
  });
  return body.stream === true ? streamed(ctx, 'anthropic', body.model, answer, (done) => ({ sse: anthropicStream(done) })) : answer;
}

async function countTokens(ctx: RouteContext): Promise<SimResponse> {
  const problem = authProblem(ctx);
  if (problem) return problem;
  const parsed = CountBody.safeParse(parseJson(ctx.bodyText));
  if (!parsed.success) return failure(ctx, 'anthropic', 400, firstIssue(parsed.error.issues).message);
  const info = infoFor(ctx, 'anthropic', 'count-tokens', parsed.data.model);
  const knobs = ctx.state.knobs(info);
  const turns = parsed.data.messages.map((m) => ({ content: text(m.content) ?? '' }));
  const count = countInputTokens('anthropic', text(parsed.data.system), turns, knobs.nonAsciiTokenCost) + knobs.hiddenSystemTokens;
  return finish(ctx, info, json(200, { input_tokens: count }));
}

function modelInfo(c: CatalogModel): JsonObject {
  return {
    type: 'model',
    id: c.reported,
    display_name: c.displayName,
    created_at: c.created,
    max_input_tokens: c.inputTokenLimit,
    max_tokens: c.outputTokenLimit,
  };
}

const isAnthropic = (req: IncomingMessage): boolean => header(req, 'anthropic-version') !== undefined;

/** Anthropic Messages, token counting and the model listing (when `anthropic-version` is sent). */
export const anthropicRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/messages$/, handle: messages },
  { method: 'POST', pattern: /^\/v1\/messages\/count_tokens$/, handle: countTokens },
  {
    method: 'GET',
    pattern: /^\/v1\/models$/,
    when: isAnthropic,
    handle: async (ctx) => {
      const problem = authProblem(ctx);
      if (problem) return problem;
      const data = catalog.filter((c) => c.family === 'anthropic').map(modelInfo);
      const body = { data, has_more: false, first_id: data[0]?.['id'] ?? null, last_id: data[data.length - 1]?.['id'] ?? null };
      return finish(ctx, infoFor(ctx, 'anthropic', 'models-list', ''), json(200, body));
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/models\/([^/]+)$/,
    when: isAnthropic,
    handle: async (ctx) => {
      const problem = authProblem(ctx);
      if (problem) return problem;
      const id = decodeURIComponent(ctx.params[0] ?? '');
      return finish(ctx, infoFor(ctx, 'anthropic', 'model-get', id), json(200, modelInfo(lookupModel(id))));
    },
  },
];
