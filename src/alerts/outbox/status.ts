import { z } from 'zod';
import type { Sql } from '../../storage/index.js';

/** Delivery state of one channel. */
export interface ChannelOutboxStatus {
  channel: string;
  /** Waiting to be sent (due or backing off). */
  pending: number;
  /** Given up. */
  failed: number;
  delivered: number;
  /** Age of the oldest pending delivery, seconds; null when none. */
  oldestPendingSeconds: number | null;
  /** The most recent error (redacted), if the last attempt failed. */
  lastError?: string;
  consecutiveFailures: number;
}

/** For `tripline alerts status` and /metrics. */
export interface OutboxStatus {
  channels: ChannelOutboxStatus[];
  /** Open alerts, newest first. */
  open: { key: string; kind: string; target: string; canary?: string; severity: string; summary: string; openedAt: string; announced: boolean }[];
}

const Count = z.object({
  channel: z.string(),
  status: z.string(),
  n: z.number(),
  oldest: z.number().nullable(),
});
const LastError = z.object({ channel: z.string(), last_error: z.string().nullable() });
const Health = z.object({ channel: z.string(), consecutive_failures: z.number() });
/** The two fields of an alert's stored finding the status shows; built once (zod compiles a schema on its first parse). */
const OpenFinding = z.object({ severity: z.string(), summary: z.string().catch('') });
const Open = z.object({
  key: z.string(),
  kind: z.string(),
  target: z.string(),
  canary: z.string().nullable(),
  finding: z.string().transform((t) => OpenFinding.parse(JSON.parse(t))),
  opened_at: z.string(),
  announced: z.number(),
});

/** Counts per channel and status, oldest pending age, last errors, open alerts. */
export async function readOutboxStatus(db: Sql, nowMs: number): Promise<OutboxStatus> {
  const counts = (
    await db.query('SELECT channel, status, COUNT(*) AS n, MIN(created_at) AS oldest FROM alert_deliveries GROUP BY channel, status')
  ).map((r) => Count.parse(r));
  const byName = new Map<string, ChannelOutboxStatus>();
  const entry = (channel: string): ChannelOutboxStatus => {
    const found = byName.get(channel);
    if (found) return found;
    const fresh: ChannelOutboxStatus = { channel, pending: 0, failed: 0, delivered: 0, oldestPendingSeconds: null, consecutiveFailures: 0 };
    byName.set(channel, fresh);
    return fresh;
  };
  for (const c of counts) {
    const e = entry(c.channel);
    if (c.status === 'pending') {
      e.pending = c.n;
      e.oldestPendingSeconds = c.oldest === null ? null : Math.max(0, Math.round((nowMs - c.oldest) / 1000));
    } else if (c.status === 'failed') e.failed = c.n;
    else if (c.status === 'delivered') e.delivered = c.n;
  }
  const errors = (
    await db.query(
      `SELECT channel, last_error FROM alert_deliveries WHERE last_error IS NOT NULL AND status != 'delivered'
       ORDER BY event_seq DESC`,
    )
  ).map((r) => LastError.parse(r));
  for (const e of errors) {
    const s = entry(e.channel);
    if (s.lastError === undefined && e.last_error !== null) s.lastError = e.last_error;
  }
  for (const h of (await db.query('SELECT channel, consecutive_failures FROM alert_channel_health')).map((r) => Health.parse(r))) {
    entry(h.channel).consecutiveFailures = h.consecutive_failures;
  }
  const open = (await db.query("SELECT key, kind, target, canary, finding, opened_at, announced FROM alerts WHERE state = 'open' ORDER BY id DESC"))
    .map((r) => Open.parse(r))
    .map((r) => ({
      key: r.key,
      kind: r.kind,
      target: r.target,
      ...(r.canary !== null ? { canary: r.canary } : {}),
      severity: r.finding.severity,
      summary: r.finding.summary,
      openedAt: r.opened_at,
      announced: r.announced === 1,
    }));
  return { channels: [...byName.values()].sort((a, b) => a.channel.localeCompare(b.channel)), open };
}
