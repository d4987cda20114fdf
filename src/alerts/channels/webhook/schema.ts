import { z } from 'zod';
import { ChannelBase, secretFile } from '../base-schema.js';

/** `type: webhook` — JSON POST signed with HMAC-SHA256 over `<timestamp>.<body>` using `secret`. */
export const WebhookConfig = z.strictObject({
  type: z.literal('webhook').describe('JSON POST to a URL, signed with HMAC-SHA256.'),
  ...ChannelBase,
  url: z.url().describe('Where the JSON is POSTed.'),
  secret: z.string().min(1).describe('HMAC-SHA256 key signing `<timestamp>.<body>`; usually ${ENV_VAR}. Or secretFile.'),
  secretFile: secretFile('secret'),
});
export type WebhookConfig = z.infer<typeof WebhookConfig>;
