import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPage, PAGE_MAX_BYTES, resolveSources } from '../../src/deprecations/fetch.js';
import { createHttpClient } from '../../src/http/client.js';

describe('src/deprecations/fetch byte limit', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    // An endless HTML page: the scraper must stop at the page limit, not buffer it all.
    server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = `<tr><td>${'x'.repeat(64 * 1024)}</td></tr>`;
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/deprecations`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('an endless page is a failure value (body_too_large) after PAGE_MAX_BYTES, not memory', async () => {
    const [resolved] = resolveSources([{ type: 'openai', url }]);
    const outcome = await fetchPage(createHttpClient(), resolved!);
    expect(outcome).toEqual({ ok: false, error: `body_too_large: response body over ${PAGE_MAX_BYTES} bytes: GET ${url}` });
  });
});
