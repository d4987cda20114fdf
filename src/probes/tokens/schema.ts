import { z } from 'zod';

/** One prompt of the canary (the canary itself, or one item of a multi-item canary). */
export const PromptTokens = z.object({
  /** Distinct `usage.input` values in the pool; exactly one under H0. */
  inputs: z.array(z.number()),
  /** Code points of the prompt text (system + messages), to separate offset from tokenizer changes. */
  chars: z.number(),
  /** Non-ASCII code points of the prompt text. */
  nonAscii: z.number(),
});
export type PromptTokens = z.infer<typeof PromptTokens>;

/** The `tokens` section of a snapshot. */
export const TokensSummary = z.object({
  /** By item id; `*` for a single-prompt canary. */
  prompts: z.record(z.string(), PromptTokens),
  /** Distinct output token counts of samples stopped by the length limit (the effective cap). */
  lengthCaps: z.array(z.number()),
  /** Whether the usage invariants held in every baseline sample that could be checked. */
  invariants: z.object({
    /** total = input + output (or + reasoning when reasoning is reported separately). */
    total: z.boolean(),
    /** reasoning ≤ output, where reasoning is counted inside output. */
    reasoning: z.boolean(),
  }),
});
export type TokensSummary = z.infer<typeof TokensSummary>;
