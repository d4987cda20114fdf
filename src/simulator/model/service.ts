/**
 * How the simulated provider serves a model, apart from the weights: its prompt cache and its
 * latency. Pure functions of a random stream, so the detection bench draws the same numbers
 * in-process that the HTTP simulator sends.
 */
import { normal, type Rng } from '../rng.js';
import type { WireFormat } from '../scenarios/types.js';

/** The serving knobs scenarios change (see ModelKnobs.service). */
export interface ServiceKnobs {
  /** Whether the prompt cache serves hits at all (`cache-off` turns it off). */
  cacheEnabled: boolean;
  /** Chance that a prefix cached moments ago has been evicted anyway (load, routing to another machine). */
  cacheEvictionRate: number;
  /** Multiplier on every request's processing time. */
  latencyFactor: number;
  /** Share of requests sent down a slow path on top of the natural tail, and how much slower it is. */
  slowShare: number;
  slowFactor: number;
}

/** A provider in its normal state: about one cached prefix in twenty is evicted before its reuse. */
export const BASE_SERVICE: Readonly<ServiceKnobs> = { cacheEnabled: true, cacheEvictionRate: 0.05, latencyFactor: 1, slowShare: 0, slowFactor: 1 };

/** Median processing time, in ms, of a short request when `--latency` is not given (reported, not waited). */
export const DEFAULT_MEDIAN_MS = 400;

/** Spread of the lognormal body of the latency distribution. */
const BODY_SIGMA = 0.3;
/** The natural tail: this share of requests is slower by a Pareto factor (minimum 1.5, shape 2.5). */
const TAIL_SHARE = 0.03;
const TAIL_MIN = 1.5;
const TAIL_SHAPE = 2.5;
/** Time-of-day swing: ±25% over a day, slowest mid-afternoon UTC. */
const DIURNAL_AMPLITUDE = 0.25;

/** The busy-hours factor at an hour of the day (0..24, UTC). */
export function diurnalFactor(hour: number): number {
  return 1 + DIURNAL_AMPLITUDE * Math.sin((2 * Math.PI * (hour - 9)) / 24);
}

/**
 * One request's processing time in ms: a lognormal body around `medianMs`, a heavy natural tail, the
 * time-of-day swing, then the scenario's factor and slow path.
 */
export function drawProcessingMs(rng: Rng, medianMs: number, hour: number, s: ServiceKnobs): number {
  let ms = medianMs * diurnalFactor(hour) * Math.exp(BODY_SIGMA * normal(rng));
  if (rng.next() < TAIL_SHARE) ms *= TAIL_MIN / Math.pow(1 - rng.next(), 1 / TAIL_SHAPE);
  if (s.slowShare > 0 && rng.next() < s.slowShare) ms *= s.slowFactor;
  return ms * s.latencyFactor;
}

/** Share of the processing time spent before the first token (prefill and queueing). */
export const FIRST_TOKEN_SHARE = 0.3;

/** Smallest prefix a provider caches, in tokens (OpenAI 1024; Anthropic and Gemini by model). */
export function minCacheableTokens(format: WireFormat, model: string): number {
  if (format === 'anthropic') return /haiku-4-5|opus-4-([5-9]|\d\d)/.test(model) ? 4096 : /haiku-3/.test(model) ? 2048 : 1024;
  if (format === 'gemini') return /2\.5-flash/.test(model) ? 1024 : 4096;
  return 1024;
}

/** What the cache did for one request: tokens read from it, tokens written to it. */
export interface CacheOutcome {
  read: number;
  write: number;
}

/**
 * Tokens a provider reports as cached for a prefix of `tokens`: OpenAI and Gemini match the prefix
 * in 128-token blocks, Anthropic caches the marked block whole.
 */
export function cachedTokens(format: WireFormat, tokens: number): number {
  return format === 'anthropic' ? tokens : Math.floor(tokens / 128) * 128;
}

/** One lookup: a hit when the prefix was stored and survived eviction; otherwise (re)written. */
export function cacheLookup(stored: boolean, rng: Rng, s: ServiceKnobs, tokens: number): CacheOutcome & { store: boolean } {
  if (!s.cacheEnabled) return { read: 0, write: tokens, store: false };
  if (stored && rng.next() >= s.cacheEvictionRate) return { read: tokens, write: 0, store: true };
  return { read: 0, write: tokens, store: true };
}
