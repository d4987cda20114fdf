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
  until: z.iso.datetime({ offset: true }),
  reason: z.string().optional(),
});
export type Silence = z.infer<typeof Silence>;

/**
 * A maintenance window: either recurring (`cron` start + `duration`, in `timezone`, default UTC) or
 * one-off (`start`/`end`). Checks keep running; notifications of matching alerts are held back.
 */
export const MaintenanceWindow = z
  .strictObject({
    name: z.string().optional(),
    cron: z.string().optional(),
    duration: Duration.optional(),
    timezone: z.string().optional(),
    start: z.iso.datetime({ offset: true }).optional(),
    end: z.iso.datetime({ offset: true }).optional(),
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
  channels: z.array(ChannelConfig).default([{ type: 'console', minSeverity: 'info' }]),
  silences: z.array(Silence).default([]),
  maintenance: z.array(MaintenanceWindow).default([]),
  /** Cycles a condition must be absent (while its target/canary is evaluated) before its alert resolves. */
  resolveAfterCycles: z.number().int().min(1).default(2),
  /** Minutes between reminders of an open alert; 0 disables. */
  remindEveryMinutes: z.number().int().min(0).default(24 * 60),
  /** Flap suppression: an alert opens once its condition was present in `openAfter` of the last `window` evaluated cycles. */
  flap: z
    .strictObject({ openAfter: z.number().int().min(1).default(1), window: z.number().int().min(1).max(64).default(1) })
    .refine((f) => f.openAfter <= f.window, { message: 'openAfter must not exceed window' })
    .default({ openAfter: 1, window: 1 }),
  /** Outbox retries per delivery: exponential backoff from base to max, then given up after maxAttempts. */
  retry: z
    .strictObject({
      baseBackoffSeconds: z.number().positive().default(30),
      maxBackoffSeconds: z.number().positive().default(900),
      maxAttempts: z.number().int().min(1).default(200),
    })
    .default({ baseBackoffSeconds: 30, maxBackoffSeconds: 900, maxAttempts: 200 }),
  /**
   * Runbook link per finding-kind glob (`shape.*`, `*`): a URL template with `{kind}`, `{target}`,
   * `{canary}`, `{subject}`. The first matching glob, in file order, is used.
   */
  runbookUrl: z.record(z.string().min(1), z.url({ protocol: /^https?$/ })).optional(),
  /** After this many consecutive failures of one channel, a "notifier broken" warning goes to the others; 0 disables. */
  fallbackAfterFailures: z.number().int().min(0).default(5),
});
export type AlertsConfig = z.infer<typeof AlertsConfig>;

/** The alerts block with defaults applied, also when tripline.yaml has none. */
export function alertsConfigOf(config: { alerts?: AlertsConfig | undefined }): AlertsConfig {
  return config.alerts ?? AlertsConfig.parse({});
}
