import { z } from 'zod';
import { header, json, parseJson } from '../http-io.js';
import { catalog, lookupModel } from '../model/catalog.js';
import { countInputTokens } from '../model/tokenizer.js';
import type { ChatMessage, ModelKnobs } from '../model/types.js';
import type { Json, JsonObject, SimResponse } from '../scenarios/types.js';
import { standardMessage } from '../wire-errors.js';
import { failure, finish, firstIssue, infoFor, runGeneration, streamed } from './flow.js';
import { geminiStream } from './sse-streams.js';
import { ThinkingConfig, thinkThenAnswer, thinkingConfigError, type ThoughtfulAnswer } from './gemini-thinking.js';
import { openAiId } from './openai-shared.js';
import type { Route, RouteContext } from './types.js';

const Content = z.object({ role: z.enum(['user', 'model']).optional(), parts: z.array(z.object({ text: z.string().optional() })) });

const GenerateBody = z.object({
  contents: z.array(Content).min(1),
  systemInstruction: Content.optional(),
  generationConfig: z
    .object({
      temperature: z.number().min(0).max(2).optional(),
      topP: z.number().min(0).max(1).optional(),
      topK: z.number().int().optional(),
      maxOutputTokens: z.number().int().min(1).optional(),
      seed: z.number().int().optional(),
      responseLogprobs: z.boolean().optional(),
      logprobs: z.number().int().min(0).max(20).optional(),
      candidateCount: z.number().int().min(1).max(8).optional(),
      thinkingConfig: ThinkingConfig.optional(),
    })
    .optional(),
});

const CountBody = z.union([
  z.object({ generateContentRequest: GenerateBody.pick({ contents: true, systemInstruction: true }) }),
  GenerateBody.pick({ contents: true, systemInstruction: true }),
]);

function partsText(c: z.infer<typeof Content> | undefined): string | undefined {
  return c === undefined ? undefined : c.parts.map((p) => p.text ?? '').join('');
}

function turns(contents: z.infer<typeof Content>[]): ChatMessage[] {
  return contents.map((c) => ({ role: c.role === 'model' ? 'assistant' : 'user', content: partsText(c) ?? '' }));
}

function hasKey(ctx: RouteContext): boolean {
  return (header(ctx.req, 'x-goog-api-key') ?? ctx.url.searchParams.get('key') ?? '').length > 0;
}

function candidate(g: ThoughtfulAnswer, withLogprobs: boolean, index: number): JsonObject {
  const sum = g.tokens.reduce((s, t) => s + t.logprob, 0);
  // An answer the thoughts left no room for has `content` without `parts`, as the real API sends it.
  const result: JsonObject = {
    content: g.tokens.length > 0 ? { parts: [{ text: g.text }], role: 'model' } : { role: 'model' },
    finishReason: g.finishReason,
    avgLogprobs: g.tokens.length > 0 ? sum / g.tokens.length : 0,
  };
  if (withLogprobs) {
    result['logprobsResult'] = {
      topCandidates: g.tokens.map((t) => ({ candidates: t.top.map((a) => ({ token: a.token, logProbability: a.logprob })) })),
      chosenCandidates: g.tokens.map((t) => ({ token: t.token, logProbability: t.logprob })),
      logProbabilitySum: sum,
    };
  }
  result['index'] = index;
  return result;
}

async function generateContent(ctx: RouteContext, model: string, stream = false): Promise<SimResponse> {
  if (!hasKey(ctx)) return failure(ctx, 'gemini', 401, standardMessage('gemini', 401));
  const parsed = GenerateBody.safeParse(parseJson(ctx.bodyText));
  if (!parsed.success) return failure(ctx, 'gemini', 400, `Invalid JSON payload received. ${firstIssue(parsed.error.issues).message}`);
  const body = parsed.data;
  const cfg = body.generationConfig ?? {};
  const thinkingError = thinkingConfigError(model, cfg.thinkingConfig);
  if (thinkingError !== null) return failure(ctx, 'gemini', 400, thinkingError);
  const withLogprobs = cfg.responseLogprobs === true;
  const answer = await runGeneration(ctx, {
    format: 'gemini',
    template: 'gemini',
    model,
    choices: cfg.candidateCount ?? 1,
    request: (knobs) => ({
      model,
      system: partsText(body.systemInstruction),
      messages: turns(body.contents),
      temperature: cfg.temperature ?? knobs.defaultTemperature,
      topP: cfg.topP,
      seed: cfg.seed,
      maxTokens: cfg.maxOutputTokens,
      topLogprobs: withLogprobs ? (cfg.logprobs ?? 0) : 0,
    }),
    cachePrefix: partsText(body.systemInstruction),
    render: ({ generations, knobs, info, inputTokens, cache }) => {
      const answers = generations.map((g) => thinkThenAnswer(g, knobs.reasoning, cfg.thinkingConfig, cfg.maxOutputTokens));
      const candidates = answers.reduce((n, a) => n + a.tokens.length, 0);
      const thoughts = answers.reduce((n, a) => n + a.thoughts, 0);
      // proto3 JSON omits zero counts: an answer the thoughts left no room for has no candidatesTokenCount.
      const usage: JsonObject = {
        promptTokenCount: inputTokens,
        ...(candidates > 0 ? { candidatesTokenCount: candidates } : {}),
        totalTokenCount: inputTokens + candidates + thoughts,
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: inputTokens }],
        // Implicit caching: the count appears only when part of the prompt came from the cache.
        ...(cache.read > 0 ? { cachedContentTokenCount: cache.read, cacheTokensDetails: [{ modality: 'TEXT', tokenCount: cache.read }] } : {}),
      };
      if (knobs.reasoning) usage['thoughtsTokenCount'] = thoughts;
      return {
        candidates: answers.map((a, i) => candidate(a, withLogprobs, i)),
        usageMetadata: usage,
        modelVersion: knobs.reportedModel,
        responseId: openAiId('', info.rng, 22),
      };
    },
  });
  // `alt=sse` streams server-sent events; without it the API streams a JSON array (not simulated).
  return stream ? streamed(ctx, 'gemini', model, answer, (done) => ({ sse: geminiStream(done) })) : answer;
}

