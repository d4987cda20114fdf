import type { Finding } from '../../domain/finding.js';
import type { HttpClient } from '../../http/types.js';
import type { StateStore } from '../state/store.js';
import type { Logger } from 'pino';
import type { SampleAnomaly } from '../../snapshots/index.js';

/** What one run of one canary on one target produced. */
export interface CanaryRunResult {
  target: string;
  canary: string;
  /** ISO start time. */
  startedAt: string;
  durationMs: number;
  /** 'ok' measured and compared; 'recorded' a first baseline was written; 'unavailable' every request failed; 'skipped' not run (budget, headroom). */
  result: 'ok' | 'recorded' | 'unavailable' | 'skipped';
  /** Why it was skipped, when it was. */
  skippedReason?: 'budget' | 'headroom';
  /** Confirmed findings of this run (after persistence), already stamped. */
  findings: Finding[];
  requests: number;
  failedRequests: number;
  inputTokens: number;
  outputTokens: number;
  /** Probe metrics, keyed `probe.metric` (p-values, distances, rates). */
  metrics: Record<string, number>;
  /** Lowest remaining rate-limit headroom fraction seen (0..1), null when the provider sends none. */
  headroom: number | null;
  /** Median latency of the successful requests in ms, when any succeeded. */
  latencyMs?: number;
  /** Seconds a provider asked us to wait (Retry-After), when it did. */
  retryAfterSeconds?: number;
  /**
   * Samples of a baseline cycle that failed the adapter schema, an assertion or the token
   * invariants (see anomalies.ts); `anomaliesRefused` when the baseline was therefore not written.
   */
  anomalies?: SampleAnomaly[];
  anomaliesRefused?: boolean;
  /** Confirmation runs merged into this result (evaluation.confirmAfter); absent when none ran. */
  confirmations?: number;
}

/** How one run is made. */
export interface RunOptions {
  signal?: AbortSignal | undefined;
  mode?: 'check' | 'baseline' | 'grow' | undefined;
  /** Record a `baseline`/`grow` cycle even when samples are anomalous (listed in the snapshot). */
  acceptAnomalies?: boolean | undefined;
  /** Shared by the runs of a cycle (or the daemon): a provider found down is not sent more requests. */
  circuit?: import('./provider-circuit.js').ProviderCircuit | undefined;
  /** The scheduled slot (epoch ms) this run was claimed for; recorded with the run. */
  slotAt?: number | undefined;
}

/** Dependencies the engine is built from; the daemon and the one-shot commands both build one. */
export interface EngineDeps {
  /** The loaded, frozen configuration (src/config/load.ts). */
  loaded: import('../../config/load.js').LoadedConfig;
  http: HttpClient;
  store: StateStore;
  logger: Logger;
  now?: () => Date;
}

export interface Engine {
  /** Pairs of (target, canary) that the configuration schedules. */
  pairs(): { target: string; canary: string; schedule: string }[];
  /** One cycle of one canary on one target: request, compare, persist, return findings. */
  runCanary(target: string, canary: string, opts?: RunOptions): Promise<CanaryRunResult>;
  /** Candidates of the pair's last run still short of their confirmCycles (see persistence.ts). */
  suspicions(target: string, canary: string): Promise<import('./persistence.js').Suspicion[]>;
}
