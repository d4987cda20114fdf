import { z } from 'zod';
import { ChannelBase, secretFile } from '../base-schema.js';

/** `type: email` — SMTP URL (smtp:// or smtps://, credentials in the userinfo), sender, recipients. */
export const EmailConfig = z.strictObject({
  type: z.literal('email'),
  ...ChannelBase,
  url: z.string().regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL'),
  urlFile: secretFile('url'),
  from: z.string().min(1),
  to: z.array(z.string().min(1)).min(1),
});
export type EmailConfig = z.infer<typeof EmailConfig>;
