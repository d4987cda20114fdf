import { z } from 'zod';
import type { Finding } from '../../domain/finding.js';
import { channelName } from '../channels/dispatch.js';
import { createAlertStore } from '../lifecycle/alert-store.js';
import type { AlertEvent } from '../types.js';
import type { OutboxDeps } from './flush.js';

const Health = z.object({ consecutive_failures: z.number(), broken_reported: z.number() });

/**
 * Tracks consecutive failures per channel. The K-th failure in a row queues one "notifier broken"
 * warning to every other channel (the fallback); a success resets the count.
 */
export function recordChannelHealth(deps: Pick<OutboxDeps, 'db' | 'channels' | 'alerts' | 'now'>, channel: string, error: string | undefined): void {
  const { db } = deps;
  if (error === undefined) {
    db.prepare('UPDATE alert_channel_health SET consecutive_failures = 0, broken_reported = 0 WHERE channel = ?').run(channel);
    return;
  }
  db.prepare(
    `INSERT INTO alert_channel_health (channel, consecutive_failures) VALUES (?, 1)
     ON CONFLICT (channel) DO UPDATE SET consecutive_failures = consecutive_failures + 1`,
  ).run(channel);
  const h = Health.parse(db.prepare('SELECT * FROM alert_channel_health WHERE channel = ?').get(channel));
  const k = deps.alerts.fallbackAfterFailures;
  if (k === 0 || h.consecutive_failures < k || h.broken_reported === 1) return;
  const others = deps.channels.map(channelName).filter((n) => n !== channel);
  db.prepare('UPDATE alert_channel_health SET broken_reported = 1 WHERE channel = ?').run(channel);
  if (others.length === 0) return;
  const at = new Date(deps.now()).toISOString();
  const finding: Finding = {
    kind: 'availability.error',
    severity: 'warning',
    target: 'tripline',
    subject: channel,
    summary: `alert channel ${channel} failed ${h.consecutive_failures} times in a row; its alerts are queued`,
    evidence: { lastError: error },
    action: `Check the ${channel} channel's settings (URL, credentials) and the service behind it; queued alerts are delivered once it answers.`,
    detectedAt: at,
  };
  const store = createAlertStore(db);
  const alertKey = `tripline|notifier|${channel}`;
  const event: AlertEvent = {
    id: store.nextEventId(alertKey, 'notifier_broken'),
    alertKey,
    type: 'notifier_broken',
    finding,
    openedAt: at,
    at,
    channel,
  };
  store.recordEvent(event, null, others, deps.now());
}
