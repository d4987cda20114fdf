import { secretFieldsOf } from '../alerts/secrets.js';
import { urlPassword } from '../secrets/url-password.js';
import type { EnvUse } from './interpolate-document.js';
import type { TriplineConfig } from './schema.js';
import type { DataPath } from './yaml-source.js';

/** Header names whose values are credentials. */
export const SECRET_HEADER = /^(proxy-)?authorization$|api-?key|token|secret|cookie/i;

/**
 * Every credential in the config, for redaction: provider apiKeys and credential headers, the secret
 * fields each alert channel declares (Slack tokens, webhook secrets, PagerDuty routing keys, SMTP URL
 * passwords raw and decoded), the passwords in the userinfo of provider base URLs, the state URL and
 * deprecation page URLs, and the environment values interpolated into those fields. Longest
 * first, without duplicates.
 */
export function collectSecrets(config: TriplineConfig, envUses: readonly EnvUse[]): string[] {
  const found: string[] = [];
  const urlPasswords: string[] = [];
  for (const provider of Object.values(config.providers)) {
    if (provider.apiKey) found.push(provider.apiKey);
    if (provider.baseUrl) urlPasswords.push(...urlPassword(provider.baseUrl));
    for (const [name, value] of Object.entries(provider.headers)) {
      if (!SECRET_HEADER.test(name)) continue;
      found.push(value);
      const scheme = /^\S+\s+(\S.*)$/.exec(value);
      if (scheme?.[1]) found.push(scheme[1]);
    }
  }
  const channels = config.alerts?.channels ?? [];
  for (const channel of channels) {
    for (const { value, form } of secretFieldsOf(channel)) {
      if (form === 'value') found.push(value);
      else urlPasswords.push(...urlPassword(value));
    }
  }
  if (config.server.authToken) found.push(config.server.authToken);
  if (config.state.type === 'postgres' && config.state.url) urlPasswords.push(...urlPassword(config.state.url));
  // A mirror of a lifecycle page may sit behind basic auth; its URL is shown in source_broken alerts.
  for (const source of config.deprecations?.sources ?? []) {
    if (typeof source !== 'string' && source.url) urlPasswords.push(...urlPassword(source.url));
  }
  found.push(...urlPasswords);
  for (const use of envUses) {
    const form = secretFormAt(use.path, channels) ?? urlFieldAt(use.path);
    if (form === 'value') found.push(...use.values);
    else if (form === 'url-password') found.push(...use.values.filter((v) => urlPasswords.some((p) => v && p.includes(v))));
  }
  return [...new Set(found.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
}

/** URL fields outside the channels whose userinfo password is a credential (the state URL is read apart). */
function urlFieldAt(path: DataPath): 'url-password' | undefined {
  const [a, b, c, d] = path;
  const providerUrl = a === 'providers' && c === 'baseUrl' && path.length === 3;
  const sourceUrl = a === 'deprecations' && b === 'sources' && typeof c === 'number' && d === 'url' && path.length === 4;
  return providerUrl || sourceUrl ? 'url-password' : undefined;
}

/** How the field at `path` holds a credential, if it does: provider keys and headers, or a field a channel declares. */
function secretFormAt(
  path: DataPath,
  channels: NonNullable<TriplineConfig['alerts']>['channels'],
): 'value' | 'url-password' | undefined {
  const [a, b, c, d] = path;
  if (a === 'providers') {
    return c === 'apiKey' || (c === 'headers' && typeof d === 'string' && SECRET_HEADER.test(d)) ? 'value' : undefined;
  }
  if (a !== 'alerts' || b !== 'channels' || typeof c !== 'number' || typeof d !== 'string' || path.length !== 4) return undefined;
  const channel = channels[c];
  return channel ? secretFieldsOf(channel).find((f) => f.field === d)?.form : undefined;
}
