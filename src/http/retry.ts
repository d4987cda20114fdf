/** Retry policy of the shared HTTP client: which outcomes are retried and how long to wait. */

/** Statuses worth another attempt: rate limited, transient server errors, Anthropic's 529 overloaded. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504, 529]);

export interface BackoffPolicy {
  /** First backoff step in milliseconds. */
  baseMs: number;
  /** Largest computed backoff in milliseconds. */
  capMs: number;
  /** A Retry-After longer than this means "give up now and return the response". */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, capMs: 8_000, maxRetryAfterMs: 30_000 };

/**
 * Exponential backoff with "equal jitter": half of the step is fixed, half random, so that
 * concurrent canaries do not retry in lockstep and no wait collapses to zero.
 */
export function backoffMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * The wait a response asks for, in milliseconds: `retry-after-ms` (Anthropic, OpenAI SDKs), else
 * `retry-after` as delta-seconds or an HTTP date. Null when absent or unreadable.
 */
export function retryAfterMs(headers: Record<string, string>, nowMs: number): number | null {
  const ms = headers['retry-after-ms'];
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const ra = headers['retry-after'];
  if (ra === undefined) return null;
  const value = ra.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}
