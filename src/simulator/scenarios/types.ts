import type { ModelKnobs } from '../model/types.js';
import type { Rng } from '../rng.js';

/** A JSON value, as response bodies are built and post-processed. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A JSON object body. */
export type JsonObject = { [key: string]: Json };

/** The wire format a request arrived in. */
export type WireFormat = 'openai' | 'anthropic' | 'gemini';

/** What kind of endpoint is answering. */
export type Endpoint = 'generate' | 'count-tokens' | 'models-list' | 'model-get';

/** Tunables of the scenarios, settable with `POST /admin/scenario` `options`. */
export interface ScenarioOptions {
  /** `hidden-system-prompt`: input tokens added to every generation. */
  hiddenSystemTokens: number;
  /** `flaky`: fraction of requests that fail. */
  flakyRate: number;
  /** `flaky`: how long a hung request stalls before it answers, in ms. */
  hangMs: number;
  /** `partial-swap`: fraction of request hashes served by other weights. */
  swapFraction: number;
  /** `seed-lost`: the share of seeded or temperature-0 answers that diverge (2 % before). */
  seedLostDivergence: number;
  /** `gemini-retirement`: the `modelStatus.retirementTime` announced (RFC 3339). */
  retirementTime: string;
  /** `tenant-repointed`: the tenant whose alias is re-pointed (see `RequestInfo.tenant`). */
  tenant: string;
}

/** Option values when none are given. */
export const defaultScenarioOptions: Readonly<ScenarioOptions> = {
  hiddenSystemTokens: 23,
  flakyRate: 0.1,
  hangMs: 3000,
  swapFraction: 0.05,
  seedLostDivergence: 0.5,
  retirementTime: '2027-06-30T00:00:00Z',
  tenant: 'tenant-b',
};

/** The request as the scenario hooks see it. */
export interface RequestInfo {
  /** Wire format the request arrived in. */
  format: WireFormat;
  /** Which kind of endpoint answers it. */
  endpoint: Endpoint;
  /** Model id as requested (empty for listings). */
  model: string;
  /** Hash of the request's body (model, prompt, params): stable across identical requests. */
  requestHash: number;
  /**
   * Who is asking: the `x-tenant` header, else the `OpenAI-Organization` header, else the API key
   * (`routes/tenant.ts`); empty when none is sent.
   */
  tenant: string;
  /** Scenario options in force. */
  options: ScenarioOptions;
  /** Nondeterministic stream for this request (seeded from the simulator's seed). */
  rng: Rng;
}

/** One server-sent event as written: an `event:` name, a JSON `data:` payload, or a `: comment` line. */
export interface SseFrame {
  event?: string;
  data?: Json;
  comment?: string;
}

/** A response before it is written. Header names lowercased. */
export interface SimResponse {
  /** HTTP status. */
  status: number;
  /** Response headers, lowercased names (content-type and length are added when written). */
  headers: Record<string, string>;
  /** JSON body. */
  body: Json;
  /** Server-sent events (each a `data:` line, then `data: [DONE]`); written instead of `body`. */
  events?: Json[];
  /** Server-sent events written as they are (Anthropic, Responses, Gemini streams); no `[DONE]` added. */
  sse?: SseFrame[];
  /** ms the generation takes after the first token: a stream's first event is written before it, a whole body after it. */
  streamRestMs?: number;
}

/** A scenario answering instead of the model: an error status, or a stall before the normal answer. */
export type Interception = { kind: 'error'; status: 500 } | { kind: 'rate-limited'; retryAfterSeconds: number } | { kind: 'hang'; ms: number };

/**
 * One drift scenario. Each hook is optional and changes only what the scenario is about; active
 * scenarios apply in registry order.
 */
export interface Scenario {
  /** Stable id, used in `--scenario`, `POST /admin/scenario` and the schedule. */
  readonly id: string;
  /** One line: what changes, as a provider would do it. */
  readonly description: string;
  /** Before the model runs: answer instead of it (availability scenarios). */
  intercept?(req: RequestInfo): Interception | null;
  /** Change the model's knobs (tokenizer, weights, defaults, determinism). */
  knobs?(knobs: ModelKnobs, req: RequestInfo): ModelKnobs;
  /** Post-process the response (body fields, headers, status). */
  respond?(res: SimResponse, req: RequestInfo): SimResponse;
  /** Post-process a streamed answer once its body became events (`events` or `sse`). */
  respondStream?(res: SimResponse, req: RequestInfo): SimResponse;
}
