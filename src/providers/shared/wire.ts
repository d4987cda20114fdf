import type { z } from 'zod';
import type { CacheReading, SuccessObservation, Usage } from '../../domain/observation.js';
import type { SampleContext } from '../types.js';

/** An error object found in a body (OpenAI `error`, Anthropic `type: error`, Google `error.status`). */
export interface ErrorInfo {
  /** Provider error code or type, e.g. `model_not_found`, `not_found_error`, `NOT_FOUND`. */
  code: string | null;
  /** The provider's message, shown after redaction. */
  message: string | null;
  /** Wait the body asks for (Google RetryInfo), in seconds. */
  retryAfterSeconds?: number;
}

/**
 * What an adapter reads from a success body, best effort (null where missing): the reading fields
 * of a success observation, plus the request id the body carries (Gemini `responseId`), preferred
 * to a header's.
 */
export type Extracted = Pick<
  SuccessObservation,
  'text' | 'finishReason' | 'usage' | 'modelReported' | 'fingerprint' | 'logprobs' | 'modelStatus' | 'refusal' | 'choices'
> & { requestId?: string };

/** One wire format's reading rules; the shared `observe` does the rest. */
export interface WireSpec {
  /** zod schema of the success body (non-strict: extra fields pass). */
  schema: z.ZodType;
  /** Signature paths of enum-like fields to report. */
  enumPaths: readonly string[];
  /** The error object of an error body, null when the body is not one. */
  errorOf(json: unknown): ErrorInfo | null;
  /** Paths of effective settings the body echoes (compared exactly by the identity probe). */
  echoPaths?: readonly string[];
  /** Paths of account facts in the body (Anthropic `$.usage.inference_geo`); headers are read for every format. */
  accountPaths?: readonly string[];
  /** Best-effort fields of a success body; must not throw on drifted bodies. */
  extract(json: unknown, ctx: SampleContext): Extracted;
  /** The prompt-cache accounting of a success body (`shared/cache.ts`); absent where the wire reports none. */
  cache?(json: unknown): CacheReading;
}

export const NO_USAGE: Usage = { input: null, output: null, cached: null, reasoning: null, total: null };
