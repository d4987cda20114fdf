import { z } from 'zod';
import { TokenLogprob } from '../openai-wire/schema.js';

/**
 * The Chat Completions body as OpenAI-compatible servers send it (vLLM, Ollama, llama.cpp, LM Studio,
 * gateways): `created` may be a string, `system_fingerprint` and `usage` details may be absent or null,
 * `logprobs` may be null, `finish_reason` may be null on some servers.
 */
export const CompatChatCompletion = z.object({
  object: z.string(),
  created: z.union([z.number(), z.string()]).optional(),
  model: z.string(),
  system_fingerprint: z.string().nullish(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable() }),
        finish_reason: z.string().nullable(),
        logprobs: z.object({ content: z.array(TokenLogprob).nullish() }).nullish(),
      }),
    )
    .min(1),
  usage: z
    .object({
      prompt_tokens: z.number(),
      completion_tokens: z.number(),
      total_tokens: z.number().optional(),
      prompt_tokens_details: z.object({ cached_tokens: z.number().nullish() }).nullish(),
      completion_tokens_details: z.object({ reasoning_tokens: z.number().nullish() }).nullish(),
    })
    .nullish(),
});
export type CompatChatCompletion = z.infer<typeof CompatChatCompletion>;
