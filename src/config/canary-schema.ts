import { z } from 'zod';

export const ProbeId = z.enum([
  'shape',
  'identity',
  'tokens',
  'ratelimit',
  'assertions',
  'reproducibility',
  'logprobs',
  'calibration',
  'length',
  'behavior',
]);
export type ProbeId = z.infer<typeof ProbeId>;

/**
 * The probes a canary runs when it lists none: every probe that reads what each response already
 * carries and costs no extra request (assertions too when the canary has `assert` rules).
 */
export function defaultProbes(canary: { assert?: readonly unknown[] | undefined }): ProbeId[] {
  const free: ProbeId[] = ['shape', 'identity', 'tokens', 'ratelimit'];
  return canary.assert?.length ? [...free, 'assertions'] : free;
}

export const Message = z.strictObject({
  role: z.enum(['user', 'assistant']),
  content: z.string().min(1),
});
export type Message = z.infer<typeof Message>;

/** Provider-neutral request parameters; adapters map them to each wire format. */
export const RequestParams = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().min(0).max(1).optional(),
  seed: z.number().int().optional(),
  maxTokens: z.number().int().positive().optional(),
  /**
   * Client-side cap for canaries that leave maxTokens unset on purpose (the implicit default is what
   * they measure): the answer is streamed and the connection closed after this many output tokens,
   * so a raised provider default costs at most this much. Adapters that cannot stream send it as
   * the request's max tokens instead (bounded, but then the default itself is not observed).
   */
  clientMaxTokens: z.number().int().positive().optional(),
  logprobs: z.boolean().optional(),
  topLogprobs: z.number().int().min(0).max(20).optional(),
  /**
   * Answers per request (OpenAI Chat `n`, Gemini `candidateCount`): every answer is read and judged
   * by the assertions probe (rules and refusals). Providers without it list it as unsupported.
   */
  n: z.number().int().min(1).max(8).optional(),
});
export type RequestParams = z.infer<typeof RequestParams>;

export const CanaryRequest = z.strictObject({
  system: z.string().optional(),
  messages: z.array(Message).min(1),
  params: RequestParams.default({}),
});
export type CanaryRequest = z.infer<typeof CanaryRequest>;

/** One item of a multi-item canary: its prompt replaces the last user message. */
export const CanaryItem = z.strictObject({
  id: z.string().min(1),
  prompt: z.string().min(1),
  /** Known answer (calibration sets): a single letter for multiple choice. */
  answer: z.string().optional(),
});
export type CanaryItem = z.infer<typeof CanaryItem>;

export const Assertion = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('json-schema'), schema: z.record(z.string(), z.unknown()) }),
  z.strictObject({ type: z.literal('regex'), pattern: z.string(), flags: z.string().optional() }),
  z.strictObject({ type: z.literal('contains'), value: z.string(), ignoreCase: z.boolean().default(false) }),
]);
export type Assertion = z.infer<typeof Assertion>;

export const Canary = z
  .strictObject({
    /** Stable id; history and snapshots key on it, not on the file name. */
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" and "-"'),
    description: z.string().optional(),
    /** `provider/model` targets this canary runs on; all configured targets when absent. */
    targets: z.array(z.string()).optional(),
    /** Cron expression (5 or 6 fields); the config's default schedule when absent. */
    schedule: z.string().optional(),
    request: CanaryRequest,
    items: z.array(CanaryItem).optional(),
    /** Requests per cycle (per item for multi-item canaries). */
    samples: z.number().int().positive().max(200).default(1),
    /** Default: shape, identity, tokens, ratelimit, and assertions when `assert` is set (see defaultProbes). */
    probes: z.array(ProbeId).min(1).optional(),
    assert: z.array(Assertion).optional(),
  })
  .transform((c) => ({ ...c, probes: c.probes ?? defaultProbes(c) }));
export type Canary = z.infer<typeof Canary>;
