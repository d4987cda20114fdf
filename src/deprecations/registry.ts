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

/** The only registration point for deprecation page scrapers: key = folder = `type:` = `id`. */
export const deprecationSources = {
  anthropic,
  'aws-bedrock': awsBedrock,
  'azure-openai': azureOpenAi,
  cohere,
  gemini,
  mistral,
  openai,
  table,
  'vertex-ai': vertexAi,
} satisfies Record<DeprecationSourceId, DeprecationSource>;
