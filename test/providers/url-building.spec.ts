import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TriplineConfig } from '../../src/config/schema.js';
import { createHttpClient } from '../../src/http/client.js';
import { providers } from '../../src/providers/registry.js';
import type { ProviderAdapter } from '../../src/providers/types.js';
import type { ProviderType } from '../../src/config/schema.js';
import { makeCtx } from './support.js';

const HOSTILE = '../../../admin/delete?x=1#frag';
const ENCODED = '..%2F..%2F..%2Fadmin%2Fdelete%3Fx%3D1%23frag';

describe('src/providers: URLs are built, not concatenated (issue 15 row 11)', () => {
  let server: Server;
  let origin = '';
  const seen: { path: string; host: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ path: req.url ?? '', host: req.headers.host ?? '' });
      req.resume();
      res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it.each<[ProviderType, string[]]>([
    ['openai', ['/v1/chat/completions', `/v1/models/${ENCODED}`, '/v1/responses/input_tokens']],
    ['openai-compatible', ['/v1/chat/completions']],
    ['anthropic', ['/v1/messages', `/v1/models/${ENCODED}`, '/v1/messages/count_tokens']],
    ['gemini', [`/v1/models/${ENCODED}:generateContent`, `/v1/models/${ENCODED}`, `/v1/models/${ENCODED}:countTokens`]],
    ['azure-openai', [`/v1/openai/deployments/${ENCODED}/chat/completions?api-version=2024-10-21`]],
  ])('%s: a model id with ../, ? and # stays one path segment on the configured host', async (type, expected) => {
    seen.length = 0;
    // Anthropic's base URL has no version segment: its paths carry `/v1` themselves.
    const ctx = makeCtx(type, HOSTILE, { baseUrl: type === 'anthropic' ? origin : `${origin}/v1` });
    const adapter: ProviderAdapter = providers[type];
    const requests = [adapter.buildRequest(ctx).request, ...(adapter.sideRequests?.(ctx) ?? []).map((s) => s.request)];
    const client = createHttpClient();
    for (const request of requests) await client.send(request, { timeoutMs: 5_000, maxRetries: 0 });
    const paths = seen.map((s) => s.path);
    expect(paths).toEqual(expected);
    expect(new Set(seen.map((s) => s.host))).toEqual(new Set([origin.slice('http://'.length)]));
  });

  it('refuses a model id or deployment of "." or "..": no encoding keeps them from being resolved', () => {
    const base = { providers: { p: { type: 'openai' } }, targets: ['p/..'] };
    expect(TriplineConfig.safeParse(base).success).toBe(false);
    expect(TriplineConfig.safeParse({ ...base, targets: ['p/.'] }).success).toBe(false);
    expect(TriplineConfig.safeParse({ ...base, targets: [`p/${HOSTILE}`] }).success).toBe(true);
    const azure = { providers: { p: { type: 'azure-openai', deployments: { m: '..' } } }, targets: ['p/m'] };
    expect(TriplineConfig.safeParse(azure).success).toBe(false);
  });
});
