/**
 * Prompt-cache accounting per wire format (docs/statistics.md#prompt-cache): what was read from the
 * cache, what was written, out of how many prompt tokens, and which fields said so. Pure and
 * best-effort: a drifted body yields nulls and a shorter field list, which is what the cache probe
 * compares.
 */
import type { CacheReading } from '../../domain/observation.js';
import { at, isRecord, num, str } from './json.js';

/** The paths (relative to `obj`, dot-joined) that hold numbers. */
function presentFields(obj: unknown, paths: readonly (readonly string[])[]): string[] {
  return paths.filter((p) => num(at(obj, ...p)) !== null).map((p) => p.join('.')).sort();
}

/** OpenAI Chat Completions: `usage.prompt_tokens` includes `prompt_tokens_details.cached_tokens`. */
export function openAiChatCache(json: unknown): CacheReading {
  const usage = at(json, 'usage');
  return {
    prompt: num(at(usage, 'prompt_tokens')),
    read: num(at(usage, 'prompt_tokens_details', 'cached_tokens')),
    write: null,
    write5m: null,
    write1h: null,
    fields: presentFields(usage, [['prompt_tokens_details', 'cached_tokens']]).map((f) => `usage.${f}`),
    retention: null,
  };
}

/** OpenAI Responses: `usage.input_tokens_details.cached_tokens`; the body echoes `prompt_cache_retention`. */
export function openAiResponsesCache(json: unknown): CacheReading {
  const usage = at(json, 'usage');
  const retention = str(at(json, 'prompt_cache_retention'));
  const fields = presentFields(usage, [['input_tokens_details', 'cached_tokens']]).map((f) => `usage.${f}`);
  return {
    prompt: num(at(usage, 'input_tokens')),
    read: num(at(usage, 'input_tokens_details', 'cached_tokens')),
    write: null,
    write5m: null,
    write1h: null,
    fields: retention === null ? fields : [...fields, 'prompt_cache_retention'].sort(),
    retention,
  };
}

/**
 * Anthropic Messages: `input_tokens` counts only the tokens after the last cache breakpoint, so the
 * prompt is input + cache reads + cache writes; writes are split by time to live in `cache_creation`.
 */
export function anthropicCache(json: unknown): CacheReading {
  const usage = at(json, 'usage');
  const input = num(at(usage, 'input_tokens'));
  const read = num(at(usage, 'cache_read_input_tokens'));
  const write = num(at(usage, 'cache_creation_input_tokens'));
  const split = at(usage, 'cache_creation');
  const fields = presentFields(usage, [
    ['cache_read_input_tokens'],
    ['cache_creation_input_tokens'],
    ['cache_creation', 'ephemeral_5m_input_tokens'],
    ['cache_creation', 'ephemeral_1h_input_tokens'],
  ]).map((f) => `usage.${f}`);
  return {
    prompt: input === null ? null : input + (read ?? 0) + (write ?? 0),
    read,
    write,
    write5m: isRecord(split) ? num(at(split, 'ephemeral_5m_input_tokens')) : null,
    write1h: isRecord(split) ? num(at(split, 'ephemeral_1h_input_tokens')) : null,
    fields,
    retention: null,
  };
}

/**
 * Gemini: `usageMetadata.cachedContentTokenCount`, part of `promptTokenCount`. Gemini leaves the
 * field out when nothing was cached, so a miss reads as 0 when the prompt count is there.
 */
export function geminiCache(json: unknown): CacheReading {
  const usage = at(json, 'usageMetadata');
  const prompt = num(at(usage, 'promptTokenCount'));
  const cached = num(at(usage, 'cachedContentTokenCount'));
  return {
    prompt,
    read: cached ?? (prompt === null ? null : 0),
    write: null,
    write5m: null,
    write1h: null,
    fields: presentFields(usage, [['cachedContentTokenCount']]).map((f) => `usageMetadata.${f}`),
    retention: null,
  };
}
