import type { z } from 'zod';
import type { Canary, CanaryItem } from '../config/canary-schema.js';
import type { ProviderConfig, ProviderType } from '../config/schema.js';
import type { Observation } from '../domain/observation.js';
import type { Target } from '../domain/target.js';
import type { HttpRequest, HttpResult } from '../http/types.js';

/** Everything an adapter needs to build or read one sample's request. */
export interface SampleContext {
  canary: Canary;
  /** The item, for multi-item canaries. */
  item?: CanaryItem;
  target: Target;
  provider: ProviderConfig;
  /** Index of the sample within its cycle. */
  sample: number;
}

export interface BuiltRequest {
  request: HttpRequest;
  /** Canary params this provider cannot honour (dropped or adapted), e.g. `seed`, `logprobs`. */
  unsupported: string[];
}

/** A metadata or token-count call whose answer is diffed exactly (implicit defaults, token counts; docs/statistics.md#implicit-defaults). */
export interface SideRequest {
  /** Stable name, e.g. `models.get`, `count_tokens`. */
  name: string;
  request: HttpRequest;
  /**
   * True for a token-count endpoint: it counts the prompt of the canary in the context, so the
   * engine asks it once per counted canary (docs/statistics.md#token-accounting).
   */
  countsPrompt?: boolean;
}

export interface ProviderAdapter {
  /** Equals the folder name and the `type:` of a provider in tripline.yaml. */
  readonly id: ProviderType;
  /** Base URL used when the config gives none. */
  readonly defaultBaseUrl: string;
  /** Which probes can work on this provider at all (no logprobs on Anthropic, ...). */
  readonly supports: { seed: boolean; logprobs: boolean; temperature: boolean };
  /** zod schema of the success body this adapter reads; a mismatch is shape drift, not a crash. */
  readonly responseSchema: z.ZodType;
  /** Pure: the HTTP request for one canary sample. */
  buildRequest(ctx: SampleContext): BuiltRequest;
  /** Pure: the result of sending as an Observation; failures and schema drift are values. */
  parseResponse(result: HttpResult, ctx: SampleContext, built: BuiltRequest, startedAt: Date): Observation;
  /** Pure: side endpoints (model metadata, token counting) for a target, if the provider has them. */
  sideRequests?(ctx: SampleContext): SideRequest[];
  /** Pure: the comparable facts of a side answer (flat key -> value), or null when it failed. */
  parseSide?(name: string, result: HttpResult): Record<string, string | number | boolean | null> | null;
}
