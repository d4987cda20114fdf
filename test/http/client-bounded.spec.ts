import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.js';

type Writer = (res: ServerResponse) => void;

/** Writes `chunk` every `everyMs` until the client goes away; counts what it wrote. */
function drip(chunk: string, everyMs: number, headers: Record<string, string> = {}): { write: Writer; written: () => number } {
  let written = 0;
  return {
    written: () => written,
    write(res) {
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        res.write(chunk);
        written += chunk.length;
      }, everyMs);
      res.on('close', () => clearInterval(timer));
    },
  };
}

describe('src/http/client bounded reads', () => {
  let server: Server;
  let origin = '';
  const routes = new Map<string, Writer>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      routes.get(req.url ?? '')?.(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const get = (path: string, options: { timeoutMs: number; maxResponseBytes?: number; maxRetries?: number }) =>
    createHttpClient().send({ method: 'GET', url: `${origin}${path}`, headers: {} }, { maxRetries: 0, ...options });

  it('cuts an endless chunked body at the byte limit, closes the connection and does not retry', async () => {
    const endless = drip(' '.repeat(64 * 1024), 1);
    routes.set('/endless', endless.write);
    const result = await get('/endless', { timeoutMs: 10_000, maxResponseBytes: 1024 * 1024, maxRetries: 2 });
    expect(result).toMatchObject({ kind: 'failure', failure: 'body_too_large', attempts: 1 });
    if (result.kind === 'failure') expect(result.message).toBe(`response body over 1048576 bytes: GET ${origin}/endless`);
    await new Promise((r) => setTimeout(r, 100));
    const after = endless.written();
    await new Promise((r) => setTimeout(r, 100));
    expect(endless.written()).toBe(after);
  });

  it('refuses a declared Content-Length past the limit before reading the body', async () => {
    routes.set('/declared', (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) });
      res.write('{');
    });
    const result = await get('/declared', { timeoutMs: 10_000, maxResponseBytes: 1024 });
    expect(result).toMatchObject({ kind: 'failure', failure: 'body_too_large' });
  });

  it('ends a slow endless body at the overall deadline, not the idle timer', async () => {
    routes.set('/slow', drip(' ', 20).write);
    const started = Date.now();
    const result = await get('/slow', { timeoutMs: 500 });
    expect(result).toMatchObject({ kind: 'failure', failure: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('applies the default limit (8 MiB) when the caller names none', async () => {
    routes.set('/nine', (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(Buffer.alloc(9 * 1024 * 1024, 0x20));
    });
    routes.set('/seven', (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(Buffer.alloc(7 * 1024 * 1024, 0x20));
    });
    expect(await get('/nine', { timeoutMs: 10_000 })).toMatchObject({ kind: 'failure', failure: 'body_too_large' });
    const seven = await get('/seven', { timeoutMs: 10_000 });
    expect(seven.kind === 'response' && seven.response.bodyText.length).toBe(7 * 1024 * 1024);
  });

  it('bounds a server-sent-events read that never completes an event', async () => {
    routes.set('/sse', drip('data: {"x":"' + 'y'.repeat(64 * 1024), 1, { 'content-type': 'text/event-stream' }).write);
    const result = await createHttpClient().send(
      { method: 'POST', url: `${origin}/sse`, headers: {}, body: {}, stopAfterEvents: 10 },
      { timeoutMs: 10_000, maxRetries: 0, maxResponseBytes: 512 * 1024 },
    );
    expect(result).toMatchObject({ kind: 'failure', failure: 'body_too_large' });
  });
});
