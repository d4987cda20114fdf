import type { ServiceKnobs } from './service.js';

/** One chat turn as the simulated model sees it, whatever the wire format. */
export interface ChatMessage {
  /** Who spoke. */
  role: 'user' | 'assistant';
  /** Plain text of the turn. */
  content: string;
}

/** A generation request, normalized from any wire format. */
export interface ModelRequest {
  /** Model id as requested (alias or dated id). */
  model: string;
  /** System / instructions text, if any. */
  system?: string;
  /** The conversation; the last user turn decides the prompt kind (MCQ, JSON, open-ended). */
  messages: ChatMessage[];
  /** Sampling temperature; 0 means greedy. */
  temperature: number;
  /** Nucleus sampling mass in (0, 1]; 1 when absent. */
  topP?: number;
  /** Sampling seed; honoured unless a scenario says otherwise. */
  seed?: number;
  /** Explicit output cap; the knobs' implicit default applies when absent. */
  maxTokens?: number;
  /** How many alternatives to report per position (0 = none). */
  topLogprobs: number;
  /** Index of this choice when one request asks for several (OpenAI `n`); varies seeded sampling. */
  choiceIndex?: number;
}

/**
 * Everything that makes one simulated model behave the way it does. Scenarios change these,
 * which is how drift reaches the model without the model knowing about scenarios.
 */
export interface ModelKnobs {
  /** Identity of the weights: the logits are a hash of this, the prompt and the position. */
  weightsId: string;
  /** Model id echoed in responses. */
  reportedModel: string;
  /** Tokens each non-ASCII character costs in input accounting. */
  nonAsciiTokenCost: number;
  /** Extra input tokens from a system prompt the caller never sent. */
  hiddenSystemTokens: number;
  /** Multiplier on the logits of multiple-choice answer positions (1 = calibrated). */
  mcqLogitScale: number;
  /** Probability that one request diverges at one position from its deterministic path. */
  divergenceRate: number;
  /** Whether `seed` makes temperature>0 sampling reproducible. */
  seedHonoured: boolean;
  /** Output cap applied when the request names none. */
  defaultMaxTokens: number;
  /** Mean output length, in tokens, of open-ended answers. */
  meanLength: number;
  /** Temperature used when the request names none. */
  defaultTemperature: number;
  /** Nucleus mass used (and echoed by the Responses API) when the request names none. */
  defaultTopP: number;
  /** Hidden reasoning tokens are reported (o-series, Gemini 2.5 thinking). */
  reasoning: boolean;
  /** How the provider serves it: prompt cache and latency (model/service.ts). */
  service: ServiceKnobs;
}

/** An alternative token with its log probability. */
export interface TokenAlternative {
  /** Token text. */
  token: string;
  /** Natural-log probability under the unscaled (temperature 1) distribution. */
  logprob: number;
}

/** One generated token. */
export interface GeneratedToken extends TokenAlternative {
  /** The most likely tokens at this position, best first (length = requested top-k). */
  top: TokenAlternative[];
}

/** What the model produced for one request. */
export interface Generation {
  /** Output tokens in order. */
  tokens: GeneratedToken[];
  /** Concatenated output text. */
  text: string;
  /** `stop` when the answer ended on its own, `length` when the cap cut it. */
  finishReason: 'stop' | 'length';
  /** Hidden reasoning tokens (0 for non-reasoning models), billed as output. */
  reasoningTokens: number;
  /** Which kind of prompt the model recognised. */
  kind: PromptKind;
}

/** The prompt kinds the toy model answers differently. */
export type PromptKind = 'mcq' | 'json' | 'open';

/** A token with its probability, as returned by `tokenDistribution`. */
export interface TokenProbability {
  /** Token text. */
  token: string;
  /** Probability under the requested temperature (temperature 0 = point mass on the argmax). */
  prob: number;
}
