/**
 * The cached prefix a target is sent (docs/statistics.md#prompt-cache). A prompt-cache canary's system
 * prompt is written long enough for the largest minimum cacheable prefix among the providers' models;
 * a model that caches from 1,024 tokens reads the same hits from a quarter of it. So the prefix is cut,
 * at a line end, to the shortest run of whole lines that still clears the target's minimum with a
 * margin: the same hit-rate test for about a quarter of the input tokens on most models.
 */
import type { Canary } from '../../config/canary-schema.js';

/**
 * Characters per token assumed when sizing the prefix, chosen above what any common tokenizer reaches
 * on a reference table (about 3.6 with OpenAI's o200k, fewer with Claude's and Gemini's), so that the
 * cut prefix is at least the minimum on every tokenizer: 1,024 tokens → 4,608 characters, about 1,270
 * o200k tokens.
 */
export const PREFIX_CHARS_PER_TOKEN = 4.5;

/** Which model a request goes to: the wire format and the model id. */
export interface CacheTarget {
  type: string;
  model: string;
}

/**
 * The smallest prefix a provider caches for a model, in tokens, by the providers' documentation:
 * OpenAI (and Azure OpenAI) 1,024; Anthropic 4,096 for Haiku 4.5 and Opus 4.5 and newer Opus, 2,048
 * for the Haiku 3 models, 1,024 for Sonnet 3.7 and 4.x, Opus 3, 4 and 4.1; Gemini implicit caching
 * 1,024 on 2.5 Flash. OpenAI-compatible servers (vLLM, llama.cpp) cache any shared prefix; OpenAI's
 * figure is used so a gateway in front of OpenAI still caches it. Null for a model this table cannot
 * place (newer Anthropic and Gemini models): it is sent the whole prefix, which the canary sizes for
 * the largest minimum.
 */
export function minCacheablePrefixTokens(target: CacheTarget): number | null {
  const model = target.model.toLowerCase();
  switch (target.type) {
    case 'openai':
    case 'azure-openai':
    case 'openai-compatible':
      return 1024;
    case 'anthropic':
      if (/haiku-4-5|opus-4-[5-9]/.test(model)) return 4096;
      if (/3-5-haiku|3-haiku|haiku-3/.test(model)) return 2048;
      if (/sonnet-4|opus-4|3-7-sonnet|sonnet-3-7|3-opus/.test(model)) return 1024;
      return null;
    case 'gemini':
      return /2\.5-flash/.test(model) ? 1024 : null;
    default:
      return null;
  }
}

/**
 * The canary as sent to `target`: a `promptCache` canary's system prompt cut to the whole lines that
 * reach the target's minimum at PREFIX_CHARS_PER_TOKEN; unchanged where the minimum is unknown, where
 * the whole prompt is needed, or for other canaries. Pure and deterministic: the same target is always
 * sent the same prefix, which is what a cache hit needs.
 */
export function withCachePrefixFor(canary: Canary, target: CacheTarget | undefined): Canary {
  const system = canary.request.system;
  if (!canary.request.params.promptCache || !system || !target) return canary;
  const min = minCacheablePrefixTokens(target);
  if (min === null) return canary;
  const needed = min * PREFIX_CHARS_PER_TOKEN;
  const lines = system.split('\n');
  let chars = 0;
  for (let i = 0; i < lines.length; i++) {
    chars += lines[i]!.length + (i > 0 ? 1 : 0);
    if (chars >= needed) {
      if (i === lines.length - 1) return canary;
      return { ...canary, request: { ...canary.request, system: lines.slice(0, i + 1).join('\n') } };
    }
  }
  return canary;
}
