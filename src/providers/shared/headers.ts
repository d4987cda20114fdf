/** Facts about response headers that every adapter reports the same way. */
export interface HeaderFacts {
  /** Lowercased, sorted header names. */
  headerNames: string[];
  /** Rate-limit *limit* headers (x-ratelimit-limit-*, anthropic-ratelimit-*-limit), by name. */
  rateLimits: Record<string, string>;
  /** Rate-limit *remaining* headers, by name. */
  rateRemaining: Record<string, string>;
  /** The provider's request id, for support tickets. */
  requestId: string | null;
}

const LIMIT = /ratelimit.*limit|limit.*ratelimit/;
const REMAINING = /ratelimit.*remaining|remaining.*ratelimit/;
const REQUEST_ID = ['x-request-id', 'request-id', 'x-goog-request-id', 'apim-request-id'];

export function headerFacts(headers: Record<string, string>): HeaderFacts {
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort();
  const rateLimits: Record<string, string> = {};
  const rateRemaining: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (value === undefined) continue;
    if (REMAINING.test(name)) rateRemaining[name] = value;
    else if (LIMIT.test(name) && !name.includes('reset')) rateLimits[name] = value;
  }
  const id = REQUEST_ID.map((n) => headers[n]).find((v) => v !== undefined);
  return { headerNames: [...new Set(names)], rateLimits, rateRemaining, requestId: id ?? null };
}
