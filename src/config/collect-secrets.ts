import type { EnvUse } from './interpolate-document.js';
import type { TriplineConfig } from './schema.js';
import type { DataPath } from './yaml-source.js';

/** Header names whose values are credentials. */
export const SECRET_HEADER = /^(proxy-)?authorization$|api-?key|token|secret|cookie/i;

/**
 * Every credential in the config, for redaction: provider apiKeys and credential headers, Slack
 * tokens, webhook secrets, PagerDuty routing keys, SMTP URL passwords (raw and decoded), and the
 * environment values interpolated into those fields. Longest first, without duplicates.
 */
export function collectSecrets(config: TriplineConfig, envUses: readonly EnvUse[]): string[] {
  const found: string[] = [];
  const urlPasswords: string[] = [];
  for (const provider of Object.values(config.providers)) {
    if (provider.apiKey) found.push(provider.apiKey);
    for (const [name, value] of Object.entries(provider.headers)) {
      if (!SECRET_HEADER.test(name)) continue;
      found.push(value);
      const scheme = /^\S+\s+(\S.*)$/.exec(value);
      if (scheme?.[1]) found.push(scheme[1]);
    }
  }
  for (const channel of config.alerts?.channels ?? []) {
    if (channel.type === 'slack') found.push(channel.token);
    if (channel.type === 'webhook') found.push(channel.secret);
    if (channel.type === 'pagerduty') found.push(channel.routingKey);
    if (channel.type === 'email') urlPasswords.push(...urlPassword(channel.url));
  }
  found.push(...urlPasswords);
  for (const use of envUses) {
    if (isSecretPath(use.path)) found.push(...use.values);
    else if (isChannelUrl(use.path)) found.push(...use.values.filter((v) => urlPasswords.some((p) => v && p.includes(v))));
  }
  return [...new Set(found.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
}

/**
 * The password of a URL's userinfo, as written and percent-decoded; empty when none. Userinfo runs to
 * the last `@` before any `?` or `#`, so an unencoded `@` or `/` in an interpolated password still counts.
 */
export function urlPassword(url: string): string[] {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^?#]*)@/i.exec(url);
  const userinfo = m?.[1] ?? '';
  const colon = userinfo.indexOf(':');
  const raw = colon >= 0 ? userinfo.slice(colon + 1) : '';
  if (!raw) return [];
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A malformed escape: the raw form is what appears in text anyway.
  }
  return decoded === raw ? [raw] : [raw, decoded];
}

function isSecretPath(path: DataPath): boolean {
  const [a, , c, d] = path;
  if (a === 'providers') return c === 'apiKey' || (c === 'headers' && typeof d === 'string' && SECRET_HEADER.test(d));
  return isChannelField(path) && (d === 'token' || d === 'secret' || d === 'routingKey');
}

function isChannelField(path: DataPath): boolean {
  return path.length === 4 && path[0] === 'alerts' && path[1] === 'channels';
}

function isChannelUrl(path: DataPath): boolean {
  return isChannelField(path) && path[3] === 'url';
}
