import { z } from 'zod';
import type { GeneratedToken, Generation } from '../model/types.js';

/** `generationConfig.thinkingConfig`, as the Gemini API takes it. */
export const ThinkingConfig = z.object({
  thinkingBudget: z.number().int().min(-1).optional(),
  thinkingLevel: z.enum(['minimal', 'low', 'medium', 'high', 'MINIMAL', 'LOW', 'MEDIUM', 'HIGH']).optional(),
  includeThoughts: z.boolean().optional(),
});
export type ThinkingConfig = z.infer<typeof ThinkingConfig>;

/** Models that always think: budget 0 is refused, as the real API does (2.5 Pro's range starts at 128). */
const ALWAYS_THINKS: readonly { test: RegExp; minBudget: number }[] = [
  { test: /^gemini-2\.5-pro/, minBudget: 128 },
  { test: /^gemini-3/, minBudget: 128 },
];

/** The API's 400 message for a thinking config the model does not take, or null when it is fine. */
export function thinkingConfigError(model: string, cfg: ThinkingConfig | undefined): string | null {
  if (!cfg) return null;
  if (cfg.thinkingBudget !== undefined && cfg.thinkingLevel !== undefined) {
    return 'You can only set only one of thinking budget and thinking level.';
  }
  if (cfg.thinkingLevel !== undefined && !model.startsWith('gemini-3')) return 'Thinking level is not supported for this model.';
  const always = ALWAYS_THINKS.find((r) => r.test.test(model));
  const budget = cfg.thinkingBudget;
  if (always && budget !== undefined && budget !== -1 && budget < always.minBudget) {
    return budget === 0
      ? 'Budget 0 is invalid. This model only works in thinking mode.'
      : `The thinking budget ${budget} is invalid. Please choose a value between ${always.minBudget} and 32768.`;
  }
  return null;
}

/** One candidate once its thoughts took their share of `maxOutputTokens`. */
export interface ThoughtfulAnswer {
  tokens: GeneratedToken[];
  text: string;
  finishReason: 'STOP' | 'MAX_TOKENS';
  /** Thought tokens billed (reported as `thoughtsTokenCount`, apart from the candidates). */
  thoughts: number;
}

/**
 * Thoughts come first and count against `maxOutputTokens`: a budget of 0 turns them off (where the
 * model allows it), a positive budget bounds them, and the answer gets what is left of the cap,
 * possibly nothing (the real API then sends `content` without `parts` and `MAX_TOKENS`).
 */
export function thinkThenAnswer(g: Generation, thinks: boolean, cfg: ThinkingConfig | undefined, maxOutputTokens: number | undefined): ThoughtfulAnswer {
  const budget = cfg?.thinkingBudget;
  let thoughts = !thinks || budget === 0 ? 0 : budget !== undefined && budget > 0 ? Math.min(g.reasoningTokens, budget) : g.reasoningTokens;
  const finish = g.finishReason === 'length' ? 'MAX_TOKENS' : 'STOP';
  if (maxOutputTokens === undefined || thoughts + g.tokens.length <= maxOutputTokens) {
    return { tokens: g.tokens, text: g.text, finishReason: finish, thoughts };
  }
  thoughts = Math.min(thoughts, maxOutputTokens);
  const tokens = g.tokens.slice(0, maxOutputTokens - thoughts);
  return { tokens, text: tokens.map((t) => t.token).join(''), finishReason: 'MAX_TOKENS', thoughts };
}
