import { openAiResponsesCache } from '../shared/cache.js';
import type { TokenLogprob } from '../../domain/observation.js';
import { sampleMessages } from '../shared/messages.js';
import { nonStreamingCap } from '../shared/client-cap.js';
import { arr, at, num, str } from '../shared/json.js';
import type { Extracted, WireSpec } from '../shared/wire.js';
import type { SampleContext } from '../types.js';
import { openaiErrorOf, readTokenLogprobs } from './chat.js';
import { samplingFor } from './params.js';
import { ResponseObject } from './schema.js';

/** The smallest `max_output_tokens` the Responses API accepts (`integer_below_min_value` below it). */
export const RESPONSES_MIN_OUTPUT_TOKENS = 16;

/** Tokens a canary's output cap is raised by to meet the Responses API's minimum (0 when not raised). */
export function responsesCapRaise(ctx: SampleContext, model: string): number {
  const cap = nonStreamingCap(samplingFor(model, ctx.canary.request.params).params).maxTokens;
  return cap === undefined ? 0 : Math.max(0, RESPONSES_MIN_OUTPUT_TOKENS - cap);
}

/** The Responses API request body; `seed` does not exist there. `store: false` keeps canaries out of logs. */
export function buildResponsesBody(ctx: SampleContext, model: string): { body: Record<string, unknown>; unsupported: string[] } {
  const { system, messages } = sampleMessages(ctx);
  const sampling = samplingFor(model, ctx.canary.request.params);
  const p = sampling.params;
  const unsupported = [...sampling.unsupported];
  const body: Record<string, unknown> = { model, input: messages, store: false };
  if (system !== undefined) body['instructions'] = system;
  if (p.temperature !== undefined) body['temperature'] = p.temperature;
  if (p.topP !== undefined) body['top_p'] = p.topP;
  if (p.seed !== undefined) unsupported.push('seed');
  if (p.n !== undefined && p.n > 1) unsupported.push('n');
  const cap = nonStreamingCap(p);
  unsupported.push(...cap.unsupported);
  // A cap below the API's minimum is a 400: send the minimum and say the canary's cap was not honoured.
  const raise = responsesCapRaise(ctx, model);
  if (cap.maxTokens !== undefined) body['max_output_tokens'] = cap.maxTokens + raise;
  if (raise > 0 && p.maxTokens !== undefined) unsupported.push('maxTokens');
  if (p.stream === true) body['stream'] = true;
  if (p.logprobs) {
    body['include'] = ['message.output_text.logprobs'];
    body['top_logprobs'] = p.topLogprobs ?? 0;
  }
  return { body, unsupported };
}

function extractResponses(json: unknown, ctx: SampleContext): Extracted {
  const content = arr(at(json, 'output'))
    .filter((item) => at(item, 'type') === 'message')
    .flatMap((item) => arr(at(item, 'content')));
  const parts = content.filter((part) => at(part, 'type') === 'output_text');
  // A refusal arrives as a content part of its own: `{"type": "refusal", "refusal": "..."}`.
  const refusal = content
    .filter((part) => at(part, 'type') === 'refusal')
    .map((part) => str(at(part, 'refusal')) ?? '')
    .join('');
  const status = str(at(json, 'status'));
  const usage = at(json, 'usage');
  let logprobs: TokenLogprob[] | null = null;
  if (ctx.canary.request.params.logprobs) {
    const read = parts.map((part) => readTokenLogprobs(at(part, 'logprobs')));
    logprobs = read.some((r) => r !== null) ? read.flatMap((r) => r ?? []) : null;
  }
  return {
    text: parts.map((part) => str(at(part, 'text')) ?? '').join(''),
    finishReason: status === 'incomplete' ? (str(at(json, 'incomplete_details', 'reason')) ?? status) : status,
    usage: {
      input: num(at(usage, 'input_tokens')),
      output: num(at(usage, 'output_tokens')),
      cached: num(at(usage, 'input_tokens_details', 'cached_tokens')),
      reasoning: num(at(usage, 'output_tokens_details', 'reasoning_tokens')),
      total: num(at(usage, 'total_tokens')),
    },
    modelReported: str(at(json, 'model')),
    fingerprint: null,
    logprobs,
    modelStatus: null,
    ...(refusal !== '' ? { refusal } : {}),
  };
}

/**
 * Settings the Responses API echoes with its defaults filled in. `service_tier` is here rather
 * than among the enums: it is the tier the request ran on (`auto` requested, `default` answered).
 */
export const RESPONSES_ECHO_PATHS = [
  '$.temperature',
  '$.top_p',
  '$.top_logprobs',
  '$.max_output_tokens',
  '$.max_tool_calls',
  '$.reasoning.effort',
  '$.reasoning.summary',
  '$.text.verbosity',
  '$.text.format.type',
  '$.truncation',
  '$.service_tier',
  '$.parallel_tool_calls',
  '$.tool_choice',
  '$.store',
  '$.background',
] as const;

export const responsesSpec: WireSpec = {
  schema: ResponseObject,
  enumPaths: ['$.object', '$.status', '$.output[].type', '$.output[].content[].type', '$.incomplete_details.reason'],
  echoPaths: RESPONSES_ECHO_PATHS,
  errorOf: openaiErrorOf,
  extract: extractResponses,
  cache: openAiResponsesCache,
};
