import { z } from 'zod';
import { PROBE_IDS } from './plugin-ids.js';

/** A probe name: a key of src/probes/registry.ts, carried here by plugin-ids.ts. */
export const ProbeId = z.enum(PROBE_IDS);
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
  role: z.enum(['user', 'assistant']).describe('Who says this message: user, or assistant (an earlier answer in a multi-turn prompt).'),
  content: z.string().min(1).describe('The message text; keep it byte-identical over time (token accounting depends on it).'),
});
export type Message = z.infer<typeof Message>;

/** Provider-neutral request parameters; adapters map them to each wire format. */
export const RequestParams = z.strictObject({
  temperature: z.number().min(0).max(2).optional().describe('Sampling temperature, 0..2; 0 for deterministic contracts.'),
  topP: z.number().min(0).max(1).optional().describe('Nucleus sampling mass, 0..1.'),
  seed: z.number().int().optional().describe('Sampling seed, for providers that honour one (the reproducibility probe measures whether they do).'),
  maxTokens: z.number().int().positive().optional().describe('Output token limit sent with the request; unset on purpose to measure the provider default.'),
  /**
   * Client-side cap for canaries that leave maxTokens unset on purpose (the implicit default is what
   * they measure): the answer is streamed and the connection closed after this many output tokens,
   * so a raised provider default costs at most this much. Adapters that cannot stream send it as
   * the request's max tokens instead (bounded, but then the default itself is not observed).
   */
  clientMaxTokens: z.number().int().positive().optional().describe('Client-side cap when maxTokens is unset on purpose: the streamed answer is cut after this many output tokens.'),
  /**
   * Ask for a streamed answer (server-sent events) in every wire format: the events are assembled
   * into the answer they stand for, and their own contract is read for the stream probe.
   */
  stream: z.boolean().optional().describe('Send the request streamed (SSE) and read the answer from its events; the stream probe compares the stream contract.'),
  logprobs: z.boolean().optional().describe('Ask for token log-probabilities (the logprobs and calibration probes read them).'),
  topLogprobs: z.number().int().min(0).max(20).optional().describe('Alternatives per token with their log-probabilities, 0..20.'),
  /**
   * Answers per request (OpenAI Chat `n`, Gemini `candidateCount`): every answer is read and judged
   * by the assertions probe (rules and refusals). Providers without it list it as unsupported.
   */
  n: z.number().int().min(1).max(8).optional().describe('Answers per request (OpenAI n, Gemini candidateCount), 1..8.'),
  /**
   * The system prompt is a stable prefix meant to be served from the provider's prompt cache (the
   * cache probe): Anthropic gets `cache_control: {type: ephemeral}` on it (OpenAI and Gemini cache
   * on their own), and the cycle's samples are sent one after another, so that the first writes
   * the cache and the others are expected to read it.
   */
  promptCache: z.boolean().optional().describe('Mark the system prompt as a cached prefix (Anthropic cache_control) and send the samples one after another, so all but the first are expected cache hits.'),
});
export type RequestParams = z.infer<typeof RequestParams>;

export const CanaryRequest = z.strictObject({
  system: z.string().optional().describe('System prompt.'),
  messages: z.array(Message).min(1).describe('The conversation sent, in order; at least one message.'),
  params: RequestParams.default({}).describe('Provider-neutral request parameters; each adapter maps them to its wire format.'),
});
export type CanaryRequest = z.infer<typeof CanaryRequest>;

/** One item of a multi-item canary: its prompt replaces the last user message. */
export const CanaryItem = z.strictObject({
  id: z.string().min(1).describe('Stable id of the item within the canary.'),
  prompt: z.string().min(1).describe('Replaces the last user message for this item.'),
  /** Known answer (calibration sets): a single letter for multiple choice. */
  answer: z.string().optional().describe('Known answer (calibration sets): a single letter for multiple choice.'),
});
export type CanaryItem = z.infer<typeof CanaryItem>;

export const Assertion = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('json-schema').describe('The answer must be JSON valid against `schema`.'),
    schema: z.record(z.string(), z.unknown()).describe('A JSON Schema the parsed answer must meet.'),
  }),
  z.strictObject({
    type: z.literal('regex').describe('The answer must match `pattern`.'),
    pattern: z.string().describe('A JavaScript regular expression.'),
    flags: z.string().optional().describe('Regular expression flags, e.g. i or s.'),
  }),
  z.strictObject({
    type: z.literal('contains').describe('The answer must contain `value`.'),
    value: z.string().describe('Text the answer must contain.'),
    ignoreCase: z.boolean().default(false).describe('Compare without regard to letter case.'),
  }),
]);
export type Assertion = z.infer<typeof Assertion>;

export const Canary = z
  .strictObject({
    /** Stable id; history and snapshots key on it, not on the file name. */
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" and "-"').describe('Stable id; history and snapshots key on it, not on the file name.'),
    description: z.string().optional().describe('What this canary holds the provider to, for people reading alerts.'),
    /** `provider/model` targets this canary runs on; all configured targets when absent. */
    targets: z.array(z.string()).optional().describe('provider/model targets this canary runs on; all configured targets when absent.'),
    /**
     * Run only on targets whose answers carry logprobs (`logprobs: true`) or only on those without
     * (`false`); everywhere when absent. Known from the adapter (Anthropic has none) and from the
     * target's baselines of canaries that ask for logprobs; unknown (no baseline yet) runs.
     */
    targetsWith: z
      .strictObject({ logprobs: z.boolean().describe('true: only targets that return logprobs; false: only targets that do not.') })
      .optional()
      .describe("Run only on targets whose answers carry logprobs (true) or lack them (false), judged from the adapter and the target's baselines; everywhere when absent."),
    /** Cron expression (5 or 6 fields); the config's default schedule when absent. */
    schedule: z.string().optional().describe("Cron expression (5 or 6 fields); the config's schedule when absent."),
    request: CanaryRequest.describe('The request sent for each sample.'),
    items: z.array(CanaryItem).optional().describe('Items of a multi-item canary (calibration sets): each prompt replaces the last user message.'),
    /** Requests per cycle (per item for multi-item canaries). */
    samples: z.number().int().positive().max(200).default(1).describe('Requests per cycle (per item for multi-item canaries), 1..200.'),
    /** Default: shape, identity, tokens, ratelimit, and assertions when `assert` is set (see defaultProbes). */
    probes: z.array(ProbeId).min(1).optional().describe('Probes to run; default: shape, identity, tokens, ratelimit, and assertions when assert is set.'),
    assert: z.array(Assertion).optional().describe('Rules every answer must meet (json-schema, regex, contains), judged by the assertions probe.'),
  })
  .transform((c) => ({ ...c, probes: c.probes ?? defaultProbes(c) }));
export type Canary = z.infer<typeof Canary>;
