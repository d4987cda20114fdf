import type { ChannelConfig } from '../schema.js';
import type { AlertChannel } from '../types.js';
import { consoleChannel } from './console/index.js';
import { emailChannel } from './email/index.js';
import { pagerdutyChannel } from './pagerduty/index.js';
import { slackChannel } from './slack/index.js';
import { webhookChannel } from './webhook/index.js';

/** Every alert channel, by the `type:` written in tripline.yaml (= folder name = id). */
export const channels = {
  console: consoleChannel,
  email: emailChannel,
  pagerduty: pagerdutyChannel,
  slack: slackChannel,
  webhook: webhookChannel,
} satisfies { [K in ChannelConfig['type']]: AlertChannel<Extract<ChannelConfig, { type: K }>, unknown> };
