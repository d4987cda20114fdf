import { anthropic } from './anthropic/index.js';
import { awsBedrock } from './aws-bedrock/index.js';
import { azureOpenAi } from './azure-openai/index.js';
import { cohere } from './cohere/index.js';
import { gemini } from './gemini/index.js';
import { mistral } from './mistral/index.js';
import { openai } from './openai/index.js';
import { table } from './table/index.js';
import type { DeprecationSource, DeprecationSourceId } from './types.js';
import { vertexAi } from './vertex-ai/index.js';

/**
 * The only registration point for deprecation page scrapers: key = folder = `type:` = `id`. After a
 * new line, `npm run schemas` carries the keys down to the config's `DeprecationSourceType`
 * (src/config/plugin-ids.ts).
 */
export const deprecationSources = {
  openai,
  anthropic,
  gemini,
  'vertex-ai': vertexAi,
  'azure-openai': azureOpenAi,
  'aws-bedrock': awsBedrock,
  mistral,
  cohere,
  table,
} satisfies Record<DeprecationSourceId, DeprecationSource>;
