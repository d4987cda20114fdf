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
export async function recordChannelHealth(
  deps: Pick<OutboxDeps, 'db' | 'channels' | 'alerts' | 'now'>,
  channel: string,
  error: string | undefined,
): Promise<void> {
  const { db } = deps;
  if (error === undefined) {
    await db.run('UPDATE alert_channel_health SET consecutive_failures = 0, broken_reported = 0 WHERE channel = ?', [channel]);
    return;
  }
  await db.run(
    `INSERT INTO alert_channel_health (channel, consecutive_failures) VALUES (?, 1)
     ON CONFLICT (channel) DO UPDATE SET consecutive_failures = alert_channel_health.consecutive_failures + 1`,
    [channel],
  );
  const h = Health.parse(await db.get('SELECT * FROM alert_channel_health WHERE channel = ?', [channel]));
  const k = deps.alerts.fallbackAfterFailures;
  if (k === 0 || h.consecutive_failures < k || h.broken_reported === 1) return;
  const others = deps.channels.map(channelName).filter((n) => n !== channel);
  await db.run('UPDATE alert_channel_health SET broken_reported = 1 WHERE channel = ?', [channel]);
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
    id: await store.nextEventId(alertKey, 'notifier_broken'),
    alertKey,
    type: 'notifier_broken',
    finding,
    openedAt: at,
    at,
    channel,
  };
  await store.recordEvent(event, null, others, deps.now());
}
