import { createHmac } from 'node:crypto';
import { alertText } from '../../templates.js';
import type { AlertChannel, AlertEvent, SendResult } from '../../types.js';
import { httpSendResult } from '../http-result.js';
import { WebhookConfig } from './schema.js';

/** The JSON body (see README.md in this folder). */
export interface WebhookBody {
  /** Body format version. */
  version: 1;
  /** Event id, the dedup key: a delivery re-sent after a retry or a crash carries the same id. */
  id: string;
  type: AlertEvent['type'];
  alertKey: string;
  headline: string;
  whatChanged: string;
  openedAt: string;
  at: string;
  impact: string;
  action: string;
  silenceCommand: string;
  resolution?: AlertEvent['resolution'];
  groupedTargets?: string[];
  finding: AlertEvent['finding'];
  /** The finding page (`server.externalUrl` set). */
  url?: string;
  /** The runbook of this kind (`alerts.runbookUrl`). */
  runbookUrl?: string;
}

/** HMAC-SHA256 over `<timestamp>.<body>`, as `sha256=<hex>`. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A generic signed JSON webhook. */
export const webhookChannel = {
  id: 'webhook',
  schema: WebhookConfig,
  secretFields: { secret: 'value' },
  render(event: AlertEvent): WebhookBody {
    const t = alertText(event);
    return {
      version: 1,
      id: event.id,
      type: event.type,
      alertKey: event.alertKey,
      headline: t.headline,
      whatChanged: t.whatChanged,
      openedAt: event.openedAt,
      at: event.at,
      impact: t.impact,
      action: t.action,
      silenceCommand: t.silenceCommand,
      ...(event.resolution ? { resolution: event.resolution } : {}),
      ...(event.groupedTargets ? { groupedTargets: event.groupedTargets } : {}),
      finding: event.finding,
      ...(event.links?.finding ? { url: event.links.finding } : {}),
      ...(event.links?.runbook ? { runbookUrl: event.links.runbook } : {}),
    };
  },
  async send(payload: WebhookBody, config: WebhookConfig, deps): Promise<SendResult> {
    const timestamp = Math.floor(deps.now() / 1000);
    // The shared client serialises the body with JSON.stringify too, so the signed bytes are the sent bytes.
    const body = JSON.stringify(payload);
    const result = await deps.http.send(
      {
        method: 'POST',
        url: config.url,
        headers: {
          'x-tripline-timestamp': String(timestamp),
          'x-tripline-signature': signWebhook(config.secret, timestamp, body),
          'x-tripline-event-id': payload.id,
        },
        body: payload,
      },
      { timeoutMs: deps.timeoutMs, maxRetries: 0 },
    );
    return httpSendResult('webhook', result);
  },
} satisfies AlertChannel<WebhookConfig, WebhookBody>;
