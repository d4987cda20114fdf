import type { RequestParams } from '../../config/canary-schema.js';

/**
 * Models released after Claude Opus 4.6 accept only the default temperature (1.0); other values are
 * a 400 (SDK deprecation note, 2026-04-07). Matches opus-4-7+, any 4.x >= 7 and the 5+ families,
 * without mistaking a date suffix (`-4-20250514`) for a version.
 */
export const FIXED_TEMPERATURE_MODELS = /(opus|sonnet|haiku)-(4-([7-9]|[1-9]\d)(?!\d)|[5-9](?!\d))/;

/** Models that refuse `temperature` and `top_p` in the same request (Opus 4.1+, Sonnet/Haiku 4.5+). */
export const EXCLUSIVE_SAMPLING_MODELS = /(opus-4-[1-9]|sonnet-4-[5-9]|haiku-4-[5-9])(?!\d)/;

/** Default `max_tokens` (required by the API) when the canary gives none. */
export const DEFAULT_MAX_TOKENS = 1024;

/** Sampling fields of the Messages body, and the canary params that were dropped or adapted. */
export function anthropicSampling(model: string, p: RequestParams): { fields: Record<string, number>; unsupported: string[] } {
  const unsupported: string[] = [];
  const fields: Record<string, number> = {};
  if (p.seed !== undefined) unsupported.push('seed');
  if (p.logprobs) unsupported.push('logprobs');
  if (p.topLogprobs !== undefined) unsupported.push('topLogprobs');
  if (p.n !== undefined && p.n > 1) unsupported.push('n');
  if (FIXED_TEMPERATURE_MODELS.test(model)) {
    // The model samples at its fixed 1.0; sending nothing is the one form every such model accepts.
    if (p.temperature !== undefined && p.temperature !== 1) unsupported.push('temperature');
    if (p.topP !== undefined) unsupported.push('topP');
    return { fields, unsupported };
  }
  if (p.temperature !== undefined) fields['temperature'] = p.temperature;
  if (p.topP !== undefined) {
    if (p.temperature !== undefined && EXCLUSIVE_SAMPLING_MODELS.test(model)) unsupported.push('topP');
    else fields['top_p'] = p.topP;
  }
  return { fields, unsupported };
}
