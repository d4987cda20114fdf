/**
 * Rate-limit reset headers read as durations. Providers write them three ways: a Go-style duration
 * (OpenAI `x-ratelimit-reset-requests: 1s`, `6m0s`, `8.64s`, `20ms`), an RFC 3339 timestamp
 * (Anthropic `anthropic-ratelimit-tokens-reset: 2025-08-21T10:15:30Z`) or delta-seconds
 * (`retry-after: 30`). Each reading keeps how precise the header was: a timestamp whole to the
 * second says nothing finer, and neither does `6m0s`.
 */
import type { ResetReading } from '../../domain/observation.js';

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d))+$/;
const PART = /(\d+)(?:\.(\d+))?(ns|us|µs|ms|s|m|h|d)/g;
const SECONDS = /^\d+(?:\.(\d+))?$/;
/** Delta-seconds above this are epoch seconds (some gateways send `x-ratelimit-reset: 1735689600`). */
const EPOCH_SECONDS = 1e9;
/** Our clock against the server's when its own `Date` header is missing: the reading may be off by this much. */
const CLOCK_SKEW_MS = 2000;

function goDuration(value: string): ResetReading {
  let ms = 0;
  let precisionMs = Infinity;
  for (const m of value.matchAll(PART)) {
    const unit = UNIT_MS[m[3] ?? 's'] ?? 1000;
    const decimals = m[2]?.length ?? 0;
    ms += Number(`${m[1]}.${m[2] ?? '0'}`) * unit;
    precisionMs = Math.min(precisionMs, unit / 10 ** decimals);
  }
  return { ms, precisionMs };
}

/**
 * A reset header's value as the duration until the reset, in ms, with its precision; null when
 * unreadable. `nowMs` is the response's own `Date` (whole seconds) when it sent one.
 */
export function parseReset(value: string, nowMs: number, serverClock: boolean): ResetReading | null {
  const text = value.trim();
  if (DURATION.test(text)) return goDuration(text);
  const skew = serverClock ? 1000 : CLOCK_SKEW_MS;
  if (SECONDS.exec(text)) {
    const n = Number(text);
    if (n > EPOCH_SECONDS) return { ms: Math.max(0, n * 1000 - nowMs), precisionMs: 1000 + skew };
    const decimals = SECONDS.exec(text)?.[1]?.length ?? 0;
    return { ms: n * 1000, precisionMs: 1000 / 10 ** decimals };
  }
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  // A timestamp's own precision (whole seconds unless it has a fraction) plus the clocks' disagreement.
  const fraction = /\.(\d+)/.exec(text)?.[1]?.length ?? 0;
  return { ms: Math.max(0, at - nowMs), precisionMs: 1000 / 10 ** fraction + skew };
}
