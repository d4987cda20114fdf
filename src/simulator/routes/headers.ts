import { randomHex, type Rng } from '../rng.js';
import type { WireFormat } from '../scenarios/types.js';
import type { WindowUsage } from '../state.js';

/** Base rate limits per minute (the `ratelimit-window-changed` scenario moves them). */
export const RATE_LIMITS = {
  openai: { requests: 10000, tokens: 2000000 },
  anthropic: { requests: 4000, inputTokens: 400000, outputTokens: 80000 },
} as const;

/** OpenAI's reset duration format (Go's): "6ms", "8.64s", "1m30s", "2h5m0s". */
export function openAiDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const s = ms / 1000;
  if (s < 60) return `${Number(s.toFixed(3))}s`;
  const whole = Math.round(s);
  const h = Math.floor(whole / 3600);
  return `${h > 0 ? `${h}h` : ''}${Math.floor((whole % 3600) / 60)}m${whole % 60}s`;
}

/** RFC 3339 to the whole second, as Anthropic writes its reset timestamps. */
export function rfc3339(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The one-minute window these headers describe; the `ratelimit-window-day` scenario rewrites resets as for a day. */
export const WINDOW_MS = 60_000;

/**
 * When a limit is whole again: both providers refill continuously, so the used part comes back in
 * used / limit of the window (OpenAI "time until the rate limit resets to its initial state",
 * Anthropic "fully replenished").
 */
export function refillMs(limit: number, remaining: number, windowMs: number): number {
  return limit > 0 ? (Math.max(0, limit - remaining) * windowMs) / limit : 0;
}

/** Headers every response of a wire format carries, given the rate-limit window after this request. */
export function formatHeaders(format: WireFormat, rng: Rng, usage: WindowUsage, processingMs: number): Record<string, string> {
  const now = Date.now();
  if (format === 'openai') {
    const l = RATE_LIMITS.openai;
    const tokens = usage.inputTokens + usage.outputTokens;
    return {
      'x-request-id': `req_${randomHex(rng, 32)}`,
      'openai-processing-ms': String(processingMs),
      'openai-version': '2020-10-01',
      'openai-organization': 'org-tripline-simulator',
      'openai-project': 'proj_tripline_simulator',
      'x-ratelimit-limit-requests': String(l.requests),
      'x-ratelimit-limit-tokens': String(l.tokens),
      'x-ratelimit-remaining-requests': String(Math.max(0, l.requests - usage.requests)),
      'x-ratelimit-remaining-tokens': String(Math.max(0, l.tokens - tokens)),
      'x-ratelimit-reset-requests': openAiDuration(refillMs(l.requests, l.requests - usage.requests, WINDOW_MS)),
      'x-ratelimit-reset-tokens': openAiDuration(refillMs(l.tokens, l.tokens - tokens, WINDOW_MS)),
    };
  }
  if (format === 'anthropic') {
    const l = RATE_LIMITS.anthropic;
    const tokensLimit = l.inputTokens + l.outputTokens;
    const limits = {
      requests: [l.requests, usage.requests],
      tokens: [tokensLimit, usage.inputTokens + usage.outputTokens],
      'input-tokens': [l.inputTokens, usage.inputTokens],
      'output-tokens': [l.outputTokens, usage.outputTokens],
    } as const;
    const out: Record<string, string> = {
      'request-id': `req_011C${randomHex(rng, 20)}`,
      'anthropic-organization-id': '5f0e7c1a-3d1b-4c2e-9a57-0b7e1c2d3f40',
    };
    for (const [kind, [limit, used]] of Object.entries(limits)) {
      const remaining = Math.max(0, limit - used);
      out[`anthropic-ratelimit-${kind}-limit`] = String(limit);
      out[`anthropic-ratelimit-${kind}-remaining`] = String(remaining);
      out[`anthropic-ratelimit-${kind}-reset`] = rfc3339(now + refillMs(limit, remaining, WINDOW_MS));
    }
    return out;
  }
  return {
    vary: 'Origin, X-Origin, Referer',
    server: 'scaffolding on HTTPServer2',
    'server-timing': `gfet4t7; dur=${processingMs}`,
  };
}
