import type { Logger } from 'pino';
import { createAlertManager, type AlertManager, type OutboxStatus } from '../../alerts/manager.js';
import type { LoadedConfig } from '../../config/load.js';
import type { HttpClient } from '../../http/types.js';
import type { Finding } from '../../domain/finding.js';
import type { AlertSink, EvaluatedPair } from '../pipeline/types.js';
import type { StateStore } from '../state/store.js';

/** What the alert wiring is built from. */
export interface AlertWiringDeps {
  loaded: LoadedConfig;
  store: StateStore;
  http: HttpClient;
  logger: Logger;
  /** Where the console channel writes. */
  stdout: NodeJS.WritableStream;
  /** Counts delivery attempts for `tripline_alerts_sent_total`. */
  onSend: (channel: string, result: 'ok' | 'error') => void;
  /**
   * Runs finishing within this window reach the lifecycle as one cycle, so that a provider-wide
   * outage is grouped into one alert; default 2 s.
   */
  batchWindowMs?: number;
  now?: () => number;
}

/** The alert lifecycle as the daemon drives it. */
export interface AlertWiring extends AlertSink {
  /** Applies a reloaded config (channels, routing, silences); state stays in the database. */
  reconfigure(loaded: LoadedConfig): void;
  /** Re-reads open alerts and outbox counts (what `openAlerts` and `outboxPending` answer from). */
  refresh(): Promise<void>;
}

/** The alert manager (src/alerts) behind the pipeline's AlertSink, with single-flight outbox flushes. */
export function createAlertWiring(deps: AlertWiringDeps): AlertWiring {
  const build = (loaded: LoadedConfig): AlertManager =>
    createAlertManager({
      db: deps.store.db,
      fence: deps.store.fence,
      config: loaded.config,
      http: deps.http,
      logger: deps.logger,
      secrets: loaded.secrets,
      stdout: deps.stdout,
      onDelivery: deps.onSend,
    });
  let manager = build(deps.loaded);
  let flushing: Promise<void> | null = null;
  let again = false;
  let againAll = false;
  const now = deps.now ?? Date.now;
  const windowMs = deps.batchWindowMs ?? 2_000;
  let batch: { findings: Finding[]; evaluated: EvaluatedPair[]; since: number } | null = null;

  /**
   * Hands the batch to the lifecycle (one transaction); the streaks in SQLite re-raise anything a
   * crash drops. Says whether a batch was applied (the alert state may have changed).
   */
  const applyBatch = async (all: boolean): Promise<boolean> => {
    if (!batch || (!all && now() - batch.since < windowMs)) return false;
    const { findings, evaluated } = batch;
    batch = null;
    try {
      await manager.processCycle({ findings, evaluated });
    } catch (err) {
      deps.logger.error({ err }, 'alert processing failed');
    }
    return true;
  };

  // The metrics and the dashboard read synchronously: they answer from the last status read.
  let status: OutboxStatus = { channels: [], open: [] };
  let refreshedAt = -Infinity;
  const refresh = async (): Promise<void> => {
    if (!deps.store.db.open) return;
    refreshedAt = now();
    try {
      status = await manager.outboxStatus();
    } catch (err) {
      deps.logger.error({ err }, 'reading the outbox status failed');
    }
  };

  // Every run ends with a flush; re-reading the status (every open alert) after each one made a
  // run's cost grow with the number of open alerts. It is re-read when a batch or a delivery may
  // have changed it, and at least every window for the age of the oldest pending delivery.
  const flushLoop = async (all: boolean): Promise<void> => {
    let applyAll = all;
    do {
      again = false;
      let changed = await applyBatch(applyAll);
      try {
        const report = await manager.flushOutbox();
        changed ||= report.delivered + report.retrying + report.failed > 0;
      } catch (err) {
        deps.logger.error({ err }, 'outbox flush failed');
      }
      if (changed || now() - refreshedAt >= windowMs) await refresh();
      applyAll = againAll;
      againAll = false;
    } while (again);
  };

  return {
    process(findings, evaluated) {
      batch ??= { findings: [], evaluated: [], since: now() };
      batch.findings.push(...findings);
      batch.evaluated.push(...evaluated.map((e) => ({ ...e })));
      return Promise.resolve();
    },
    flush(opts = {}) {
      // One flush at a time; a request during a flush runs one more pass (batch and outbox) after it.
      if (flushing) {
        again = true;
        againAll ||= opts.all === true;
        return flushing;
      }
      flushing = flushLoop(opts.all === true).finally(() => (flushing = null));
      return flushing;
    },
    openAlerts: () => status.open,
    outboxPending: () => Object.fromEntries(status.channels.map((c) => [c.channel, c.pending])),
    refresh,
    reconfigure(loaded) {
      manager = build(loaded);
    },
  };
}
