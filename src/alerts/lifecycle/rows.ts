import { z } from 'zod';
import { Finding } from '../../domain/finding.js';
import { StoredAlertEvent } from '../types.js';

/** Stored JSON is read back through zod like any other boundary. */
const json = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx): z.infer<T> => {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: parsed.error.message });
    return z.NEVER;
  });

/** `candidate`: seen, held back by flap suppression; `open`: alerted; `resolved`: history. */
export const AlertState = z.enum(['candidate', 'open', 'resolved']);
export type AlertState = z.infer<typeof AlertState>;

export const AlertRow = z.object({
  id: z.number(),
  key: z.string(),
  state: AlertState,
  target: z.string(),
  canary: z.string().nullable(),
  kind: z.string(),
  finding: json(Finding),
  evidence_hash: z.string(),
  grouped_targets: json(z.array(z.string())).nullable(),
  window: z.string(),
  absent_cycles: z.number(),
  announced: z.number(),
  channels: json(z.array(z.string())),
  first_seen_at: z.string(),
  opened_at: z.string().nullable(),
  last_seen_at: z.string(),
  last_notified_at: z.number().nullable(),
});
export type AlertRow = z.infer<typeof AlertRow>;


/** A pending delivery joined with its event. */
export const DeliveryRow = z.object({
  event_seq: z.number(),
  channel: z.string(),
  attempts: z.number(),
  next_attempt_at: z.number(),
  claimed_until: z.number().nullable(),
  alert_id: z.number().nullable(),
  event: json(StoredAlertEvent),
});
export type DeliveryRow = z.infer<typeof DeliveryRow>;
