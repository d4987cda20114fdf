/**
 * One request's outcome, normalized across wire formats. Providers produce these; probes judge them.
 * Everything here is plain JSON so that it can be stored in snapshots and the state store.
 */

/** Usage as the provider reported it; null where the provider does not report a field. */
export interface Usage {
  /** Input (prompt) tokens billed. */
  input: number | null;
  /** Output (completion / candidates) tokens billed. */
  output: number | null;
  /** Input tokens served from a prompt cache. */
  cached: number | null;
  /** Hidden reasoning / thinking tokens, included in output by most providers. */
  reasoning: number | null;
  /** The provider's own total, kept to check its invariant. */
  total: number | null;
  /**
   * Tokens of tool results fed back to the model (Gemini `toolUsePromptTokenCount`): counted in the
   * total apart from input. Absent where the provider has no such count.
   */
  toolUse?: number | null;
}

/** One answer of a response that carried several (OpenAI `n`, Gemini `candidateCount`). */
export interface ChoiceReading {
  text: string;
  finishReason: string | null;
  /** The model's refusal message, when this answer is one. */
  refusal?: string;
}

/**
 * How the adapter asked a thinking model to think. Canaries get the smallest thinking the model
 * accepts; where it cannot be turned off, the request's output cap was raised by `capAllowance`
 * so that the thoughts do not eat the canary's `maxTokens`, and the observation says so.
 */
export interface ThinkingSetting {
  /** What was sent, e.g. `thinkingBudget=0`, `thinkingBudget=128`, `thinkingLevel=low`. */
  sent: string;
  /** False where the model always thinks: its answers carry thought tokens the canary did not ask for. */
  canTurnOff: boolean;
  /** Tokens added to the request's output cap for the thoughts (the provider counts them against it). */
  capAllowance: number;
}

export interface TopLogprob {
  token: string;
  logprob: number;
}

/** One generated token with its logprob and the provider's top alternatives. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  top: TopLogprob[];
}

/** Lifecycle information a provider reports inside a response (Gemini `modelStatus`). */
export interface ModelStatus {
  stage: string | null;
  retirementTime: string | null;
  message: string | null;
}

/**
 * A rate-limit reset header read as a duration: time until the limit is whole again, in ms, and
 * how precise the header was (a timestamp whole to the second, `6m0s`), plus clock disagreement.
 */
export interface ResetReading {
  ms: number;
  precisionMs: number;
}

/**
 * The contract of a streamed answer (docs/statistics.md#stream-shape): which events came in which
 * order, whether the usage report and the end marker arrived, and how many keep-alives.
 */
export interface StreamReading {
  /**
   * Event types in arrival order, consecutive repeats collapsed (`content_block_delta` once however
   * many tokens); the end marker, usage-only events, pings and comments are left out (read below).
   */
  events: string[];
  /** A usage report arrived (the include_usage chunk, Anthropic `message_delta.usage`, ...). */
  usage: boolean;
  /** The format's end marker arrived (`data: [DONE]`, `message_stop`, `response.completed`, Gemini's finishReason). */
  terminator: boolean;
  /** SSE comment lines (`: keep-alive`) and `ping` events. */
  keepAlives: number;
}

/** A scalar a response echoes (an effective setting). */
export type EchoValue = string | number | boolean | null;

/** Why a request could not be measured. Never drift: availability only. */
export type FailureClass =
  | 'http_3xx'
  | 'http_4xx'
  | 'http_5xx'
  | 'rate_limited'
  | 'timeout'
  | 'connection'
  | 'non_json'
  | 'truncated'
  /** More than the provider's `maxResponseBytes` arrived: the read was cut off. */
  | 'body_too_large'
  /** JSON nested deeper than tripline reads (`MAX_JSON_DEPTH`). */
  | 'too_deep'
  | 'status_body_mismatch'
  | 'model_not_found'
  | 'auth'
  | 'budget'
  | 'unsupported';

export interface Failure {
  class: FailureClass;
  /** Fixed-text description with values; never contains secrets. */
  message: string;
  /** Seconds the provider asked us to wait, when it said. */
  retryAfterSeconds?: number;
}

interface ObservationBase {
  /** `provider/model` as configured. */
  target: string;
  canary: string;
  /** Item id for multi-item canaries (calibration sets, border inputs); absent otherwise. */
  item?: string;
  /** Index of this sample within its cycle. */
  sample: number;
  /** ISO time the request was sent. */
  timestamp: string;
  latencyMs: number;
  /** HTTP status, null when no response arrived. */
  status: number | null;
  /** Response header names, lowercased and sorted. */
  headerNames: string[];
  /** Values of rate-limit *limit* headers (not remaining/reset), by lowercased name. */
  rateLimits: Record<string, string>;
  /** Remaining-headroom headers by lowercased name, used for back-off, never compared. */
  rateRemaining: Record<string, string>;
  /**
   * Rate-limit reset headers read as durations, by lowercased name; with the limit and remaining
   * values they give the window's length (the ratelimit probe). Absent in older records.
   */
  rateResets?: Record<string, ResetReading>;
  requestId: string | null;
  /** Canary parameters this provider does not support, dropped or adapted by the adapter. */
  unsupported: string[];
}

