import { z } from 'zod';

/** When a value was first and last seen. */
export const Sighting = z.object({
  /** ISO time of the earliest sample with this value. */
  firstSeen: z.string(),
  /** ISO time of the latest sample with this value. */
  lastSeen: z.string(),
});
export type Sighting = z.infer<typeof Sighting>;

const EchoValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Echoed effective settings and account facts, distinct values by path or header name. */
export const EchoSummary = z.object({
  /** Settings the body echoes (`$.top_p`, `$.reasoning.effort`, `$.service_tier` ...). */
  settings: z.record(z.string(), z.array(EchoValue)),
  /** Organization/project headers and body facts such as `$.usage.inference_geo`. */
  account: z.record(z.string(), z.array(z.string())),
});
export type EchoSummary = z.infer<typeof EchoSummary>;

/** Novelty sets of identity echoes, value → sighting. */
export const IdentitySummary = z.object({
  /** Model ids the provider reported (OpenAI/Anthropic `model`, Gemini `modelVersion`). */
  models: z.record(z.string(), Sighting),
  /** Backend fingerprints (OpenAI `system_fingerprint`). */
  fingerprints: z.record(z.string(), Sighting),
  /** Absent in snapshots recorded before settings were read: then neither is compared. */
  settings: EchoSummary.shape.settings.optional(),
  account: EchoSummary.shape.account.optional(),
});
export type IdentitySummary = z.infer<typeof IdentitySummary>;

/** Carried across cycles: every model and fingerprint seen since the baseline, with first/last seen. */
export type IdentityState = Pick<IdentitySummary, 'models' | 'fingerprints'>;
