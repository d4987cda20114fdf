import { z } from 'zod';

/** proto3 JSON omits zero values: a logProbability of exactly 0 arrives as a missing field. */
const LogprobCandidate = z.object({ token: z.string(), logProbability: z.number().optional() });

const Candidate = z.object({
  // Absent when a candidate is blocked (finishReason SAFETY, RECITATION, ...).
  content: z
    .object({ parts: z.array(z.object({ text: z.string().optional(), thought: z.boolean().optional() })) })
    .optional(),
  finishReason: z.string().optional(),
  avgLogprobs: z.number().optional(),
  logprobsResult: z
    .object({
      chosenCandidates: z.array(LogprobCandidate).optional(),
      topCandidates: z.array(z.object({ candidates: z.array(LogprobCandidate).optional() })).optional(),
    })
    .optional(),
});

/** `models/{model}:generateContent` success body: only what the adapter reads. */
export const GenerateContentResponse = z.object({
  candidates: z.array(Candidate).min(1),
  usageMetadata: z.object({
    promptTokenCount: z.number().int(),
    candidatesTokenCount: z.number().int().optional(),
    cachedContentTokenCount: z.number().int().optional(),
    thoughtsTokenCount: z.number().int().optional(),
    totalTokenCount: z.number().int(),
  }),
  modelVersion: z.string(),
  responseId: z.string().optional(),
  modelStatus: z
    .object({ modelStage: z.string().optional(), retirementTime: z.string().optional(), message: z.string().optional() })
    .optional(),
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
