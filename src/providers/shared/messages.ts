import type { Message } from '../../config/canary-schema.js';
import type { SampleContext } from '../types.js';

/** The conversation of one sample: an item's prompt replaces the last user message. */
export function sampleMessages(ctx: SampleContext): { system: string | undefined; messages: Message[] } {
  const messages = ctx.canary.request.messages.map((m) => ({ ...m }));
  if (ctx.item) {
    const last = messages.map((m) => m.role).lastIndexOf('user');
    if (last >= 0) messages[last] = { role: 'user', content: ctx.item.prompt };
    else messages.push({ role: 'user', content: ctx.item.prompt });
  }
  return { system: ctx.canary.request.system, messages };
}

/**
 * A model id or deployment name as one URL path segment: percent-encoded, so `/`, `?`, `#` and `%`
 * in it cannot change a request's path, query or host. (`.` and `..` are refused by the config.)
 */
export function pathSegment(value: string): string {
  return encodeURIComponent(value);
}

/** The configured base URL without a trailing slash, or the adapter's default. */
export function baseUrl(ctx: SampleContext, fallback: string): string {
  return (ctx.provider.baseUrl ?? fallback).replace(/\/+$/, '');
}
