import { createHash } from 'node:crypto';
import { providerOf } from '../../match.js';
import { alertText, trimText } from '../../templates.js';
import type { AlertChannel, AlertEvent, SendResult } from '../../types.js';
import { httpSendResult } from '../http-result.js';
import { PagerDutyConfig } from './schema.js';

/** An Events API v2 event without its `routing_key` (added at send time only). */
export type PagerDutyEvent =
  | {
      event_action: 'trigger';
      dedup_key: string;
      /** Finding page and runbook. */
      links?: { href: string; text: string }[];
      client?: string;
      /** The finding page: PagerDuty's "View in tripline". */
      client_url?: string;
      payload: {
        summary: string;
        source: string;
        severity: 'critical' | 'warning' | 'info';
        component: string;
        group: string;
        class: string;
        custom_details: Record<string, string>;
      };
    }
  | { event_action: 'resolve'; dedup_key: string };

/** PagerDuty caps dedup keys at 255 characters; longer keys are hashed. */
export function pagerDutyDedupKey(event: AlertEvent): string {
  const key =
    event.type === 'test'
      ? `tripline-test|${event.id}`
      : event.type === 'notifier_broken'
        ? `tripline-notifier|${event.channel ?? ''}`
        : `tripline|${event.alertKey}`;
  return key.length <= 255 ? key : `tripline|sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** PagerDuty Events API v2: trigger (opened, updated, reminder) and resolve, one dedup key per alert. */
export const pagerdutyChannel = {
  id: 'pagerduty',
  schema: PagerDutyConfig,
  secretFields: { routingKey: 'value' },
  render(event: AlertEvent): PagerDutyEvent {
    const dedup = pagerDutyDedupKey(event);
    if (event.type === 'resolved') return { event_action: 'resolve', dedup_key: dedup };
    const f = event.finding;
    const t = alertText(event);
    return {
      event_action: 'trigger',
      dedup_key: dedup,
      ...pagerDutyLinks(event),
      payload: {
        summary: trimText(t.headline === t.whatChanged ? t.headline : `${t.headline}: ${t.whatChanged}`, 1024),
        source: f.target,
        severity: event.type === 'test' ? 'info' : f.severity,
        component: f.canary ?? f.target,
        group: providerOf(f.target),
        class: f.kind,
        custom_details: {
          what_changed: t.whatChanged,
          // `since` (the alert opened) or `sent` (a test message): an ISO time a PagerDuty rule can read as is.
          [t.when.label.toLowerCase()]: t.when.at,
          evidence: trimText(t.evidence, 8000),
          impact: t.impact,
          action: t.action,
          silence: t.silenceCommand,
        },
      },
    };
  },
  async send(payload: PagerDutyEvent, config: PagerDutyConfig, deps): Promise<SendResult> {
    const result = await deps.http.send(
      { method: 'POST', url: config.apiUrl, headers: {}, body: { routing_key: config.routingKey, ...payload } },
      { timeoutMs: deps.timeoutMs, maxRetries: 0 },
    );
    return httpSendResult('pagerduty', result);
  },
} satisfies AlertChannel<PagerDutyConfig, PagerDutyEvent>;

/** Events API v2 `links` (finding page, runbook) and `client_url` (the finding page). */
function pagerDutyLinks(event: AlertEvent): { links?: { href: string; text: string }[]; client?: string; client_url?: string } {
  const { finding, runbook } = event.links ?? {};
  const links = [...(finding ? [{ href: finding, text: 'tripline finding' }] : []), ...(runbook ? [{ href: runbook, text: 'Runbook' }] : [])];
  if (links.length === 0) return {};
  return { links, ...(finding ? { client: 'tripline', client_url: finding } : {}) };
}
