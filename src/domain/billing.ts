import type { CacheReading, Usage } from './observation.js';

/** Whether reasoning is reported apart from output (Gemini thoughts), judged from the provider's own total. */
export function reasoningApart(u: Usage): boolean {
  if (u.reasoning === null || u.reasoning === 0 || u.total === null || u.input === null || u.output === null) return false;
  return u.total === u.input + u.output + u.reasoning + (u.toolUse ?? 0);
}

/**
 * The tokens one answer is billed for, the one rule the run log, the daily budget and `validate`'s
 * measured cost share (unknown counts as 0). Input is the whole prompt: Anthropic reports cache reads
 * and writes apart from `input_tokens`, and the answer's cache reading adds them back (a hit is billed
 * at a discount, but it is tokens sent all the same). Output includes thoughts reported apart from
 * the answer (Gemini), which are billed as output too.
 */
export function billedTokens(answer: { usage: Usage; cache?: CacheReading | undefined }): { input: number; output: number } {
  const { usage, cache } = answer;
  return {
    input: Math.max(usage.input ?? 0, cache?.prompt ?? 0),
    output: (usage.output ?? 0) + (reasoningApart(usage) ? (usage.reasoning ?? 0) : 0),
  };
}
