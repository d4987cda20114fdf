import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFindings, runCli } from '../support/cli.js';
import { makeWorkspace } from '../support/workspace.js';

type Mode = '500' | 'hang' | 'non-json';

/** A provider that fails in the chosen way on every request. */
function failingProvider(mode: Mode): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    if (mode === 'hang') return; // never answers: the client's timeout must fire
    if (mode === '500') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'The server had an error', type: 'server_error' } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>502 Bad Gateway</body></html>');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('e2e: an unavailable provider is availability, never drift', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.closeAllConnections?.() ?? s.close()));
  beforeAll(() => undefined);

  it.each<Mode>(['500', 'hang', 'non-json'])('provider answering %s yields availability.error only', async (mode) => {
    const server = await failingProvider(mode);
    servers.push(server);
    const port = (server.address() as AddressInfo).port;
    const ws = makeWorkspace({
      config: {
        providers: { p: { type: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'sk-x', timeout: 500, maxRetries: 1 } },
        targets: ['p/gpt-4o-mini'],
      },
      shippedCanaries: ['tokens-short.yaml'],
    });
    const result = await runCli(['check', '--json', '--no-alerts', '--config', ws.configPath]);
    const kinds = new Set(parseFindings(result).map((f) => f.kind));
    expect([...kinds]).toEqual(['availability.error']);
    expect(result.code).toBe(2);
  });
});
