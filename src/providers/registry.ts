import type { ProviderType } from '../config/schema.js';
import { anthropic } from './anthropic/index.js';
import { azureOpenai } from './azure-openai/index.js';
import { gemini } from './gemini/index.js';
import { openaiCompatible } from './openai-compatible/index.js';
import { openai } from './openai/index.js';
import type { ProviderAdapter } from './types.js';

/**
 * The only registration point: one line per wire protocol, keyed by the config's `type:`, then
 * `npm run schemas`, which carries the keys down to the config's `ProviderType`
 * (src/config/plugin-ids.ts; the order here is the order the schema lists them in).
 */
export const providers = {
  openai,
  'openai-compatible': openaiCompatible,
  anthropic,
  gemini,
  'azure-openai': azureOpenai,
} satisfies Record<ProviderType, ProviderAdapter>;

export function getProvider(type: ProviderType): ProviderAdapter {
  return providers[type];
}
