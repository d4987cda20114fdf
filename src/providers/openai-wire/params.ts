import type { RequestParams } from '../../config/canary-schema.js';

/** Reasoning models (o-series, GPT-5) refuse `max_tokens` and want `max_completion_tokens`. */
export const COMPLETION_TOKENS_MODELS = /^(o\d|gpt-5)/;

/**
 * Models that accept only the default sampling (temperature 1, no top_p, no logprobs): the o-series
 * and the original GPT-5 reasoning models. Later GPT-5.x releases default to no reasoning and accept them.
 */
export const FIXED_SAMPLING_MODELS = /^(o\d(-mini|-pro)?|gpt-5(-mini|-nano|-pro)?)(-\d{4}-\d{2}-\d{2})?$/;

/** The sampling params a model accepts, and the canary params that had to be dropped. */
export function samplingFor(modelId: string, params: RequestParams): { params: RequestParams; unsupported: string[] } {
  if (!FIXED_SAMPLING_MODELS.test(modelId)) return { params, unsupported: [] };
  const unsupported: string[] = [];
  const out: RequestParams = { ...params };
  if (out.temperature !== undefined && out.temperature !== 1) unsupported.push('temperature');
  if (out.topP !== undefined) unsupported.push('topP');
  if (out.logprobs) unsupported.push('logprobs');
  if (out.topLogprobs !== undefined) unsupported.push('topLogprobs');
  delete out.temperature;
  delete out.topP;
  delete out.logprobs;
  delete out.topLogprobs;
  return { params: out, unsupported };
}
