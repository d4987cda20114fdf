import type { IncomingHttpHeaders } from 'node:http';

/** A header's first value, by lowercase name. */
function first(headers: IncomingHttpHeaders | Record<string, string>, name: string): string | undefined {
  const value = Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The tenant a request speaks for, as a provider would route it: an explicit `x-tenant` header,
 * else the organisation header, else the API key itself (each key its own tenant; every wire
 * format's key header). Empty when none is sent. Only scenarios read it (`tenant-repointed`).
 */
export function tenantOf(headers: IncomingHttpHeaders | Record<string, string>, url?: URL): string {
  const bearer = /^Bearer\s+(\S+)/i.exec(first(headers, 'authorization') ?? '')?.[1];
  return (
    first(headers, 'x-tenant') ??
    first(headers, 'openai-organization') ??
    bearer ??
    first(headers, 'api-key') ??
    first(headers, 'x-api-key') ??
    first(headers, 'x-goog-api-key') ??
    url?.searchParams.get('key') ??
    ''
  );
}
