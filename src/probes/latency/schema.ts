import { z } from 'zod';
import { AaCacheRecord, AaSummaryFields } from '../../stats/schemas.js';

/** One timing series of the pool: its size, median and p95, in ms. */
export const SeriesSummary = z.object({ n: z.number().int(), median: z.number().nullable(), p95: z.number().nullable() });
export type SeriesSummary = z.infer<typeof SeriesSummary>;

/** The latency probe's section of a snapshot (docs/statistics.md#latency). */
export const LatencySummary = z.object({
  /** Total time as judged: the provider's timing header when every sample had one, else the client's. */
  total: SeriesSummary,
  /** `server` (a timing header) or `client` (request sent to body read). */
  basis: z.enum(['server', 'client']),
  /** The header the server figure came from. */
  serverHeader: z.string().nullable(),
  /** Time to first byte (of a streamed answer: the first token), client-side. */
  firstByte: SeriesSummary,
  /** Median output tokens per second after the first byte. */
  tokensPerSecond: z.number().nullable(),
  ...AaSummaryFields,
});
export type LatencySummary = z.infer<typeof LatencySummary>;

/** Carried between cycles: the cached A/A replay of the current pool. */
export const LatencyState = z.object({ aa: AaCacheRecord.optional() });
export type LatencyState = z.infer<typeof LatencyState>;
