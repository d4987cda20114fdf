import { z } from 'zod';
import type { SampleRecord as SampleRecordType } from '../probes/types.js';

const Count = z.number().nullable();

/** One sample as stored in a snapshot file (see `SampleRecord` in src/probes/types.ts). */
export const SampleRecord = z.object({
  item: z.string().optional(),
  sample: z.number().int().min(0),
  timestamp: z.string(),
  latencyMs: z.number(),
  text: z.string(),
  finishReason: z.string().nullable(),
  usage: z.object({ input: Count, output: Count, cached: Count, reasoning: Count, total: Count, toolUse: Count.optional() }),
  modelReported: z.string().nullable(),
  fingerprint: z.string().nullable(),
  logprobs: z
    .array(
      z.object({
        token: z.string(),
        logprob: z.number(),
        top: z.array(z.object({ token: z.string(), logprob: z.number() })),
      }),
    )
    .nullable(),
  /** The model's refusal message, when the sample was one. */
  refusal: z.string().optional(),
  /** Prompt-cache accounting (the cache probe's pool). */
  cache: z
    .object({ prompt: Count, read: Count, write: Count, write5m: Count, write1h: Count, fields: z.array(z.string()), retention: z.string().nullable() })
    .optional(),
  /** Time to first byte and server-side timing (the latency probe's pool). */
  timing: z.object({ firstByteMs: Count, serverMs: Count, serverHeader: z.string().nullable() }).optional(),
}) satisfies z.ZodType<SampleRecordType>;

/** A reviewed baseline of one target × canary: summaries first, the sample pool last. */
/** A recorded sample that failed the adapter's schema, an assertion or the token invariants. */
export const SampleAnomaly = z.object({
  sample: z.number().int().min(0),
  item: z.string().optional(),
  kind: z.enum(['schema', 'assertion', 'tokens']),
  /** The issue as printed: `path: message` for the schema, `rule: why`, or the broken equation. */
  detail: z.string(),
});
export type SampleAnomaly = z.infer<typeof SampleAnomaly>;

export const Snapshot = z.object({
  /** File format version. */
  version: z.literal(1),
  /** `provider/model`. */
  target: z.string(),
  /** Canary id. */
  canary: z.string(),
  /** sha256 of the canonical JSON of the canary's request and items: an edited canary is noticed. */
  canaryHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** ISO time this file was written. */
  recordedAt: z.string(),
  collection: z.object({
    /** Cycles whose samples make up the pool. */
    cycles: z.number().int().min(0),
    /** Samples in the pool (after the cap). */
    samples: z.number().int().min(0),
    /** ISO time of the earliest pooled sample. */
    firstAt: z.string(),
    /** ISO time of the latest pooled sample. */
    lastAt: z.string(),
    /** tripline version that wrote the file. */
    triplineVersion: z.string(),
  }),
  /** Identity echoes seen in the pool, for reviewers. */
  provenance: z.object({ modelReported: z.array(z.string()), fingerprints: z.array(z.string()) }),
  /**
   * Anomalous samples recorded on purpose (`tripline baseline --accept-anomalies`), for review: they
   * are part of the baseline, so the same issue no longer alerts (a different one still does).
   */
  acceptedAnomalies: z.array(SampleAnomaly).max(200).optional(),
  /** Each probe's summary by probe id; each probe validates its own section with its summarySchema. */
  probes: z.record(z.string(), z.unknown()),
  samples: z.array(SampleRecord),
});
export type Snapshot = z.infer<typeof Snapshot>;
