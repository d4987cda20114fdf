import type { DeprecationSourceConfig } from '../config/schema.js';
import type { HttpClient } from '../http/types.js';
import type { LoadedPage } from './page.js';
import { deprecationSources } from './registry.js';
import type { DeprecationSource, SourceSettings } from './types.js';

/** Fetch budget per page: lifecycle pages are large HTML documents on CDNs. */
export const FETCH_TIMEOUT_MS = 20_000;
export const FETCH_RETRIES = 2;
/** Byte limit of a lifecycle page: the real ones are 15-120 KB of HTML or markdown. */
export const PAGE_MAX_BYTES = 4 * 1024 * 1024;

/** A configured source, resolved: scraper, settings with defaults, and the ids it is known by. */
export interface ResolvedSource {
  source: DeprecationSource;
  settings: SourceSettings;
  /** Shown to people and used as the finding target of source_broken: the type, or `type@url` when a type repeats. */
  id: string;
  /** State key: type and URL, stable when other sources are added. */
  key: string;
}

/** Expands `- openai` shorthands and defaults; ids disambiguate a type configured twice. */
export function resolveSources(configured: DeprecationSourceConfig[]): ResolvedSource[] {
  const expanded = configured.map((c): SourceSettings => {
    const entry = typeof c === 'string' ? { type: c } : c;
    const source = deprecationSources[entry.type];
    return {
      type: entry.type,
      url: ('url' in entry && entry.url) || source.defaultUrl,
      ...('format' in entry && entry.format ? { format: entry.format } : {}),
      ...('selectors' in entry && entry.selectors ? { selectors: entry.selectors } : {}),
      ...('provider' in entry && entry.provider ? { provider: entry.provider } : {}),
    };
  });
  return expanded.map((settings) => {
    const repeated = expanded.filter((s) => s.type === settings.type).length > 1;
    return {
      source: deprecationSources[settings.type],
      settings,
      id: repeated ? `${settings.type}@${settings.url}` : settings.type,
      key: `${settings.type}@${settings.url}`,
    };
  });
}

export type FetchOutcome = { ok: true; page: LoadedPage } | { ok: false; error: string };

/** GETs the page with the shared client (timeout, bounded retries); any non-2xx is a failure value. */
export async function fetchPage(http: HttpClient, resolved: ResolvedSource, signal?: AbortSignal): Promise<FetchOutcome> {
  const { url } = resolved.settings;
  if (url === '') return { ok: false, error: 'no url configured' };
  const result = await http.send(
    {
      method: 'GET',
      url,
      headers: { accept: 'text/html, text/markdown;q=0.9, text/plain;q=0.5', 'user-agent': 'tripline deprecation watch' },
    },
    { timeoutMs: FETCH_TIMEOUT_MS, maxRetries: FETCH_RETRIES, maxResponseBytes: PAGE_MAX_BYTES, ...(signal ? { signal } : {}) },
  );
  if (result.kind === 'failure') return { ok: false, error: `${result.failure}: ${result.message}` };
  const { status, headers, bodyText } = result.response;
  if (status < 200 || status > 299) return { ok: false, error: `HTTP ${status}` };
  // cheerio and marked load with the first page: a daemon that watches no page never pays for them.
  const { detectFormat, loadPage } = await import('./page.js');
  const format = detectFormat(url, headers['content-type'], resolved.settings.format, resolved.source.defaultFormat);
  return { ok: true, page: loadPage(bodyText, format, url) };
}
