import { globMatches } from './match.js';
import type { AlertEvent, AlertLinks } from './types.js';

/** What links are built from: `server.externalUrl` and `alerts.runbookUrl`. */
export interface LinkConfig {
  externalUrl?: string | undefined;
  /** Kind glob -> URL template with `{kind}`, `{target}`, `{canary}`, `{subject}` (URL-encoded when filled). */
  runbookUrl?: Readonly<Record<string, string>> | undefined;
}

/** The dashboard path of a finding key: stable, one query parameter (survives proxies that mangle %2F in paths). */
export function findingPagePath(key: string): string {
  return `/finding?key=${encodeURIComponent(key)}`;
}

/** Pure: the links of one event; none for tests and broken-notifier warnings, which have no finding page. */
export function alertLinks(event: AlertEvent, config: LinkConfig): AlertLinks {
  if (event.type === 'test' || event.type === 'notifier_broken') return {};
  const f = event.finding;
  const links: AlertLinks = {};
  if (config.externalUrl) links.finding = `${config.externalUrl.replace(/\/+$/, '')}${findingPagePath(event.alertKey)}`;
  for (const [glob, template] of Object.entries(config.runbookUrl ?? {})) {
    if (!globMatches(glob, f.kind)) continue;
    const fill: Record<string, string> = { kind: f.kind, target: f.target, canary: f.canary ?? '', subject: f.subject ?? '' };
    links.runbook = template.replace(/\{(kind|target|canary|subject)\}/g, (_, name: string) => encodeURIComponent(fill[name] ?? ''));
    break;
  }
  return links;
}
