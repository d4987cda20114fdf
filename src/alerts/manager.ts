import type { Logger } from 'pino';
import { isDrift } from '../domain/finding.js';
import type { HttpClient } from '../http/types.js';
import { singleWriterFence, type Fence, type Sql } from '../storage/index.js';
import { createAlertStore } from './lifecycle/alert-store.js';
import { resolveAlert, runCycle, type CycleContext, type CycleInput } from './lifecycle/cycle.js';
import { createSuppressor } from './lifecycle/suppression.js';
import { flushOutbox, type FlushReport, type OutboxDeps } from './outbox/flush.js';
import { readOutboxStatus, type OutboxStatus } from './outbox/status.js';
import { alertsConfigOf, type AlertsConfig } from './schema.js';
import { channelSecrets } from './secrets.js';
import type { AlertEvent } from './types.js';

export type { CycleInput } from './lifecycle/cycle.js';
export type { FlushReport } from './outbox/flush.js';
export type { OutboxStatus } from './outbox/status.js';

/** What the alert manager is built from. */
export interface AlertManagerOptions {
  /** The state database (openStateStore(...).db); migrations applied. */
  db: Sql;
  /**
   * Guards the alert transitions and the outbox writes with the leader epoch (replicas on one
   * PostgreSQL); a single writer's constant epoch by default.
   */
  fence?: Fence;
  /** The loaded config: `targets` (for provider-wide grouping) and the `alerts` block. */
  config: { targets: readonly string[]; alerts?: AlertsConfig | undefined; server?: { externalUrl?: string | undefined } };
  /** The shared HTTP client (webhook, PagerDuty). */
  http: HttpClient;
  /** Clock in epoch milliseconds. */
  now?: () => number;
  /** Root or child logger; delivery failures are logged here (redacted). */
  logger?: Logger;
  /** Credentials to scrub from errors besides the channels' own (LoadedConfig.secrets). */
  secrets?: readonly string[];
  /** Where the console channel writes; stdout by default. */
  stdout?: NodeJS.WritableStream;
  /** Timeout of one send attempt in ms (default 10 s). */
  sendTimeoutMs?: number;
  /** Per-attempt metric hook: tripline_alerts_sent_total{notifier,result}. */
  onDelivery?: (channel: string, result: 'ok' | 'error') => void;
}

/** The alert lifecycle and its durable outbox. */
export interface AlertManager {
  /**
   * Applies one cycle's findings to the alert state and queues the resulting events in the outbox,
   * in one transaction. Returns the events raised (silenced ones included, with `silencedBy`).
   */
  processCycle(input: CycleInput): Promise<AlertEvent[]>;
  /** A baseline was accepted: open drift alerts of the target (and canary) resolve. */
  resolveByBaseline(target: string, canary?: string): Promise<AlertEvent[]>;
  /** Sends due deliveries; safe to call concurrently and after restarts. */
  flushOutbox(): Promise<FlushReport>;
  /** Pending/failed/delivered per channel, oldest pending age, open alerts. */
  outboxStatus(): Promise<OutboxStatus>;
}

/** Builds the manager; all state lives in `db`, so a new manager on the same file resumes. */
export function createAlertManager(opts: AlertManagerOptions): AlertManager {
  const now = opts.now ?? Date.now;
  const fence = opts.fence ?? singleWriterFence(opts.db);
  const alerts = alertsConfigOf(opts.config);
  const context = async (tx: Sql): Promise<CycleContext> => ({
    store: createAlertStore(tx),
    alerts,
    channels: alerts.channels,
    suppressor: await createSuppressor(tx, alerts, now()),
    nowMs: now(),
  });
  const outbox: OutboxDeps = {
    db: opts.db,
    fence,
    channels: alerts.channels,
    alerts,
    http: opts.http,
    stdout: opts.stdout ?? process.stdout,
    now,
    timeoutMs: opts.sendTimeoutMs ?? 10_000,
    links: { externalUrl: opts.config.server?.externalUrl, runbookUrl: alerts.runbookUrl },
    leaseMs: Math.max(60_000, (opts.sendTimeoutMs ?? 10_000) * 6),
    secrets: [...(opts.secrets ?? []), ...channelSecrets(alerts.channels)],
    ...(opts.logger ? { logger: opts.logger.child({ component: 'alerts' }) } : {}),
    ...(opts.onDelivery ? { onDelivery: opts.onDelivery } : {}),
  };
  return {
    // A transition refused by the fence raises nothing: the newer leader judges the next cycle.
    async processCycle(input) {
      const out = await fence.write((db) => db.transaction(async (tx) => runCycle(await context(tx), input, opts.config.targets)));
      return out.ok ? out.value : [];
    },
    async resolveByBaseline(target, canary) {
      const out = await fence.write((db) => db.transaction(async (tx) => {
        const ctx = await context(tx);
        const events: AlertEvent[] = [];
        for (const row of await ctx.store.active()) {
          if (row.target !== target || (canary !== undefined && row.canary !== canary) || !isDrift(row.kind)) continue;
          if (row.state === 'candidate') await ctx.store.remove(row.id);
          else events.push(...(await resolveAlert(ctx, row, 'baseline_accepted')));
        }
        return events;
      }));
      return out.ok ? out.value : [];
    },
    flushOutbox: () => flushOutbox(outbox),
    outboxStatus: () => readOutboxStatus(opts.db, now()),
  };
}
