import { z } from 'zod';

/** When a value was first and last seen. */
export const Sighting = z.object({
  /** ISO time of the earliest sample with this value. */
  firstSeen: z.string(),
  /** ISO time of the latest sample with this value. */
  lastSeen: z.string(),
});
export type Sighting = z.infer<typeof Sighting>;

/** Novelty sets of identity echoes, value → sighting. */
export const IdentitySummary = z.object({
  /** Model ids the provider reported (OpenAI/Anthropic `model`, Gemini `modelVersion`). */
  models: z.record(z.string(), Sighting),
  /** Backend fingerprints (OpenAI `system_fingerprint`). */
  fingerprints: z.record(z.string(), Sighting),
});
export type IdentitySummary = z.infer<typeof IdentitySummary>;

/** Carried across cycles: every value seen since the baseline, with first/last seen. */
export type IdentityState = IdentitySummary;
