import { z } from 'zod';
import { ChannelBase, secretFile } from '../base-schema.js';

/** `type: webhook` — JSON POST signed with HMAC-SHA256 over `<timestamp>.<body>` using `secret`. */
export const WebhookConfig = z.strictObject({
  type: z.literal('webhook'),
  ...ChannelBase,
  url: z.url(),
  secret: z.string().min(1),
  secretFile: secretFile('secret'),
});
export type WebhookConfig = z.infer<typeof WebhookConfig>;
