import { randomUUID } from 'node:crypto';
import { channelName, deliver } from '../alerts/channels/dispatch.js';
import { readOutboxStatus } from '../alerts/outbox/status.js';
import { alertsConfigOf, type AlertsConfig } from '../alerts/schema.js';
import { channelSecrets } from '../alerts/secrets.js';
import type { AlertEvent } from '../alerts/types.js';
import { createHttpClient } from '../http/client.js';
import type { HttpClient } from '../http/types.js';
import type { Sql } from '../storage/index.js';
import { redactSecrets } from '../secrets/redact.js';

/** A loaded config, as returned by loadConfig (only what these commands read). */
export interface LoadedAlertsConfig {
  config: { alerts?: AlertsConfig | undefined };
  /** Credentials to keep out of every line printed. */
  secrets: readonly string[];
}

export interface AlertsTestOptions {
  loaded: LoadedAlertsConfig;
  /** Only the channel with this name (`name:`, else its type). */
  channelName?: string;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  http?: HttpClient;
  now?: () => number;
}

/** The test event: clearly marked, sent directly (not through the outbox) so the result is immediate. */
export function testEvent(channel: string, nowMs: number): AlertEvent {
  const at = new Date(nowMs).toISOString();
  return {
    id: randomUUID(),
    alertKey: `tripline|test|${channel}`,
    type: 'test',
    channel,
    openedAt: at,
    at,
    finding: {
      kind: 'baseline.recorded',
      severity: 'info',
      target: 'tripline',
      summary: '[TEST] tripline alert test — no action needed',
      evidence: {},
      action: 'No action needed.',
      detectedAt: at,
    },
  };
}

/** `tripline alerts test [--channel NAME]`: 0 when every selected channel accepted the test, else 2. */
export async function runAlertsTest(opts: AlertsTestOptions): Promise<number> {
  const alerts = alertsConfigOf(opts.loaded.config);
  const secrets = [...opts.loaded.secrets, ...channelSecrets(alerts.channels)];
  const selected = alerts.channels.filter((c) => opts.channelName === undefined || channelName(c) === opts.channelName);
  if (selected.length === 0) {
    const known = alerts.channels.map(channelName).join(', ') || '(none)';
    opts.err.write(`tripline: USAGE: no alert channel named ${opts.channelName ?? ''}; configured: ${known}\n`);
    return 2;
  }
  const now = opts.now ?? Date.now;
  const http = opts.http ?? createHttpClient();
  let failed = 0;
  for (const config of selected) {
    const name = channelName(config);
    const result = await deliver(testEvent(name, now()), config, { http, stdout: opts.out, now, timeoutMs: 10_000 });
    if (result.ok) opts.out.write(`${name}: test alert sent\n`);
    else {
      failed++;
      opts.err.write(redactSecrets(`${name}: test alert failed: ${result.error}\n`, secrets));
    }
  }
  return failed === 0 ? 0 : 2;
}

export interface AlertsStatusOptions {
  /** The state database. */
  db: Sql;
  out: NodeJS.WritableStream;
  /** Print the status as one JSON document (channels, open alerts) instead of the table. */
  json?: boolean;
  now?: () => number;
}

const pad = (s: string, n: number): string => s.padEnd(n);

function age(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
}

/** `tripline alerts status`: the outbox per channel (pending, failed, oldest, last error) and the open alerts. Exit 0. */
export async function runAlertsStatus(opts: AlertsStatusOptions): Promise<number> {
  const status = await readOutboxStatus(opts.db, (opts.now ?? Date.now)());
  if (opts.json) {
    opts.out.write(`${JSON.stringify(status, null, 2)}\n`);
    return 0;
  }
  const out: string[] = [];
  out.push(`${pad('CHANNEL', 14)}${pad('PENDING', 9)}${pad('FAILED', 8)}${pad('DELIVERED', 11)}${pad('OLDEST', 8)}LAST ERROR`);
  for (const c of status.channels) {
    out.push(
      `${pad(c.channel, 14)}${pad(String(c.pending), 9)}${pad(String(c.failed), 8)}${pad(String(c.delivered), 11)}${pad(age(c.oldestPendingSeconds), 8)}${c.lastError ?? ''}`,
    );
  }
  if (status.channels.length === 0) out.push('(no deliveries yet)');
  out.push('', `open alerts: ${status.open.length}`);
  for (const a of status.open) {
    const silenced = a.announced ? '' : ' [silenced]';
    out.push(`  ${a.severity.toUpperCase()} ${a.kind} on ${a.target}${a.canary ? ` (${a.canary})` : ''} since ${a.openedAt}${silenced}`);
  }
  opts.out.write(`${out.join('\n')}\n`);
  return 0;
}