/**
 * Prompt-cache accounting of one response, normalized across wire formats (the cache probe reads it;
 * docs/statistics.md#prompt-cache). Null where the body did not say.
 */
export interface CacheReading {
  /** Every prompt token, cached or not (Anthropic bills cache reads and writes apart from `input_tokens`). */
  prompt: number | null;
  /** Tokens served from the cache (OpenAI `cached_tokens`, Anthropic `cache_read_input_tokens`, Gemini `cachedContentTokenCount`). */
  read: number | null;
  /** Tokens written to the cache (Anthropic `cache_creation_input_tokens`); null where the wire has no such field. */
  write: number | null;
  /** Written tokens by time to live (Anthropic `cache_creation.ephemeral_5m_input_tokens` / `_1h_`). */
  write5m: number | null;
  write1h: number | null;
  /** The cache accounting fields the body carried, by wire path, sorted. */
  fields: string[];
  /** The retention the provider echoed (Responses API `prompt_cache_retention`), when it did. */
  retention: string | null;
}

/** How long one answer took, beyond the client's total (`latencyMs`). */
export interface TimingReading {
  /** ms from sending to the first byte of the body: the first streamed event of a streamed answer (time to first token). */
  firstByteMs: number | null;
  /** The provider's own processing time in ms, from a timing header, and which header said it. */
  serverMs: number | null;
  serverHeader: string | null;
}

export interface SuccessObservation extends ObservationBase {
  ok: true;
  /** Structural signature of the raw body: sorted `path: type` lines (arrays as `[]`). */
  shape: string[];
  /** Values of enum-like fields (finish_reason, stop_reason, service_tier, object), by path. */
  enums: Record<string, string>;
  /** zod issues when the body no longer matches the adapter's schema ("path: message"). */
  schemaIssues: string[];
  text: string;
  finishReason: string | null;
  usage: Usage;
  /** Model id the provider says answered (OpenAI/Anthropic `model`, Gemini `modelVersion`). */
  modelReported: string | null;
  /** Backend fingerprint (OpenAI `system_fingerprint`). */
  fingerprint: string | null;
  /** Per output token logprobs, null when not requested or not offered. */
  logprobs: TokenLogprob[] | null;
  modelStatus: ModelStatus | null;
  /**
   * The model's refusal (OpenAI `message.refusal` or a Responses `refusal` part; Gemini's blocked
   * prompt or safety stop): a value to judge, not a broken body. Absent when the model answered.
   */
  refusal?: string;
  /** Every answer, when the response carried more than one; `text` and `finishReason` are the first's. */
  choices?: ChoiceReading[];
  /** The thinking the adapter asked for, on thinking models. */
  thinking?: ThinkingSetting;
  /**
   * Tokens the adapter added to the canary's output cap to meet the provider's minimum (the
   * Responses API refuses `max_output_tokens` below 16): a length stop up to the raised cap is the
   * request, not a changed cap. Room for thoughts is `thinking.capAllowance`. Absent when not raised.
   */
  capRaisedBy?: number;
  /**
   * Effective settings the body echoes, by JSON path (`$.top_p`, `$.reasoning.effort`,
   * `$.service_tier`): the provider's defaults where the request left them out. Absent where the
   * wire format echoes none.
   */
  echoed?: Record<string, EchoValue>;
  /** The stream's own contract, when the answer was streamed (`stream: true`). */
  stream?: StreamReading;
  /**
   * The account the request was served under: organization/project headers by name, and body
   * facts such as Anthropic's `$.usage.inference_geo` by path. Ids, never credentials.
   */
  account?: Record<string, string>;
  /** Prompt-cache accounting, where the wire format reports any. */
  cache?: CacheReading;
  /** Time to first byte and the provider's own timing headers. */
  timing?: TimingReading;
}

export interface FailedObservation extends ObservationBase {
  ok: false;
  failure: Failure;
}

export type Observation = SuccessObservation | FailedObservation;

/**
 * The finish reason of an answer tripline cut short itself (a canary's `clientMaxTokens`): the
 * provider would have gone on, so the answer is no evidence about the provider's cap or shape.
 */
export const CLIENT_CAP_FINISH = 'client_cap';

/** Whether tripline's own client-side cap stopped the answer (the provider would have gone on). */
export function isClientCapped(o: { finishReason: string | null }): boolean {
  return o.finishReason === CLIENT_CAP_FINISH;
}
