import { countInputTokens, countTokens, type TemplateFamily } from '../model/tokenizer.js';
import { generate } from '../model/generate.js';
import type { Generation, ModelKnobs, ModelRequest } from '../model/types.js';
import { FIRST_TOKEN_SHARE, cachedTokens, minCacheableTokens, type CacheOutcome } from '../model/service.js';
import { fork, hash32 } from '../rng.js';
import type { Endpoint, Json, RequestInfo, SimResponse, WireFormat } from '../scenarios/types.js';
import { errorBody, standardMessage } from '../wire-errors.js';
import { formatHeaders } from './headers.js';
import { tenantOf } from './tenant.js';
import type { RouteContext } from './types.js';

/** What a wire format's renderer gets to build its success body. */
export interface RenderInput {
  /** One generation per requested choice. */
  generations: Generation[];
  /** The knobs the model ran with (reported model id, ...). */
  knobs: ModelKnobs;
  /** The request's hook context (its random stream makes ids). */
  info: RequestInfo;
  /** Input tokens billed (hidden system tokens included). */
  inputTokens: number;
  /** Output tokens billed across all choices (reasoning included). */
  outputTokens: number;
  /** Prompt tokens read from and written to the provider's prompt cache (part of `inputTokens`). */
  cache: CacheOutcome;
}

/** Where a wire format differs in the shared generation flow. */
export interface GenerationSpec {
  /** Wire format of errors and headers. */
  format: WireFormat;
  /** Chat template used for input token accounting. */
  template: TemplateFamily;
  /** Requested model id. */
  model: string;
  /** The normalized request, given the knobs (defaults such as temperature may come from them). */
  request(knobs: ModelKnobs): ModelRequest;
  /** Number of choices (OpenAI `n`); 1 elsewhere. */
  choices?: number;
  /** Build the success body. */
  render(input: RenderInput): Json;
  /**
   * The prefix the provider may serve from its prompt cache: the system text (OpenAI and Gemini cache
   * on their own; Anthropic only a block marked with `cache_control`). Absent: nothing is cached.
   */
  cachePrefix?: string;
}

/** Finish a response: the format's standard headers, then the active scenarios' post-processing. */
export async function finish(ctx: RouteContext, info: RequestInfo, res: SimResponse, tokens: [number, number] = [0, 0]): Promise<SimResponse> {
  const usage = ctx.state.recordUsage(tokens[0], tokens[1]);
  const { reportedMs, waitMs } = ctx.state.processingTime(fork(info.rng, 'latency'), ctx.state.knobs(info).service);
  const headers = { ...formatHeaders(info.format, info.rng, usage, reportedMs), ...res.headers };
  const out = ctx.state.respond({ ...res, headers }, info);
  // The prefill is waited here; the generation after the first token when the answer is written
  // (a stream's first event goes out before it, a whole body after it).
  const firstMs = Math.round(waitMs * FIRST_TOKEN_SHARE);
  await ctx.state.sleep(firstMs);
  return waitMs > firstMs ? { ...out, streamRestMs: waitMs - firstMs } : out;
}

/** The hook context for a request; its hash covers method, path and body so identical requests share it. */
export function infoFor(ctx: RouteContext, format: WireFormat, endpoint: Endpoint, model: string, counted = true): RequestInfo {
  const hash = hash32(ctx.req.method ?? '', ctx.url.pathname, ctx.bodyText);
  return ctx.state.requestInfo(format, endpoint, model, hash, tenantOf(ctx.req.headers, ctx.url), counted);
}

/** Run one generation request through interceptions, the model, the renderer and the scenarios. */
export async function runGeneration(ctx: RouteContext, spec: GenerationSpec): Promise<SimResponse> {
  const info = infoFor(ctx, spec.format, 'generate', spec.model);
  const hit = ctx.state.intercept(info);
  if (hit?.kind === 'error') {
    return finish(ctx, info, { status: 500, headers: {}, body: errorBody(spec.format, 500, standardMessage(spec.format, 500)) });
  }
  if (hit?.kind === 'rate-limited') {
    const body = errorBody(spec.format, 429, standardMessage(spec.format, 429));
    return finish(ctx, info, { status: 429, headers: { 'retry-after': String(hit.retryAfterSeconds) }, body });
  }
  if (hit?.kind === 'hang') await ctx.state.sleep(hit.ms);

  const knobs = ctx.state.knobs(info);
  const request = spec.request(knobs);
  const inputTokens =
    countInputTokens(spec.template, request.system, request.messages, knobs.nonAsciiTokenCost) + knobs.hiddenSystemTokens;
  const generations = Array.from({ length: spec.choices ?? 1 }, (_, i) => generate({ ...request, choiceIndex: i }, knobs, info.rng));
  const outputTokens = generations.reduce((s, g) => s + g.tokens.length + g.reasoningTokens, 0);
  const cache = promptCache(ctx, spec, knobs, info);
  const body = spec.render({ generations, knobs, info, inputTokens, outputTokens, cache });
  return finish(ctx, info, { status: 200, headers: {}, body }, [inputTokens, outputTokens]);
}

/**
 * A generation answered as a stream: `toEvents` turns the finished body into events, then the
 * active scenarios' stream hooks run. Errors stay JSON, as the APIs send them before streaming.
 */
export function streamed(ctx: RouteContext, format: WireFormat, model: string, res: SimResponse, toEvents: (body: Json) => Pick<SimResponse, 'events' | 'sse'>): SimResponse {
  if (res.status !== 200) return res;
  // The stream hooks' own context: the generation was counted when it was answered.
  return ctx.state.respondStream({ ...res, ...toEvents(res.body) }, infoFor(ctx, format, 'generate', model, false));
}

/** What the provider's prompt cache did for this request's prefix, if it is long enough to be cached. */
function promptCache(ctx: RouteContext, spec: GenerationSpec, knobs: ModelKnobs, info: RequestInfo): CacheOutcome {
  if (spec.cachePrefix === undefined) return { read: 0, write: 0 };
  const tokens = countTokens(spec.cachePrefix, knobs.nonAsciiTokenCost);
  if (tokens < minCacheableTokens(spec.format, spec.model)) return { read: 0, write: 0 };
  const key = `${knobs.weightsId}\u0000${knobs.nonAsciiTokenCost}\u0000${hash32(spec.cachePrefix)}`;
  return ctx.state.promptCacheLookup(key, cachedTokens(spec.format, tokens), knobs.service, fork(info.rng, 'cache'));
}

/** An error response in a wire format, with that format's headers (validation, auth). */
export function failure(ctx: RouteContext, format: WireFormat, status: number, message: string, extra: Parameters<typeof errorBody>[3] = {}): Promise<SimResponse> {
  const info = infoFor(ctx, format, 'generate', '');
  return finish(ctx, info, { status, headers: {}, body: errorBody(format, status, message, extra) });
}

/** The first zod issue as "path: message" plus its top-level parameter name. */
export function firstIssue(issues: readonly { path: PropertyKey[]; message: string }[]): { param: string; message: string } {
  const issue = issues[0];
  const path = (issue?.path ?? []).map(String);
  return { param: path[0] ?? '', message: `${path.join('.') || 'body'}: ${issue?.message ?? 'invalid request'}` };
}
