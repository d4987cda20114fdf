import type { z } from 'zod';
import type { ChoiceReading, TokenLogprob } from '../../domain/observation.js';
import { openAiChatCache } from '../shared/cache.js';
import { sampleMessages } from '../shared/messages.js';
import { arr, at, isRecord, num, str } from '../shared/json.js';
import type { ErrorInfo, Extracted, WireSpec } from '../shared/wire.js';
import type { SampleContext } from '../types.js';
import { COMPLETION_TOKENS_MODELS, samplingFor } from './params.js';

export interface ChatBodyOptions {
  /** The `model` body field; undefined where the URL names the model (Azure deployments). */
  model: string | undefined;
  /** The model id the reasoning-model rules are judged on. */
  modelId: string;
  /** Apply OpenAI's reasoning-model rules (max_completion_tokens, fixed sampling). */
  reasoningRules: boolean;
}

/**
 * The Chat Completions request body for one sample, and the canary params it could not carry. A
 * canary with a client-side cap and no maxTokens is streamed; `stopAfterEvents` (the role chunk plus
 * one chunk per token) makes the client close the connection at the cap.
 */
export function buildChatBody(
  ctx: SampleContext,
  opts: ChatBodyOptions,
): { body: Record<string, unknown>; unsupported: string[]; stopAfterEvents?: number } {
  const { system, messages } = sampleMessages(ctx);
  const sampling = opts.reasoningRules
    ? samplingFor(opts.modelId, ctx.canary.request.params)
    : { params: ctx.canary.request.params, unsupported: [] };
  const p = sampling.params;
  const body: Record<string, unknown> = {};
  if (opts.model !== undefined) body['model'] = opts.model;
  body['messages'] = [...(system !== undefined ? [{ role: 'system', content: system }] : []), ...messages];
  if (p.temperature !== undefined) body['temperature'] = p.temperature;
  if (p.topP !== undefined) body['top_p'] = p.topP;
  if (p.seed !== undefined) body['seed'] = p.seed;
  if (p.maxTokens !== undefined) {
    const key = opts.reasoningRules && COMPLETION_TOKENS_MODELS.test(opts.modelId) ? 'max_completion_tokens' : 'max_tokens';
    body[key] = p.maxTokens;
  }
  if (p.logprobs) {
    body['logprobs'] = true;
    if (p.topLogprobs !== undefined) body['top_logprobs'] = p.topLogprobs;
  }
  if (p.maxTokens === undefined && p.clientMaxTokens !== undefined) {
    body['stream'] = true;
    body['stream_options'] = { include_usage: true };
    // A streamed answer is assembled from choice 0 and cut by event count: one answer per request.
    const unsupported = p.n !== undefined && p.n > 1 ? [...sampling.unsupported, 'n'] : sampling.unsupported;
    return { body, unsupported, stopAfterEvents: p.clientMaxTokens + 1 };
  }
  if (p.stream === true) {
    // A streamed canary: the usage report is asked for, as clients that count streamed tokens do.
    body['stream'] = true;
    body['stream_options'] = { include_usage: true };
    return { body, unsupported: p.n !== undefined && p.n > 1 ? [...sampling.unsupported, 'n'] : sampling.unsupported };
  }
  if (p.n !== undefined && p.n > 1) body['n'] = p.n;
  return { body, unsupported: sampling.unsupported };
}

/**
 * The error object of an OpenAI-style error body: `{"error": {...}}` (OpenAI, Azure, most gateways),
 * `{"error": "text"}` (some proxies) or `{"object": "error", ...}` (vLLM).
 */
export function openaiErrorOf(json: unknown): ErrorInfo | null {
  const error = at(json, 'error');
  if (isRecord(error)) {
    const code = error['code'];
    return {
      code: str(code) ?? (typeof code === 'number' ? String(code) : str(error['type'])),
      message: str(error['message']),
    };
  }
  if (typeof error === 'string') return { code: null, message: error };
  if (at(json, 'object') === 'error') {
    return { code: str(at(json, 'type')) ?? str(at(json, 'code')), message: str(at(json, 'message')) };
  }
  return null;
}

/** OpenAI token logprobs (`[{token, logprob, top_logprobs}]`); entries without a numeric logprob are skipped. */
export function readTokenLogprobs(value: unknown): TokenLogprob[] | null {
  if (!Array.isArray(value)) return null;
  const out: TokenLogprob[] = [];
  for (const entry of value) {
    const logprob = num(at(entry, 'logprob'));
    if (logprob === null) continue;
    const top = arr(at(entry, 'top_logprobs')).flatMap((t) => {
      const lp = num(at(t, 'logprob'));
      return lp === null ? [] : [{ token: str(at(t, 'token')) ?? '', logprob: lp }];
    });
    out.push({ token: str(at(entry, 'token')) ?? '', logprob, top });
  }
  return out;
}

export const CHAT_ENUM_PATHS = ['$.object', '$.choices[].finish_reason'] as const;
/** The tier the request ran on (`auto` requested, `default` answered): an echoed setting, compared exactly. */
export const CHAT_ECHO_PATHS = ['$.service_tier'] as const;

/** One choice: its text, why it stopped, and its refusal (`message.refusal`, with `content: null`). */
export function readChatChoice(choice: unknown): ChoiceReading {
  const refusal = str(at(choice, 'message', 'refusal'));
  return {
    text: str(at(choice, 'message', 'content')) ?? '',
    finishReason: str(at(choice, 'finish_reason')),
    ...(refusal !== null && refusal !== '' ? { refusal } : {}),
  };
}

function extractChat(json: unknown, ctx: SampleContext): Extracted {
  const choices = arr(at(json, 'choices')).map(readChatChoice);
  const first = choices[0] ?? { text: '', finishReason: null };
  const choice = at(json, 'choices', 0);
  const usage = at(json, 'usage');
  return {
    text: first.text,
    finishReason: first.finishReason,
    ...(first.refusal !== undefined ? { refusal: first.refusal } : {}),
    ...(choices.length > 1 ? { choices } : {}),
    usage: {
      input: num(at(usage, 'prompt_tokens')),
      output: num(at(usage, 'completion_tokens')),
      cached: num(at(usage, 'prompt_tokens_details', 'cached_tokens')),
      reasoning: num(at(usage, 'completion_tokens_details', 'reasoning_tokens')),
      total: num(at(usage, 'total_tokens')),
    },
    modelReported: str(at(json, 'model')),
    fingerprint: str(at(json, 'system_fingerprint')),
    logprobs: ctx.canary.request.params.logprobs ? readTokenLogprobs(at(choice, 'logprobs', 'content')) : null,
    modelStatus: null,
  };
}

/** Chat Completions reading rules over a given success schema (strict OpenAI or a tolerant one). */
export function chatSpec(schema: z.ZodType): WireSpec {
  return { schema, enumPaths: CHAT_ENUM_PATHS, echoPaths: CHAT_ECHO_PATHS, errorOf: openaiErrorOf, extract: extractChat, cache: openAiChatCache };
}
