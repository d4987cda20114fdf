import type { Evaluated } from '../../alerts/lifecycle/group.js';
import type { Finding } from '../../domain/finding.js';

/** A (target, canary) pair the runtime evaluated in a cycle; lets the alert lifecycle resolve absent findings. */
export type EvaluatedPair = Evaluated;

/** What the run pipeline needs from the alert lifecycle (src/alerts), so that it can be faked in tests. */
export interface AlertSink {
  /** Feeds one cycle's findings; the lifecycle opens, dedups, resolves and queues deliveries. */
  process(findings: readonly Finding[], evaluated: readonly EvaluatedPair[]): Promise<void>;
  /**
   * Applies batched findings whose window has passed (all of them with `all`), then delivers what
   * is queued in the outbox; never throws.
   */
  flush(opts?: { all?: boolean }): Promise<void>;
  /** Open alerts, for `/api/alerts` and `tripline_alerts_open` (labelled by kind, severity, target). */
  openAlerts(): readonly { kind: string; severity: string; target: string }[];
  /** Undelivered outbox entries by channel. */
  outboxPending(): Record<string, number>;
}

/** The last run of one pair, for `/api/targets`. */
export interface PairStatus {
  target: string;
  canary: string;
  schedule: string;
  /** Result of the last run, null before the first. */
  lastResult: string | null;
  /** ISO start of the last run. */
  lastRunAt: string | null;
  lastDurationMs: number | null;
  /** Findings of the last run. */
  lastFindings: number;
  /** Probe metrics of the last measured run. */
  metrics: Record<string, number>;
}
