import type { z } from 'zod';
import type { SecretForm } from '../types.js';
import { consoleChannel } from './console/index.js';
import { emailChannel } from './email/index.js';
import { pagerdutyChannel } from './pagerduty/index.js';
import { slackChannel } from './slack/index.js';
import { webhookChannel } from './webhook/index.js';

/**
 * Every alert channel, by the `type:` written in tripline.yaml (= folder name = id). The only
 * registration point: the config union (`ChannelConfig`), dispatch and secret redaction derive
 * from it. test/alerts/registry.spec.ts checks keys against folders and ids.
 */
export const channels = {
  // The order is the order of the alternatives in schemas/tripline.schema.json.
  console: consoleChannel,
  slack: slackChannel,
  email: emailChannel,
  webhook: webhookChannel,
  pagerduty: pagerdutyChannel,
} satisfies Record<
  string,
  // Each channel's index.ts checks itself against AlertChannel<its config, its payload>; this checks the
  // parts the union schema and secret redaction read.
  { readonly id: string; readonly schema: z.ZodType<{ type: string }>; readonly secretFields: Record<string, SecretForm> }
>;

/** A registered channel's type name. */
export type ChannelType = keyof typeof channels;
