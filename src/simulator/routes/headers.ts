import { randomHex, type Rng } from '../rng.js';
import type { WireFormat } from '../scenarios/types.js';
import type { WindowUsage } from '../state.js';

/** Base rate limits per minute (the `ratelimit-window-changed` scenario moves them). */
export const RATE_LIMITS = {
  openai: { requests: 10000, tokens: 2000000 },
  anthropic: { requests: 4000, inputTokens: 400000, outputTokens: 80000 },
} as const;

/** OpenAI's reset duration format: "6ms", "8.64s", "1m30s". */
export function openAiDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const s = ms / 1000;
  if (s < 60) return `${Number(s.toFixed(3))}s`;
  return `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
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
      'x-ratelimit-limit-requests': String(l.requests),
      'x-ratelimit-limit-tokens': String(l.tokens),
      'x-ratelimit-remaining-requests': String(Math.max(0, l.requests - usage.requests)),
      'x-ratelimit-remaining-tokens': String(Math.max(0, l.tokens - tokens)),
      'x-ratelimit-reset-requests': openAiDuration((usage.requests * 60000) / l.requests),
      'x-ratelimit-reset-tokens': openAiDuration((tokens * 60000) / l.tokens),
    };
  }
  if (format === 'anthropic') {
    const l = RATE_LIMITS.anthropic;
    const reset = rfc3339(usage.resetsAt > now ? usage.resetsAt : now + 60000);
    const tokensLimit = l.inputTokens + l.outputTokens;
    return {
      'request-id': `req_011C${randomHex(rng, 20)}`,
      'anthropic-organization-id': '5f0e7c1a-3d1b-4c2e-9a57-0b7e1c2d3f40',
      'anthropic-ratelimit-requests-limit': String(l.requests),
      'anthropic-ratelimit-requests-remaining': String(Math.max(0, l.requests - usage.requests)),
      'anthropic-ratelimit-requests-reset': reset,
      'anthropic-ratelimit-tokens-limit': String(tokensLimit),
      'anthropic-ratelimit-tokens-remaining': String(Math.max(0, tokensLimit - usage.inputTokens - usage.outputTokens)),
      'anthropic-ratelimit-tokens-reset': reset,
      'anthropic-ratelimit-input-tokens-limit': String(l.inputTokens),
      'anthropic-ratelimit-input-tokens-remaining': String(Math.max(0, l.inputTokens - usage.inputTokens)),
      'anthropic-ratelimit-input-tokens-reset': reset,
      'anthropic-ratelimit-output-tokens-limit': String(l.outputTokens),
      'anthropic-ratelimit-output-tokens-remaining': String(Math.max(0, l.outputTokens - usage.outputTokens)),
      'anthropic-ratelimit-output-tokens-reset': reset,
    };
  }
  return {
    vary: 'Origin, X-Origin, Referer',
    server: 'scaffolding on HTTPServer2',
    'server-timing': `gfet4t7; dur=${processingMs}`,
  };
}
