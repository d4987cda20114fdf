import { z } from 'zod';

/** proto3 JSON omits zero values: a logProbability of exactly 0 arrives as a missing field. */
const LogprobCandidate = z.object({ token: z.string(), logProbability: z.number().optional() });

const Part = z.object({ text: z.string().optional(), thought: z.boolean().optional() });

const Candidate = z.object({
  // Absent when a candidate is blocked (finishReason SAFETY, RECITATION, ...); present without
  // `parts` when nothing was generated, e.g. MAX_TOKENS on a thinking model that spent the cap thinking.
  content: z.object({ parts: z.array(Part).optional(), role: z.string().optional() }).optional(),
  finishReason: z.string().optional(),
  avgLogprobs: z.number().optional(),
  logprobsResult: z
    .object({
      chosenCandidates: z.array(LogprobCandidate).optional(),
      topCandidates: z.array(z.object({ candidates: z.array(LogprobCandidate).optional() })).optional(),
    })
    .optional(),
});

/** A blocked prompt: no candidates, the reason here. */
const PromptFeedback = z.object({ blockReason: z.string().optional(), blockReasonMessage: z.string().optional() });

/** proto3 JSON omits zero counts: every count but the prompt's may be missing. */
const UsageMetadata = z.object({
  promptTokenCount: z.number().int(),
  candidatesTokenCount: z.number().int().optional(),
  cachedContentTokenCount: z.number().int().optional(),
  thoughtsTokenCount: z.number().int().optional(),
  toolUsePromptTokenCount: z.number().int().optional(),
  totalTokenCount: z.number().int().optional(),
});

/**
 * `models/{model}:generateContent` success body: only what the adapter reads. The API contract
 * (https://ai.google.dev/api/generate-content#generatecontentresponse): either candidates, or none
 * because the prompt was blocked (`promptFeedback.blockReason`).
 */
export const GenerateContentResponse = z
  .object({
    candidates: z.array(Candidate).optional(),
    promptFeedback: PromptFeedback.optional(),
    usageMetadata: UsageMetadata,
    modelVersion: z.string(),
    responseId: z.string().optional(),
    modelStatus: z
      .object({ modelStage: z.string().optional(), retirementTime: z.string().optional(), message: z.string().optional() })
      .optional(),
  })
  .refine((r) => (r.candidates?.length ?? 0) > 0 || r.promptFeedback?.blockReason !== undefined, {
    message: 'no candidates and no promptFeedback.blockReason',
    path: ['candidates'],
  });
export type GenerateContentResponse = z.infer<typeof GenerateContentResponse>;

/** `GET models/{model}`: the limits and default sampling the model advertises. */
export const GeminiModel = z.object({
  name: z.string(),
  version: z.string().optional(),
  inputTokenLimit: z.number().int().optional(),
  outputTokenLimit: z.number().int().optional(),
  temperature: z.number().optional(),
  maxTemperature: z.number().optional(),
  topP: z.number().optional(),
  topK: z.number().int().optional(),
});

/** `models/{model}:countTokens`. */
export const GeminiTokenCount = z.object({ totalTokens: z.number().int() });
