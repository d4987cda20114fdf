import { z } from 'zod';
import { ChannelBase, secretFile } from '../base-schema.js';

/** `type: email` — SMTP URL (smtp:// or smtps://, credentials in the userinfo), sender, recipients. */
export const EmailConfig = z.strictObject({
  type: z.literal('email').describe('Email over SMTP.'),
  ...ChannelBase,
  url: z.string().regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL').describe('SMTP server, smtp:// or smtps://user:password@host:port; usually ${ENV_VAR}. Or urlFile.'),
  urlFile: secretFile('url'),
  from: z.string().min(1).describe('Sender address.'),
  to: z.array(z.string().min(1)).min(1).describe('Recipient addresses, at least one.'),
});
export type EmailConfig = z.infer<typeof EmailConfig>;
