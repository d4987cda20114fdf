import { z } from 'zod';

/** The `ratelimit` section of a snapshot: limit values and which rate-limit headers exist. */
export const RatelimitSummary = z.object({
  /** Distinct values of each rate-limit *limit* header (remaining/reset are never compared). */
  limits: z.record(z.string(), z.array(z.string())),
  /** Rate-limit header names (limit, remaining, reset) present in every sample, sorted. */
  requiredNames: z.array(z.string()),
  /** Union of rate-limit header names, sorted. */
  names: z.array(z.string()),
});
export type RatelimitSummary = z.infer<typeof RatelimitSummary>;
