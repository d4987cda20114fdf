import { z } from 'zod';
import { cronError } from '../domain/cron.js';
import { Match } from './channels/base-schema.js';
import { channels } from './channels/registry.js';

export { Match } from './channels/base-schema.js';

type ChannelSchema = (typeof channels)[keyof typeof channels]['schema'];

/** One entry of `alerts.channels`; the `type` picks the channel folder. Built from the channel registry. */
export const ChannelConfig = z.discriminatedUnion(
  'type',
  Object.values(channels).map((c) => c.schema) as [ChannelSchema, ...ChannelSchema[]],
);
export type ChannelConfig = z.infer<typeof ChannelConfig>;

/** `30m`, `2h`, `1d`, `90s`. */
export const Duration = z.string().regex(/^\d+(s|m|h|d)$/, 'a duration like 30m, 2h or 1d');

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A silence written in tripline.yaml: matching alerts are recorded, not sent, until `until`. */
export const Silence = z.strictObject({
  match: Match,
  until: z.iso.datetime({ offset: true }).describe('End of the silence, ISO 8601 date-time with offset.'),
  reason: z.string().optional().describe('Why the alerts are silenced; shown with them.'),
});
export type Silence = z.infer<typeof Silence>;

/**
 * A maintenance window: either recurring (`cron` start + `duration`, in `timezone`, default UTC) or
 * one-off (`start`/`end`). Checks keep running; notifications of matching alerts are held back.
 */
export const MaintenanceWindow = z
  .strictObject({
    name: z.string().optional().describe('Label of the window.'),
    cron: z.string().optional().describe('Recurring window: cron of its start (5 fields, or 6 with leading seconds); needs duration.'),
    duration: Duration.optional().describe('Recurring window: its length, e.g. 30m, 2h, 1d.'),
    timezone: z.string().optional().describe('IANA time zone of cron; UTC when absent.'),
    start: z.iso.datetime({ offset: true }).optional().describe('One-off window: start, ISO 8601 date-time with offset; needs end.'),
    end: z.iso.datetime({ offset: true }).optional().describe('One-off window: end, ISO 8601 date-time with offset.'),
    match: Match.optional(),
  })
  .refine((w) => (w.cron !== undefined && w.duration !== undefined) || (w.start !== undefined && w.end !== undefined), {
    message: 'a maintenance window needs cron + duration, or start + end',
  })
  .superRefine((w, ctx) => {
    const cronProblem = w.cron === undefined ? null : cronError(w.cron);
    if (cronProblem) ctx.addIssue({ code: 'custom', path: ['cron'], message: cronProblem });
    if (w.timezone !== undefined && !validTimeZone(w.timezone)) {
      ctx.addIssue({ code: 'custom', path: ['timezone'], message: `unknown IANA time zone "${w.timezone}"` });
    }
  });
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

/** The `alerts:` block of tripline.yaml, with every default. */
export const AlertsConfig = z.strictObject({
  channels: z.array(ChannelConfig).default([{ type: 'console', minSeverity: 'info' }]).describe('Where alerts go: console, slack, email, webhook, pagerduty; default a console channel.'),
  silences: z.array(Silence).default([]).describe('Silences: matching alerts are recorded, not sent, until `until`.'),
  maintenance: z.array(MaintenanceWindow).default([]).describe('Maintenance windows, recurring (cron + duration) or one-off (start + end): checks run, notifications are held back.'),
  /** Cycles a condition must be absent (while its target/canary is evaluated) before its alert resolves. */
  resolveAfterCycles: z.number().int().min(1).default(2).describe('Evaluated cycles a condition must be absent before its alert resolves.'),
  /** Minutes between reminders of an open alert; 0 disables. */
  remindEveryMinutes: z.number().int().min(0).default(24 * 60).describe('Minutes between reminders of an open alert; 0 disables.'),
  /** Flap suppression: an alert opens once its condition was present in `openAfter` of the last `window` evaluated cycles. */
  flap: z
    .strictObject({
      openAfter: z.number().int().min(1).default(1).describe('Cycles with the condition present, of the last `window`, before the alert opens.'),
      window: z.number().int().min(1).max(64).default(1).describe('Evaluated cycles looked at, 1..64.'),
    })
    .refine((f) => f.openAfter <= f.window, { message: 'openAfter must not exceed window' })
    .default({ openAfter: 1, window: 1 })
    .describe('Flap suppression: an alert opens once its condition was present in openAfter of the last window cycles.'),
  /** Outbox retries per delivery: exponential backoff from base to max, then given up after maxAttempts. */
  retry: z
    .strictObject({
      baseBackoffSeconds: z.number().positive().default(30).describe('First retry delay, in seconds; doubles per attempt.'),
      maxBackoffSeconds: z.number().positive().default(900).describe('Longest retry delay, in seconds.'),
      maxAttempts: z.number().int().min(1).default(200).describe('Attempts before a delivery is given up.'),
    })
    .default({ baseBackoffSeconds: 30, maxBackoffSeconds: 900, maxAttempts: 200 })
    .describe('Outbox retries of a failed delivery: exponential backoff, then given up.'),
  /**
   * Runbook link per finding-kind glob (`shape.*`, `*`): a URL template with `{kind}`, `{target}`,
   * `{canary}`, `{subject}`. The first matching glob, in file order, is used.
   */
  runbookUrl: z
    .record(z.string().min(1), z.url({ protocol: /^https?$/ }))
    .optional()
    .describe('Finding-kind glob -> runbook URL template ({kind}, {target}, {canary}, {subject}); the first matching glob adds a link to the alert.'),
  /** After this many consecutive failures of one channel, a "notifier broken" warning goes to the others; 0 disables. */
  fallbackAfterFailures: z.number().int().min(0).default(5).describe('Consecutive failures of one channel before a "notifier broken" warning goes to the others; 0 disables.'),
});
export type AlertsConfig = z.infer<typeof AlertsConfig>;

/** The alerts block with defaults applied, also when tripline.yaml has none. */
export function alertsConfigOf(config: { alerts?: AlertsConfig | undefined }): AlertsConfig {
  return config.alerts ?? AlertsConfig.parse({});
}
