import { z } from 'zod';
import { ChannelBase, secretFile } from '../base-schema.js';

/** `type: pagerduty` — Events API v2 integration key and endpoint. */
export const PagerDutyConfig = z.strictObject({
  type: z.literal('pagerduty'),
  ...ChannelBase,
  routingKey: z.string().min(1),
  routingKeyFile: secretFile('routingKey'),
  apiUrl: z.url().default('https://events.pagerduty.com/v2/enqueue'),
});
export type PagerDutyConfig = z.infer<typeof PagerDutyConfig>;

