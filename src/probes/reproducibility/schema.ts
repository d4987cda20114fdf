import { z } from 'zod';
import { AaCacheRecord, AaSummaryFields } from '../../stats/schemas.js';

/** The reproducibility probe's section of a snapshot. */
export const ReproducibilitySummary = z.object({
  /** Cycles in the pool. */
  cycles: z.number().int(),
  /** Share of identical sample pairs within a cycle, over the pool. */
  pairwiseMatchRate: z.number().nullable(),
  /** Share of cycles whose samples were all identical (TARr@n). */
  allIdenticalRate: z.number().nullable(),
  /** Backend fingerprints seen in the pool. */
  fingerprints: z.array(z.string()),
  ...AaSummaryFields,
});
export type ReproducibilitySummary = z.infer<typeof ReproducibilitySummary>;

/** Carried between cycles: the cached A/A replay of the current pool. */
export const ReproducibilityState = z.object({ aa: AaCacheRecord.optional() });
export type ReproducibilityState = z.infer<typeof ReproducibilityState>;
