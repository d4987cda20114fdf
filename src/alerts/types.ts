import { z } from 'zod';
import { Finding } from '../domain/finding.js';
import type { HttpClient } from '../http/types.js';

/** What happened to an alert; each event is delivered at most once per channel. */
export const AlertEventType = z.enum(['opened', 'updated', 'reminder', 'resolved', 'test', 'notifier_broken']);
export type AlertEventType = z.infer<typeof AlertEventType>;

/** Where an alert points people: its finding page on the dashboard and the runbook of its kind. */
export const AlertLinks = z.object({
  /** `<server.externalUrl>/finding?key=…`; absent without `server.externalUrl`. */
  finding: z.string().optional(),
  /** The first `alerts.runbookUrl` template whose kind glob matches, filled in. */
  runbook: z.string().optional(),
});
export type AlertLinks = z.infer<typeof AlertLinks>;

/**
 * One thing to tell people about an alert, as stored in the outbox before it is sent. The type is
 * inferred from this schema, so the stored JSON that is read back and the type cannot drift apart.
 */
export const StoredAlertEvent = z.object({
  /** Unique id of this event; (id, channel) is the unit of delivery. */
  id: z.string(),
  /** The alert's dedup key: findingKey(target, canary, kind, subject). */
  alertKey: z.string(),
  /** What happened. */
  type: AlertEventType,
  /** The finding as last seen; for `resolved` the last one before the condition cleared. */
  finding: Finding,
  /** ISO time the alert opened (the "since" of every message). */
  openedAt: z.string(),
  /** ISO time this event was raised. */
  at: z.string(),
  /** Why a `resolved` alert resolved. */
  resolution: z.enum(['cleared', 'baseline_accepted']).optional(),
  /** For a provider-wide alert: the targets it groups. */
  groupedTargets: z.array(z.string()).optional(),
  /** Silence or maintenance window that held the event back: recorded, not sent. */
  silencedBy: z.string().optional(),
  /** For `test` and `notifier_broken`: the channel concerned. */
  channel: z.string().optional(),
});

/**
 * An event as channels render it: the stored event plus its finding page and runbook, added when
 * the event is sent (not stored: a changed `externalUrl` applies to queued events).
 */
export const AlertEvent = StoredAlertEvent.extend({ links: AlertLinks.optional() });
export type AlertEvent = z.infer<typeof AlertEvent>;

/** The outcome of one send, as a value: channels do not throw and do not log. */
export type SendResult =
  | {
      ok: true;
      /** Channel reference of what was posted (Slack `ts`, email Message-ID), kept for threading. */
      ref?: string;
    }
  | {
      ok: false;
      /** True for transport failures, 429 and 5xx: the outbox tries again later. */
      retryable: boolean;
      /** What went wrong, without any credential. */
      error: string;
    };

/** What a channel's send is given besides its payload and config. */
export interface ChannelDeps {
  /** The shared HTTP client (webhook, PagerDuty). */
  http: HttpClient;
  /** Ref returned when this alert's opening was sent on this channel, for threading replies. */
  threadRef?: string;
  /** Where the console channel writes. */
  stdout: NodeJS.WritableStream;
  /** Clock in epoch milliseconds (webhook timestamps). */
  now: () => number;
  /** Timeout of one send attempt; the outbox retries, so channels do not. */
  timeoutMs: number;
  /** The event id: the dedup key every channel passes on (Slack metadata, email Message-ID). */
  eventId?: string;
  /**
   * A previous attempt may have been sent before its process died (its claim was never finished):
   * a channel that can look up what it sent (Slack) checks before sending again.
   */
  inDoubt?: boolean;
}

/** How a config field holds a credential: the whole value, or the password in a URL's userinfo. */
export type SecretForm = 'value' | 'url-password';

/** An alert channel: one folder under src/alerts/channels/, one object satisfying this. */
export interface AlertChannel<C extends { type: string }, P> {
  /** Equals the folder name and the `type:` of a channel in tripline.yaml. */
  readonly id: C['type'];
  /** The zod schema of this channel's entry in `alerts.channels`; the `ChannelConfig` union is built from these. */
  readonly schema: z.ZodType<C>;
  /**
   * The config fields that hold credentials (`{}` when none). Redaction in logs, alerts and errors,
   * and of the environment values interpolated into these fields, reads only this.
   */
  readonly secretFields: { readonly [K in keyof C]?: SecretForm };
  /** Pure: the message for one event, without any credential in it. */
  render(event: AlertEvent, config: C): P;
  /** Sends a rendered payload once; failures are values. */
  send(payload: P, config: C, deps: ChannelDeps): Promise<SendResult>;
}
