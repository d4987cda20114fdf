import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { HttpClient } from '../../http/types.js';
import type { Fence, Sql } from '../../storage/index.js';
import { channelName, deliver } from '../channels/dispatch.js';
import { DeliveryRow } from '../lifecycle/rows.js';
import { redactSecrets } from '../../secrets/redact.js';
import type { AlertsConfig, ChannelConfig } from '../schema.js';
import type { AlertEvent, SendResult } from '../types.js';
import { recordChannelHealth } from './health.js';
import { alertLinks, type LinkConfig } from '../links.js';

function withLinks(event: AlertEvent, config: LinkConfig | undefined): AlertEvent {
  const links = config ? alertLinks(event, config) : {};
  return Object.keys(links).length > 0 ? { ...event, links } : event;
}

/** The thread an alert's first message started on a channel (Slack ts, email Message-ID). */
const ThreadRef = z.string().optional();

/** What flushing needs; the manager builds it once. */
export interface OutboxDeps {
  db: Sql;
  /** Claims and outcomes are written only under the current leader epoch (a refused one stops the flush). */
  fence: Fence;
  channels: readonly ChannelConfig[];
  alerts: AlertsConfig;
  http: HttpClient;
  stdout: NodeJS.WritableStream;
  now: () => number;
  /** Timeout of one send. */
  timeoutMs: number;
  /** How long a claimed delivery is reserved for the flush that claimed it. */
  leaseMs: number;
  /** Credentials to scrub from stored and logged errors. */
  secrets: readonly string[];
  logger?: Logger;
  /** `server.externalUrl` and `alerts.runbookUrl`: every sent event links to its finding page and runbook. */
  links?: LinkConfig;
  /** Called once per attempt, for `tripline_alerts_sent_total{notifier,result}`. */
  onDelivery?: (channel: string, result: 'ok' | 'error') => void;
}

/** Counts of one flush. */
export interface FlushReport {
  /** Deliveries sent and marked delivered. */
  delivered: number;
  /** Failed attempts that will be retried later. */
  retrying: number;
  /** Deliveries given up (permanent error, too many attempts, channel removed). */
  failed: number;
}

/** Exponential backoff: base, 2x base, 4x base ... capped. */
export function backoffMs(retry: AlertsConfig['retry'], attempts: number): number {
  return Math.min(retry.baseBackoffSeconds * 2 ** Math.max(0, attempts - 1), retry.maxBackoffSeconds) * 1000;
}

/**
 * Sends every due pending delivery. Per channel in event order; a later event of an alert waits
 * for the earlier one (threading). Each delivery is claimed with a lease before sending, so two
 * concurrent flushes (or two processes on one database) never send the same (event, channel) twice.
 */
export async function flushOutbox(deps: OutboxDeps): Promise<FlushReport> {
  const report: FlushReport = { delivered: 0, retrying: 0, failed: 0 };
  const rows = (
    await deps.db.query(
      `SELECT d.event_seq, d.channel, d.attempts, d.next_attempt_at, d.claimed_until, e.alert_id, e.event
       FROM alert_deliveries d JOIN alert_events e ON e.seq = d.event_seq
       WHERE d.status = 'pending' ORDER BY d.event_seq`,
    )
  ).map((r) => DeliveryRow.parse(r));
  const byChannel = new Map<string, DeliveryRow[]>();
  for (const r of rows) byChannel.set(r.channel, [...(byChannel.get(r.channel) ?? []), r]);
  await Promise.all([...byChannel].map(([name, list]) => flushChannel(deps, name, list, report)));
  return report;
}

