/** What one run told us about a provider's rate-limit headroom. */
export interface HeadroomReport {
  /** Lowest remaining fraction (0..1) across the run's rate-limit headers; null when none were sent. */
  headroom: number | null;
  /** Seconds the provider asked us to wait (Retry-After). */
  retryAfterSeconds?: number;
}

/** Per-provider rate-limit back-off: doubling while headroom stays low, reset when it recovers. */
export interface HeadroomGovernor {
  /** Feeds a finished run's report; returns the provider's back-off in seconds afterwards. */
  report(provider: string, minHeadroom: number, report: HeadroomReport): number;
  /** Epoch ms until which the provider's runs are held back; 0 when free. */
  holdUntil(provider: string): number;
  /** Current back-off in seconds (0 when none), for `tripline_rate_limit_backoff_seconds`. */
  backoffSeconds(provider: string): number;
  /** Providers with state, for metrics. */
  providers(): string[];
}

export interface HeadroomOptions {
  /** First back-off step in seconds for a provider (its smallest canary interval is a good value). */
  baseSeconds: (provider: string) => number;
  /** Ceiling of the doubling, in multiples of the base; default 32. */
  maxFactor?: number;
  now?: () => number;
}

interface ProviderState {
  backoffSeconds: number;
  holdUntil: number;
}

export function createHeadroomGovernor(opts: HeadroomOptions): HeadroomGovernor {
  const now = opts.now ?? Date.now;
  const maxFactor = opts.maxFactor ?? 32;
  const state = new Map<string, ProviderState>();

  return {
    report(provider, minHeadroom, r) {
      const s = state.get(provider) ?? { backoffSeconds: 0, holdUntil: 0 };
      const t = now();
      const base = Math.max(1, opts.baseSeconds(provider));
      if (r.headroom !== null && r.headroom < minHeadroom) {
        // Runs that finish while a hold is active belong to the same episode: no extra doubling.
        if (t < s.holdUntil && s.backoffSeconds > 0) return s.backoffSeconds;
        s.backoffSeconds = s.backoffSeconds === 0 ? base : Math.min(s.backoffSeconds * 2, base * maxFactor);
        s.holdUntil = Math.max(s.holdUntil, t + s.backoffSeconds * 1000);
      } else if (r.headroom !== null && s.backoffSeconds > 0) {
        // Only a measured recovery ends a back-off; a run without rate-limit headers says nothing.
        s.backoffSeconds = 0;
        s.holdUntil = Math.min(s.holdUntil, t);
      }
      if (r.retryAfterSeconds !== undefined && r.retryAfterSeconds > 0) {
        s.holdUntil = Math.max(s.holdUntil, t + r.retryAfterSeconds * 1000);
      }
      state.set(provider, s);
      return s.backoffSeconds;
    },
    holdUntil: (provider) => {
      const hold = state.get(provider)?.holdUntil ?? 0;
      return hold > now() ? hold : 0;
    },
    backoffSeconds: (provider) => state.get(provider)?.backoffSeconds ?? 0,
    providers: () => [...state.keys()],
  };
}
