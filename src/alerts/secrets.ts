import { urlPassword } from '../config/collect-secrets.js';
import type { ChannelConfig } from './schema.js';

/** The credentials in channel configs (tokens, webhook secrets, routing keys, SMTP passwords). */
export function channelSecrets(channels: readonly ChannelConfig[]): string[] {
  const out: string[] = [];
  for (const c of channels) {
    if (c.type === 'slack') out.push(c.token);
    if (c.type === 'webhook') out.push(c.secret);
    if (c.type === 'pagerduty') out.push(c.routingKey);
    if (c.type === 'email') out.push(...urlPassword(c.url));
  }
  return out;
}
