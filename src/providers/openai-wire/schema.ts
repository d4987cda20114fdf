import { z } from 'zod';

/** One token's logprob with its alternatives (Chat Completions `logprobs.content[]`, Responses `logprobs[]`). */
const TopLogprob = z.object({ token: z.string(), logprob: z.number() });
export const TokenLogprob = TopLogprob.extend({ top_logprobs: z.array(TopLogprob) });

export const ChatUsage = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
  prompt_tokens_details: z.object({ cached_tokens: z.number().int().optional() }).optional(),
  completion_tokens_details: z.object({ reasoning_tokens: z.number().int().optional() }).optional(),
});

/** The Chat Completions success body, as api.openai.com and Azure OpenAI send it. */
export const ChatCompletion = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number().int(),
  model: z.string(),
  system_fingerprint: z.string().nullish(),
  service_tier: z.string().nullish(),
  choices: z
    .array(
      z.object({
        index: z.number().int(),
        message: z.object({ role: z.literal('assistant'), content: z.string().nullable(), refusal: z.string().nullish() }),
        finish_reason: z.string(),
        logprobs: z.object({ content: z.array(TokenLogprob).nullable() }).nullish(),
      }),
    )
    .min(1),
  usage: ChatUsage,
});
export type ChatCompletion = z.infer<typeof ChatCompletion>;

/** The Responses API success body (`POST /v1/responses`). */
export const ResponseObject = z.object({
  id: z.string(),
  object: z.literal('response'),
  status: z.string(),
  model: z.string(),
  error: z.null(),
  incomplete_details: z.object({ reason: z.string().nullish() }).nullable(),
  output: z.array(
    z.object({
      type: z.string(),
      content: z
        .array(
          z.object({ type: z.string(), text: z.string().optional(), refusal: z.string().optional(), logprobs: z.array(TokenLogprob).optional() }),
        )
        .optional(),
    }),
  ),
  usage: z.object({
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
    total_tokens: z.number().int(),
    input_tokens_details: z.object({ cached_tokens: z.number().int() }).optional(),
    output_tokens_details: z.object({ reasoning_tokens: z.number().int() }).optional(),
  }),
});
export type ResponseObject = z.infer<typeof ResponseObject>;

/** `GET /models/{model}`. */
export const ModelObject = z.object({ id: z.string(), created: z.number().int(), owned_by: z.string() });

/** `POST /responses/input_tokens`. */
export const InputTokens = z.object({ input_tokens: z.number().int() });
