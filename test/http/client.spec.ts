import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, normalizeHeaders } from '../../src/http/client.js';
import { backoffMs, DEFAULT_BACKOFF, retryAfterMs } from '../../src/http/retry.js';
import type { HttpRequest } from '../../src/http/types.js';
import { mockAgent } from '../support/mock-agent.js';

const ORIGIN = 'https://api.example.test';
const req: HttpRequest = {
  method: 'POST',
  url: `${ORIGIN}/v1/things?key=SECRET-QUERY`,
  headers: { authorization: 'Bearer sk-secret-value-123456' },
  body: { a: 1 },
};
const opts = { timeoutMs: 2_000, maxRetries: 2 };

describe('src/http/client', () => {
  let agent: MockAgent;
  let sleeps: number[];
  const client = () =>
    createHttpClient({
      dispatcher: agent,
      random: () => 0.5,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
  const pool = () => agent.get(ORIGIN);
  const route = { path: '/v1/things?key=SECRET-QUERY', method: 'POST' } as const;

  beforeEach(() => {
    agent = mockAgent();
    sleeps = [];
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  it('sends JSON with the given headers and returns the response as a value', async () => {
    pool()
      .intercept({
        ...route,
        body: JSON.stringify({ a: 1 }),
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-secret-value-123456' },
      })
      .reply(200, '{"ok":true}', { headers: { 'X-Request-Id': 'abc', 'Set-Cookie': ['a=1', 'b=2'] } });
    const result = await client().send(req, opts);
    expect(result.kind).toBe('response');
    if (result.kind !== 'response') return;
    expect(result.attempts).toBe(1);
    expect(result.response.status).toBe(200);
    expect(result.response.bodyText).toBe('{"ok":true}');
    expect(result.response.headers['x-request-id']).toBe('abc');
    expect(result.response.headers['set-cookie']).toBe('a=1, b=2');
  });

  it('returns a 4xx without retrying', async () => {
    pool().intercept(route).reply(400, '{"error":{}}');
    const result = await client().send(req, opts);
    expect(result).toMatchObject({ kind: 'response', attempts: 1, response: { status: 400 } });
    expect(sleeps).toEqual([]);
  });

  it.each([500, 502, 503, 504, 529])('retries %i with exponential backoff and jitter', async (status) => {
    pool().intercept(route).reply(status, 'busy').times(2);
    pool().intercept(route).reply(200, '{}');
    const result = await client().send(req, opts);
    expect(result).toMatchObject({ kind: 'response', attempts: 3, response: { status: 200 } });
    // random 0.5 -> 3/4 of the step: 250 ms then 500 ms steps.
    expect(sleeps).toEqual([188, 375]);
  });

  it('honours retry-after in seconds and retry-after-ms', async () => {
    pool().intercept(route).reply(429, '{}', { headers: { 'retry-after': '3' } });
    pool().intercept(route).reply(429, '{}', { headers: { 'retry-after-ms': '1500', 'retry-after': '9' } });
    pool().intercept(route).reply(200, '{}');
    const result = await client().send(req, opts);
    expect(result).toMatchObject({ kind: 'response', attempts: 3 });
    expect(sleeps).toEqual([3000, 1500]);
  });

  it('honours retry-after as an HTTP date', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const c = createHttpClient({ dispatcher: agent, now: () => now, sleep: async (ms) => void sleeps.push(ms) });
    pool().intercept(route).reply(503, '', { headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:04 GMT' } });
    pool().intercept(route).reply(200, '{}');
    await c.send(req, opts);
    expect(sleeps).toEqual([4000]);
  });

  it('gives up and returns the 429 when Retry-After exceeds the cap', async () => {
    pool().intercept(route).reply(429, '{}', { headers: { 'retry-after': '120' } });
    const result = await client().send(req, opts);
    expect(result).toMatchObject({ kind: 'response', attempts: 1, response: { status: 429 } });
    expect(sleeps).toEqual([]);
  });

  it('returns the last 5xx when retries are exhausted', async () => {
    pool().intercept(route).reply(500, 'no').times(3);
    const result = await client().send(req, opts);
    expect(result).toMatchObject({ kind: 'response', attempts: 3, response: { status: 500, bodyText: 'no' } });
  });

  it('classifies a slow reply as timeout and retries it', async () => {
    pool().intercept(route).reply(200, '{}').delay(400);
    pool().intercept(route).reply(200, '{"late":false}');
    const result = await client().send(req, { timeoutMs: 50, maxRetries: 1 });
    expect(result).toMatchObject({ kind: 'response', attempts: 2, response: { bodyText: '{"late":false}' } });
  });

  it('returns a timeout failure without secrets in the message', async () => {
    pool().intercept(route).reply(200, '{}').delay(400);
    const result = await client().send(req, { timeoutMs: 50, maxRetries: 0 });
    expect(result).toMatchObject({ kind: 'failure', failure: 'timeout', attempts: 1 });
    if (result.kind !== 'failure') return;
    expect(result.message).toBe('timeout after 50 ms: POST https://api.example.test/v1/things');
    expect(result.message).not.toMatch(/SECRET|sk-secret/);
  });

  it('classifies a refused connection and retries it', async () => {
    pool().intercept(route).replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    pool().intercept(route).reply(200, '{}');
    const result = await client().send(req, opts);
    expect(result).toMatchObject({ kind: 'response', attempts: 2 });
    expect(sleeps).toHaveLength(1);
  });

  it('reports a connection failure after the last retry', async () => {
    pool().intercept(route).replyWithError(Object.assign(new Error('boom'), { code: 'ECONNREFUSED' })).times(3);
    const result = await client().send(req, opts);
    expect(result).toMatchObject({ kind: 'failure', failure: 'connection', attempts: 3 });
    if (result.kind === 'failure') expect(result.message).toBe('connection failed (ECONNREFUSED): POST https://api.example.test/v1/things');
  });

  it('stops at once when the caller aborts, without retrying', async () => {
    pool().intercept(route).reply(200, '{}').delay(400);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const result = await client().send(req, { ...opts, signal: controller.signal });
    expect(result).toMatchObject({ kind: 'failure', failure: 'aborted', attempts: 1 });
    expect(sleeps).toEqual([]);
  });
});

describe('src/http/retry', () => {
  it('caps the backoff step at 8 s', () => {
    expect(backoffMs(10, DEFAULT_BACKOFF, () => 1)).toBe(8000);
    expect(backoffMs(0, DEFAULT_BACKOFF, () => 0)).toBe(125);
  });

  it.each([
    [{ 'retry-after': '2' }, 2000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }, 10_000],
    [{ 'retry-after': 'soon' }, null],
    [{}, null],
  ])('reads %j as %s ms', (headers, expected) => {
    expect(retryAfterMs(headers, Date.parse('2026-01-01T00:00:00Z'))).toBe(expected);
  });

  it('lowercases header names and joins repeated values', () => {
    expect(normalizeHeaders({ 'X-A': ['1', '2'], b: '3', c: undefined })).toEqual({ 'x-a': '1, 2', b: '3' });
  });
});