async function flushChannel(deps: OutboxDeps, name: string, rows: DeliveryRow[], report: FlushReport): Promise<void> {
  const { db } = deps;
  const config = deps.channels.find((c) => channelName(c) === name);
  const blocked = new Set<number>();
  const token = randomUUID();
  for (const row of rows) {
    if (row.alert_id !== null && blocked.has(row.alert_id)) continue;
    const now = deps.now();
    // The lease carries the epoch: a later leader ends it at once instead of waiting it out.
    const claimed = await deps.fence.write((tx) =>
      tx.run(
        `UPDATE alert_deliveries SET claim_token = ?, claimed_until = ?, claim_epoch = ?
         WHERE event_seq = ? AND channel = ? AND status = 'pending' AND next_attempt_at <= ?
           AND (claimed_until IS NULL OR claimed_until <= ?)`,
        [token, now + deps.leaseMs, deps.fence.epoch(), row.event_seq, name, now, now],
      ),
    );
    // Fenced out: a newer leader sends from now on.
    if (!claimed.ok) return;
    if (claimed.value.changes !== 1) {
      if (row.alert_id !== null) blocked.add(row.alert_id);
      continue;
    }
    if (!config) {
      if (!(await finish(deps, row, token, { ok: false, retryable: false, error: 'channel no longer configured' }, report))) return;
      continue;
    }
    const threadRef =
      row.alert_id === null
        ? undefined
        : ThreadRef.parse((await db.get<{ ref: string }>('SELECT ref FROM alert_threads WHERE alert_id = ? AND channel = ?', [row.alert_id, name]))?.ref);
    const result = await deliver(withLinks(row.event, deps.links), config, {
      http: deps.http,
      stdout: deps.stdout,
      now: deps.now,
      timeoutMs: deps.timeoutMs,
      eventId: row.event.id,
      // Claimed before and never finished: the process sending it died mid-send.
      inDoubt: row.claimed_until !== null,
      ...(threadRef !== undefined ? { threadRef } : {}),
    });
    if (!(await finish(deps, row, token, result, report))) return;
    if (!result.ok) {
      if (row.alert_id !== null) blocked.add(row.alert_id);
      // The channel is likely down: leave the rest for the next flush instead of timing out on each.
      if (result.retryable) return;
    }
  }
}

/**
 * Records the outcome of one send under the fence. False when the write was refused: a newer leader
 * owns the outbox now and treats this delivery as in doubt.
 */
async function finish(deps: OutboxDeps, row: DeliveryRow, token: string, result: SendResult, report: FlushReport): Promise<boolean> {
  const now = deps.now();
  deps.onDelivery?.(row.channel, result.ok ? 'ok' : 'error');
  if (result.ok) {
    const written = await deps.fence.write((db) => db.transaction(async (tx) => {
      await tx.run(
        `UPDATE alert_deliveries SET status = 'delivered', delivered_at = ?, ref = ?, attempts = attempts + 1,
           claim_token = NULL, claimed_until = NULL, last_error = NULL WHERE event_seq = ? AND channel = ? AND claim_token = ?`,
        [now, result.ref ?? null, row.event_seq, row.channel, token],
      );
      if (result.ref !== undefined && row.alert_id !== null && row.event.type === 'opened') {
        await tx.run(
          `INSERT INTO alert_threads (alert_id, channel, ref) VALUES (?, ?, ?)
           ON CONFLICT (alert_id, channel) DO UPDATE SET ref = excluded.ref`,
          [row.alert_id, row.channel, result.ref],
        );
      }
      await recordChannelHealth({ ...deps, db: tx }, row.channel, undefined);
    }));
    if (written.ok) report.delivered++;
    return written.ok;
  }
  const error = redactSecrets(result.error, deps.secrets);
  const attempts = row.attempts + 1;
  const giveUp = !result.retryable || attempts >= deps.alerts.retry.maxAttempts;
  const written = await deps.fence.write((db) => db.transaction(async (tx) => {
    await tx.run(
      `UPDATE alert_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?,
         claim_token = NULL, claimed_until = NULL WHERE event_seq = ? AND channel = ? AND claim_token = ?`,
      [giveUp ? 'failed' : 'pending', attempts, now + backoffMs(deps.alerts.retry, attempts), error, row.event_seq, row.channel, token],
    );
    await recordChannelHealth({ ...deps, db: tx }, row.channel, error);
  }));
  if (!written.ok) return false;
  if (giveUp) report.failed++;
  else report.retrying++;
  deps.logger?.warn(
    { channel: row.channel, event: row.event.id, type: row.event.type, attempts, retrying: !giveUp, error },
    'alert delivery failed',
  );
  return true;
}
