import { z } from 'zod';
import { ChannelBase, secretFile } from '../base-schema.js';

/** `type: pagerduty` — Events API v2 integration key and endpoint. */
export const PagerDutyConfig = z.strictObject({
  type: z.literal('pagerduty').describe('PagerDuty Events API v2.'),
  ...ChannelBase,
  routingKey: z.string().min(1).describe('Integration (routing) key of the PagerDuty service; usually ${ENV_VAR}. Or routingKeyFile.'),
  routingKeyFile: secretFile('routingKey'),
  apiUrl: z.url().default('https://events.pagerduty.com/v2/enqueue').describe('Events API v2 enqueue endpoint.'),
});
export type PagerDutyConfig = z.infer<typeof PagerDutyConfig>;

