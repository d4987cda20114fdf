import { z } from 'zod';
import { AaCacheRecord, AaSummaryFields, EDetectorRecord } from '../../stats/schemas.js';

/** The behavior probe's section of a snapshot: what the pool holds per prompt, and its A/A record. */
export const BehaviorSummary = z.object({
  /** Prompts (items) with samples. */
  prompts: z.number().int(),
  /** Fewest pool samples of any prompt (docs/statistics.md#border-inputs asks for ≥ 200 per input). */
  minSamplesPerPrompt: z.number().int(),
  /** Mean number of distinct first tokens per prompt: a border input should split. */
  meanDistinctFirstTokens: z.number(),
  ...AaSummaryFields,
});
export type BehaviorSummary = z.infer<typeof BehaviorSummary>;

/**
 * Carried between cycles: the e-detector, the cached A/A replay, and the quiet stop's screen
 * (sequential.ts): the prompts next cycle sends whole and each prompt's latest first tokens.
 */
export const BehaviorState = z.object({
  aa: AaCacheRecord.optional(),
  detector: EDetectorRecord.optional(),
  suspects: z.array(z.string()).optional(),
  recent: z.record(z.string(), z.array(z.string())).optional(),
});
export type BehaviorState = z.infer<typeof BehaviorState>;
