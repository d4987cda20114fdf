import { z } from 'zod';
import { AaCacheRecord, AaSummaryFields } from '../../stats/schemas.js';

/** The cache probe's section of a snapshot: the pool's hit rate and its accounting (docs/statistics.md#prompt-cache). */
export const CacheSummary = z.object({
  /** Pool samples expected to hit (every sample of a cycle after the first) that report a cache read. */
  expected: z.number().int(),
  /** Of those, samples that read tokens from the cache. */
  hits: z.number().int(),
  /** hits / expected; null without expected samples. */
  hitRate: z.number().nullable(),
  /** Median share of the prompt read from the cache on a hit. */
  cachedShare: z.number().nullable(),
  /** Accounting fields every pool sample carried. */
  fields: z.array(z.string()),
  /** Accounting fields every pool hit carried (Gemini reports its cached count on hits only). */
  hitFields: z.array(z.string()),
  ...AaSummaryFields,
});
export type CacheSummary = z.infer<typeof CacheSummary>;

/** Carried between cycles: the cached A/A replay of the current pool. */
export const CacheState = z.object({ aa: AaCacheRecord.optional() });
export type CacheState = z.infer<typeof CacheState>;
