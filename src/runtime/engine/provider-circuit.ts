import type { HttpResult } from '../../http/types.js';

/** Transport failures in a row (after the client's own retries) that mark a provider down. */
export const FAILURES_TO_OPEN = 3;
/** 5xx answers in a row that do: a server that answers is given longer than one that cannot be reached. */
export const SERVER_ERRORS_TO_OPEN = 10;

/** What is known about a provider marked down. */
export interface ProviderDown {
  provider: string;
  /** The last failure, fixed text without secrets. */
  lastError: string;
  /** Requests not sent because the provider was down. */
  skipped: number;
}

/**
 * Per-provider breaker for one cycle (`check`, `baseline`) or, with `openForMs`, for the daemon:
 * after FAILURES_TO_OPEN connection-level failures in a row (refused, DNS, TLS, reset; or a storm of
 * SERVER_ERRORS_TO_OPEN 5xx answers) the
 * provider's remaining requests are not sent, so an unreachable provider costs a few requests and
 * is one finding, not hundreds of retried requests and a warning per canary. Any answer that is not
 * such a failure resets the count.
 */
export interface ProviderCircuit {
  /** True when requests to `provider` are not to be sent now (counts one skipped request). */
  skip(provider: string): boolean;
  /** Counts the outcome of one request. */
  record(provider: string, result: HttpResult): void;
  /** True while `provider` is marked down. */
  isDown(provider: string): boolean;
  /** Providers marked down in this circuit's life (for `check`: this cycle). */
  down(): ProviderDown[];
}

/** The failure's weight towards marking the provider down (1 = one of FAILURES_TO_OPEN), or null. */
function connectionLevel(result: HttpResult): { error: string; weight: number } | null {
  if (result.kind === 'failure') return result.failure === 'connection' ? { error: result.message, weight: 1 } : null;
  const status = result.response.status;
  return status >= 500 ? { error: `HTTP ${status}`, weight: FAILURES_TO_OPEN / SERVER_ERRORS_TO_OPEN } : null;
}

/**
 * `openForMs`: how long a provider stays down before one request may try again (the daemon); without
 * it, down for the life of the circuit (one `check` cycle).
 */
export function createProviderCircuit(opts: { openForMs?: number; now?: () => number } = {}): ProviderCircuit {
  const now = opts.now ?? Date.now;
  const state = new Map<string, { failures: number; openedAt: number | null; info: ProviderDown }>();
  const entry = (provider: string) => {
    let e = state.get(provider);
    if (!e) state.set(provider, (e = { failures: 0, openedAt: null, info: { provider, lastError: '', skipped: 0 } }));
    return e;
  };
  const open = (provider: string): boolean => {
    const e = state.get(provider);
    if (e?.openedAt == null) return false;
    if (opts.openForMs !== undefined && now() - e.openedAt >= opts.openForMs) {
      // Half open: let the next request through; one more failure opens it again.
      e.openedAt = null;
      e.failures = FAILURES_TO_OPEN - 1;
      return false;
    }
    return true;
  };
  return {
    skip(provider) {
      if (!open(provider)) return false;
      entry(provider).info.skipped++;
      return true;
    },
    record(provider, result) {
      const e = entry(provider);
      const failure = connectionLevel(result);
      if (failure === null) {
        e.failures = 0;
        e.openedAt = null;
        return;
      }
      e.failures += failure.weight;
      e.info.lastError = failure.error;
      if (e.failures >= FAILURES_TO_OPEN - 1e-9 && e.openedAt === null) e.openedAt = now();
    },
    isDown: (provider) => state.get(provider)?.openedAt != null,
    down: () => [...state.values()].filter((e) => e.info.skipped > 0 || e.openedAt !== null).map((e) => ({ ...e.info })),
  };
}
