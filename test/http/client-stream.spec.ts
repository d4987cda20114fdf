import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.js';

/** A loopback server that streams `total` events, one every 2 ms, and records how many it wrote. */
function eventServer(total: number): { server: Server; written: () => number; closedEarly: () => boolean } {
  let written = 0;
  let closedEarly = false;
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const timer = setInterval(() => {
      if (res.destroyed) return;
      res.write(`data: {"n":${written},"text":"naïve ✓"}\r\n\r\n`);
      if (++written >= total) {
        clearInterval(timer);
        res.end('data: [DONE]\n\n');
      }
    }, 2);
    res.on('close', () => {
      clearInterval(timer);
      if (written < total) closedEarly = true;
    });
  });
  return { server, written: () => written, closedEarly: () => closedEarly };
}

describe('src/http/client server-sent events', () => {
  const s = eventServer(500);
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}/stream`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => s.server.close(() => resolve()));
  });

  it('stops reading at stopAfterEvents, keeps exactly those events and closes the connection', async () => {
    const result = await createHttpClient().send({ method: 'POST', url, headers: {}, body: {}, stopAfterEvents: 10 }, { timeoutMs: 5_000, maxRetries: 0 });
    expect(result.kind).toBe('response');
    if (result.kind !== 'response') return;
    expect(result.response.stoppedEarly).toBe(true);
    const events = result.response.bodyText.split('\n\n').filter((e) => e !== '');
    expect(events).toHaveLength(10);
    expect(events[9]).toBe('data: {"n":9,"text":"naïve ✓"}');
    await new Promise((r) => setTimeout(r, 100));
    expect(s.closedEarly()).toBe(true);
    expect(s.written()).toBeLessThan(100);
  });

  it('reads a stream that ends before the limit whole', async () => {
    const small = eventServer(5);
    await new Promise<void>((resolve) => small.server.listen(0, '127.0.0.1', resolve));
    const at = `http://127.0.0.1:${(small.server.address() as AddressInfo).port}/`;
    const result = await createHttpClient().send({ method: 'POST', url: at, headers: {}, body: {}, stopAfterEvents: 10 }, { timeoutMs: 5_000, maxRetries: 0 });
    await new Promise<void>((resolve) => small.server.close(() => resolve()));
    expect(result.kind === 'response' && (result.response.stoppedEarly ?? false)).toBe(false);
    expect(result.kind === 'response' && result.response.bodyText.endsWith('data: [DONE]\n\n')).toBe(true);
  });
});
