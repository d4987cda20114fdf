import type { ResetReading } from '../../domain/observation.js';
import { parseReset } from './reset.js';

/** Facts about response headers that every adapter reports the same way. */
export interface HeaderFacts {
  /** Lowercased, sorted header names. */
  headerNames: string[];
  /** Rate-limit *limit* headers (x-ratelimit-limit-*, anthropic-ratelimit-*-limit), by name. */
  rateLimits: Record<string, string>;
  /** Rate-limit *remaining* headers, by name. */
  rateRemaining: Record<string, string>;
  /** Rate-limit *reset* headers as durations, by name. */
  rateResets: Record<string, ResetReading>;
  /** The provider's request id, for support tickets. */
  requestId: string | null;
}

const LIMIT = /ratelimit.*limit|limit.*ratelimit/;
const REMAINING = /ratelimit.*remaining|remaining.*ratelimit/;
const RESET = /ratelimit.*reset|reset.*ratelimit/;
const REQUEST_ID = ['x-request-id', 'request-id', 'x-goog-request-id', 'apim-request-id'];

/**
 * `receivedAtMs` is our clock when the response arrived; a timestamp reset is read against the
 * response's own `Date` header when it has one (the server's clock, not ours).
 */
export function headerFacts(headers: Record<string, string>, receivedAtMs: number = Date.now()): HeaderFacts {
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort();
  const rateLimits: Record<string, string> = {};
  const rateRemaining: Record<string, string> = {};
  const rateResets: Record<string, ResetReading> = {};
  const serverNow = Date.parse(headers['date'] ?? '');
  const nowMs = Number.isNaN(serverNow) ? receivedAtMs : serverNow;
  for (const name of names) {
    const value = headers[name];
    if (value === undefined) continue;
    if (REMAINING.test(name)) rateRemaining[name] = value;
    else if (RESET.test(name)) {
      const reading = parseReset(value, nowMs, !Number.isNaN(serverNow));
      if (reading) rateResets[name] = reading;
    }
    else if (LIMIT.test(name) && !name.includes('reset')) rateLimits[name] = value;
  }
  const id = REQUEST_ID.map((n) => headers[n]).find((v) => v !== undefined);
  return { headerNames: [...new Set(names)], rateLimits, rateRemaining, rateResets, requestId: id ?? null };
}