async function countTokens(ctx: RouteContext, model: string): Promise<SimResponse> {
  if (!hasKey(ctx)) return failure(ctx, 'gemini', 401, standardMessage('gemini', 401));
  const parsed = CountBody.safeParse(parseJson(ctx.bodyText));
  if (!parsed.success) return failure(ctx, 'gemini', 400, `Invalid JSON payload received. ${firstIssue(parsed.error.issues).message}`);
  const req = 'generateContentRequest' in parsed.data ? parsed.data.generateContentRequest : parsed.data;
  const info = infoFor(ctx, 'gemini', 'count-tokens', model);
  const knobs = ctx.state.knobs(info);
  const total = countInputTokens('gemini', partsText(req.systemInstruction), turns(req.contents), knobs.nonAsciiTokenCost) + knobs.hiddenSystemTokens;
  return finish(ctx, info, json(200, { totalTokens: total, promptTokensDetails: [{ modality: 'TEXT', tokenCount: total }] }));
}

/** Gemini `models.get` body for an id, with the defaults the knobs say. */
export function geminiModelInfo(id: string, knobs: ModelKnobs): JsonObject {
  const c = lookupModel(id);
  const version = /-(\d{3})$/.exec(c.reported)?.[1] ?? /(\d+\.\d+)/.exec(c.id)?.[1] ?? '001';
  return {
    name: `models/${c.id}`,
    version,
    displayName: c.displayName,
    description: `Simulated ${c.displayName}`,
    inputTokenLimit: c.inputTokenLimit,
    outputTokenLimit: c.outputTokenLimit,
    supportedGenerationMethods: ['generateContent', 'countTokens'],
    temperature: knobs.defaultTemperature,
    maxTemperature: 2,
    topP: 0.95,
    topK: 64,
    thinking: c.reasoning,
  };
}

async function getModel(ctx: RouteContext, id: string): Promise<SimResponse> {
  if (!hasKey(ctx)) return failure(ctx, 'gemini', 401, standardMessage('gemini', 401));
  const info = infoFor(ctx, 'gemini', 'model-get', id);
  return finish(ctx, info, json(200, geminiModelInfo(id, ctx.state.knobs(info))));
}

async function listModels(ctx: RouteContext): Promise<SimResponse> {
  if (!hasKey(ctx)) return failure(ctx, 'gemini', 401, standardMessage('gemini', 401));
  const info = infoFor(ctx, 'gemini', 'models-list', '');
  const models: Json[] = catalog
    .filter((c) => c.family === 'gemini')
    .map((c) => geminiModelInfo(c.id, ctx.state.knobs({ ...info, model: c.id })));
  return finish(ctx, info, json(200, { models }));
}

const model = (ctx: RouteContext): string => decodeURIComponent(ctx.params[0] ?? '');

/** Gemini API (v1beta): generateContent, countTokens, models.get and models.list. */
export const geminiRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1beta\/models\/([^/:]+):generateContent$/, handle: (ctx) => generateContent(ctx, model(ctx)) },
  { method: 'POST', pattern: /^\/v1beta\/models\/([^/:]+):streamGenerateContent$/, handle: (ctx) => generateContent(ctx, model(ctx), true) },
  { method: 'POST', pattern: /^\/v1beta\/models\/([^/:]+):countTokens$/, handle: (ctx) => countTokens(ctx, model(ctx)) },
  { method: 'GET', pattern: /^\/v1beta\/models\/([^/:]+)$/, handle: (ctx) => getModel(ctx, model(ctx)) },
  { method: 'GET', pattern: /^\/v1beta\/models$/, handle: listModels },
];
