import { z } from 'zod';
import { AaCacheRecord, AaSummaryFields } from '../../stats/schemas.js';

/** The length probe's section of a snapshot: the pool's output-length distribution and cap. */
export const LengthSummary = z.object({
  /** Samples with a reported output token count. */
  samples: z.number().int(),
  /** Median output tokens. */
  median: z.number().nullable(),
  /** Mean output tokens. */
  mean: z.number().nullable(),
  /** Share of samples that stopped at the token cap (finish reason length / max_tokens). */
  cappedRate: z.number().nullable(),
  /** Most common output token count among capped samples: the effective cap; null when never hit. */
  cap: z.number().int().nullable(),
  ...AaSummaryFields,
});
export type LengthSummary = z.infer<typeof LengthSummary>;

/** Carried between cycles: the cached A/A replay of the current pool. */
export const LengthState = z.object({ aa: AaCacheRecord.optional() });
export type LengthState = z.infer<typeof LengthState>;
