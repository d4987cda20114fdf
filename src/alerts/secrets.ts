import { urlPassword } from '../secrets/url-password.js';
import { channelFor } from './channels/dispatch.js';
import type { ChannelConfig } from './schema.js';
import type { SecretForm } from './types.js';

/** One credential-holding field of a channel config, as its channel declares it. */
export interface SecretField {
  field: string;
  value: string;
  form: SecretForm;
}

/** The fields of one channel config that its channel declares secret, with their values. */
export function secretFieldsOf(config: ChannelConfig): SecretField[] {
  const out: SecretField[] = [];
  const values: Record<string, unknown> = config;
  for (const [field, form] of Object.entries(channelFor(config).secretFields)) {
    const value = values[field];
    if (typeof value === 'string' && form) out.push({ field, value, form });
  }
  return out;
}

/** The credentials in channel configs (tokens, webhook secrets, routing keys, SMTP passwords). */
export function channelSecrets(channels: readonly ChannelConfig[]): string[] {
  return channels.flatMap((c) =>
    secretFieldsOf(c).flatMap(({ value, form }) => (form === 'url-password' ? urlPassword(value) : [value])),
  );
}
