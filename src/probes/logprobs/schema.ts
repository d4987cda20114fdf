import { z } from 'zod';
import { AaCacheRecord, AaSummaryFields } from '../../stats/schemas.js';

/** The logprobs probe's section of a snapshot: what the pool holds, and its A/A record. */
export const LogprobsSummary = z.object({
  /** Samples summarised. */
  samples: z.number().int(),
  /** Samples that carried first-token top logprobs. */
  withLogprobs: z.number().int(),
  /** Distinct prompts (items). */
  prompts: z.number().int(),
  /** Distinct tokens seen in the first-token top lists. */
  tokens: z.number().int(),
  ...AaSummaryFields,
});
export type LogprobsSummary = z.infer<typeof LogprobsSummary>;

/** Carried between cycles: the cached A/A replay of the current pool. */
export const LogprobsState = z.object({ aa: AaCacheRecord.optional() });
export type LogprobsState = z.infer<typeof LogprobsState>;
