import { billedTokens } from '../../domain/billing.js';
import type { Observation, SuccessObservation } from '../../domain/observation.js';

/** Billed tokens of a cycle (domain/billing.ts: cache reads and writes and thoughts reported apart included). */
export function tokensOf(ok: SuccessObservation[]): { input: number; output: number } {
  let input = 0;
  let output = 0;
  for (const o of ok) {
    const billed = billedTokens(o);
    input += billed.input;
    output += billed.output;
  }
  return { input, output };
}

/**
 * Lowest remaining fraction over every rate limit the provider reported (remaining / limit),
 * null when it reports none. Used to back off before monitoring starves production traffic.
 */
export function headroomOf(observations: Observation[]): number | null {
  let lowest: number | null = null;
  for (const o of observations) {
    for (const [name, remainingText] of Object.entries(o.rateRemaining)) {
      const limitText = o.rateLimits[name.replace('remaining', 'limit')];
      const remaining = Number(remainingText);
      const limit = Number(limitText);
      if (!Number.isFinite(remaining) || !Number.isFinite(limit) || limit <= 0) continue;
      const fraction = Math.max(0, Math.min(1, remaining / limit));
      lowest = lowest === null ? fraction : Math.min(lowest, fraction);
    }
  }
  return lowest;
}

/** The longest Retry-After any failed request of the cycle carried. */
export function retryAfterOf(observations: Observation[]): number | undefined {
  let longest: number | undefined;
  for (const o of observations) {
    if (o.ok || o.failure.retryAfterSeconds === undefined) continue;
    longest = Math.max(longest ?? 0, o.failure.retryAfterSeconds);
  }
  return longest;
}

/** Median latency of successful requests in ms (the dashboard's latency series). */
export function medianLatencyOf(ok: readonly SuccessObservation[]): number {
  const sorted = ok.map((o) => o.latencyMs).sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
