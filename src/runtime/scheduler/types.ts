import type { Logger } from 'pino';
import type { Fence, Sql } from '../../storage/index.js';

/**
 * One thing the scheduler fires on a cron schedule. `R` is what the job refers to, handed back to
 * `run` as it was given: the scheduler never reads it, and nobody has to decode the key.
 */
export interface ScheduledJob<R = unknown> {
  /** Unique and stable across restarts: the last-run rows are stored under it (and the jitter hashes it). */
  key: string;
  /** Concurrency group: the provider name for canary pairs. */
  group: string;
  /** node-cron expression, 5 fields or 6 with a leading seconds field. */
  schedule: string;
  /** What the job runs, e.g. one (target, canary) pair. */
  ref: R;
}

/** What a run is told when it starts. */
export interface RunContext {
  /** Aborts when shutdown gives up waiting for in-flight runs. */
  signal: AbortSignal;
  /** Epoch ms the run was due (slot plus jitter). */
  dueAt: number;
  /** Epoch ms of the slot the run was claimed for (run_slots). */
  slotAt: number;
  /** 'scheduled' by a cron slot, 'catch-up' for a slot missed while the daemon was down. */
  reason: 'scheduled' | 'catch-up';
  /**
   * Waits `ms` inside the run (a confirmation after a suspicion) with the group's concurrency slot
   * given back meanwhile, then takes a slot again; false when the scheduler stops during the wait.
   */
  pause(ms: number): Promise<boolean>;
}

export interface SchedulerOptions<R = unknown> {
  jobs: ScheduledJob<R>[];
  /** Runs one job; errors are logged by the scheduler, never rethrown. */
  run: (job: ScheduledJob<R>, ctx: RunContext) => Promise<void>;
  /** State database for last-run and next-due times. */
  db: Sql;
  /**
   * Guards the slot claims with the leader epoch (replicas on one PostgreSQL); the single writer's
   * constant epoch by default.
   */
  fence?: Fence;
  logger: Logger;
  /** IANA timezone of the cron expressions; the host's when absent. */
  timezone?: string;
  /** Jitter ceiling in ms for every schedule; default min(30 s, 10% of the schedule's interval). */
  maxJitterMs?: number;
  /** Concurrency cap of a group (provider `maxConcurrency`). */
  concurrency: (group: string) => number;
  /** Epoch ms until which a group is held back (rate-limit back-off, Retry-After); 0 when free. */
  holdUntil?: (group: string) => number;
  /** Called with the scheduling lag (dispatch minus due: how late the scheduler hands a run over) of every dispatched run. */
  onLag?: (seconds: number) => void;
  /** Called with the time a dispatched run waited for its group's concurrency slot (excluding deliberate holds). */
  onQueueWait?: (seconds: number) => void;
  /** Called when a job is skipped because its previous run has not finished. */
  onOverlap?: (job: ScheduledJob<R>) => void;
  /** Clock, epoch ms. */
  now?: () => number;
}

export interface SchedulerStats {
  /** Runs started since start. */
  started: number;
  /** Slots skipped because the previous run of the same job was still pending or running. */
  skippedOverlap: number;
  /** Catch-up runs queued at start for slots missed during downtime. */
  catchUps: number;
  /** Slots skipped because their claim already existed (another leader ran them). */
  skippedClaimed: number;
  /** Jobs pending or running now. */
  busy: number;
  /** Entries waiting in the due queue. */
  queued: number;
}

export interface Scheduler<R = unknown> {
  /** Arms the cron tasks and queues one catch-up run per job whose slot passed while down. */
  start(): Promise<void>;
  /** Replaces the job list (config reload); running jobs are not interrupted. */
  reload(jobs: ScheduledJob<R>[]): void;
  /** Stops scheduling: no new run starts; in-flight runs continue. */
  stop(): void;
  /** Stops, waits for in-flight runs up to `timeoutMs`, then aborts them; true when all finished in time. */
  drain(timeoutMs: number): Promise<boolean>;
  /** Epoch ms of the last scheduler tick (a cron slot, a dispatch or the heartbeat). */
  lastTickAt(): number;
  /** How old the last tick may be before readiness fails: 2x the smallest interval, capped at 60 s. */
  tickAgeLimitMs(): number;
  stats(): SchedulerStats;
}
