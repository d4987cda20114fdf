import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Observation } from '../../src/domain/observation.js';
import { createHttpClient } from '../../src/http/client.js';
import type { ProviderAdapter, SampleContext } from '../../src/providers/types.js';
import { STARTED } from './support.js';

/** A provider stand-in on 127.0.0.1 that answers every request with one body, and keeps what it was sent. */
export interface Loopback {
  /** `http://127.0.0.1:port`. */
  origin: string;
  /** Parsed JSON bodies of the requests received, in order. */
  received: unknown[];
  close(): Promise<void>;
}

export async function serveBody(body: string, status = 200, headers: Record<string, string> = {}): Promise<Loopback> {
  const received: unknown[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      received.push(text ? (JSON.parse(text) as unknown) : null);
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Builds the adapter's request, sends it over real HTTP to the loopback server, parses the answer. */
export async function exchange(adapter: ProviderAdapter, ctx: SampleContext): Promise<Observation> {
  const built = adapter.buildRequest(ctx);
  const result = await createHttpClient().send(built.request, { timeoutMs: 2_000, maxRetries: 0 });
  return adapter.parseResponse(result, ctx, built, STARTED);
}
