import { z } from 'zod';

/** `POST /v1/messages` success body: only what the adapter reads. */
export const AnthropicMessage = z.object({
  id: z.string(),
  type: z.literal('message'),
  role: z.literal('assistant'),
  model: z.string(),
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })),
  stop_reason: z.string().nullable(),
  usage: z.object({
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
    cache_creation_input_tokens: z.number().int().nullish(),
    cache_read_input_tokens: z.number().int().nullish(),
    output_tokens_details: z.object({ thinking_tokens: z.number().int() }).optional(),
    service_tier: z.string().nullish(),
  }),
});
export type AnthropicMessage = z.infer<typeof AnthropicMessage>;

/** `GET /v1/models/{model}`. */
export const AnthropicModelInfo = z.object({
  id: z.string(),
  display_name: z.string(),
  created_at: z.string(),
  max_input_tokens: z.number().int().optional(),
  max_tokens: z.number().int().optional(),
});

/** `POST /v1/messages/count_tokens`. */
export const AnthropicTokenCount = z.object({ input_tokens: z.number().int() });
