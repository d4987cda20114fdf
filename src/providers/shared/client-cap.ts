import type { RequestParams } from '../../config/canary-schema.js';

/**
 * The output cap a non-streaming request carries: `maxTokens`, else the canary's client-side cap
 * sent as the provider's max tokens (reported unsupported: the cost stays bounded, but the answer
 * stops at our cap, so the provider's implicit default is no longer what is observed).
 */
export function nonStreamingCap(p: RequestParams): { maxTokens: number | undefined; unsupported: string[] } {
  if (p.maxTokens !== undefined || p.clientMaxTokens === undefined) return { maxTokens: p.maxTokens, unsupported: [] };
  return { maxTokens: p.clientMaxTokens, unsupported: ['clientMaxTokens'] };
}
