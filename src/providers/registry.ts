import type { ProviderType } from '../config/schema.js';
import { anthropic } from './anthropic/index.js';
import { azureOpenai } from './azure-openai/index.js';
import { gemini } from './gemini/index.js';
import { openaiCompatible } from './openai-compatible/index.js';
import { openai } from './openai/index.js';
import type { ProviderAdapter } from './types.js';

/** The only registration point: one line per wire protocol, keyed by the config's `type:`. */
export const providers = {
  anthropic,
  'azure-openai': azureOpenai,
  gemini,
  openai,
  'openai-compatible': openaiCompatible,
} satisfies Record<ProviderType, ProviderAdapter>;

export function getProvider(type: ProviderType): ProviderAdapter {
  return providers[type];
}
