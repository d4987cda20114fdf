import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FailureClass } from '../../src/domain/observation.js';
import type { ProviderAdapter, SampleContext } from '../../src/providers/types.js';
import { mockAgent, responseResult, roundTrip, STARTED } from './support.js';

/** What one adapter's HTTP behaviour suite needs: where it calls and real bodies to answer with. */
export interface BehaviourCase {
  adapter: ProviderAdapter;
  ctx: SampleContext;
  origin: string;
  /** Request path including any query string. */
  path: string;
  okBody: string;
  /** A real error body, its status and the class it must map to. */
  error: { status: number; body: string; cls: FailureClass };
  rateLimitBody: string;
  /** The success body with one read field removed, and the zod issue line that must appear. */
  drift: { body: string; issue: string };
  /** A 200 body that is really an error object. */
  errorBodyOn200: string;
}

export function describeWireBehaviour(c: BehaviourCase): void {
  describe('over HTTP', () => {
    let agent: MockAgent;
    const intercept = () => agent.get(c.origin).intercept({ path: c.path, method: 'POST' });

    beforeEach(() => {
      agent = mockAgent();
    });
    afterEach(async () => {
      agent.assertNoPendingInterceptors();
      await agent.close();
    });

    it(`maps HTTP ${c.error.status} with the real error body to ${c.error.cls}`, async () => {
      intercept().reply(c.error.status, c.error.body);
      const { obs } = await roundTrip(c.adapter, c.ctx, agent);
      expect(obs).toMatchObject({ ok: false, status: c.error.status, failure: { class: c.error.cls } });
      if (!obs.ok) expect(obs.failure.message).not.toContain('test-key-123456');
    });

    it('retries a 429 after its Retry-After, then succeeds', async () => {
      intercept().reply(429, c.rateLimitBody, { headers: { 'retry-after': '2' } });
      intercept().reply(200, c.okBody);
      const { obs, sleeps, result } = await roundTrip(c.adapter, c.ctx, agent);
      expect(sleeps).toEqual([2000]);
      expect(result.attempts).toBe(2);
      expect(obs.ok).toBe(true);
    });

    it('reports rate_limited with retryAfterSeconds when 429 persists', async () => {
      intercept().reply(429, c.rateLimitBody, { headers: { 'retry-after': '7' } }).times(2);
      const { obs } = await roundTrip(c.adapter, c.ctx, agent, { maxRetries: 1 });
      expect(obs).toMatchObject({ ok: false, status: 429, failure: { class: 'rate_limited', retryAfterSeconds: 7 } });
    });

    it('retries a 503 with backoff, then succeeds', async () => {
      intercept().reply(503, 'upstream unavailable');
      intercept().reply(200, c.okBody);
      const { obs, sleeps } = await roundTrip(c.adapter, c.ctx, agent);
      expect(sleeps).toEqual([125]);
      expect(obs.ok).toBe(true);
    });

    it('reports http_5xx when 5xx persists', async () => {
      intercept().reply(500, '<html>oops</html>').times(3);
      const { obs } = await roundTrip(c.adapter, c.ctx, agent);
      expect(obs).toMatchObject({ ok: false, status: 500, failure: { class: 'http_5xx', message: 'HTTP 500' } });
    });

    it('reports a 200 with HTML as non_json', async () => {
      intercept().reply(200, '<html><body>Gateway</body></html>');
      const { obs } = await roundTrip(c.adapter, c.ctx, agent);
      expect(obs).toMatchObject({ ok: false, status: 200, failure: { class: 'non_json' } });
    });

    it('reports a cut-off JSON body as truncated', async () => {
      intercept().reply(200, c.okBody.slice(0, Math.floor(c.okBody.length / 2)));
      const { obs } = await roundTrip(c.adapter, c.ctx, agent);
      expect(obs).toMatchObject({ ok: false, failure: { class: 'truncated' } });
    });

    it('reports a reply slower than the timeout as timeout', async () => {
      intercept().reply(200, c.okBody).delay(400);
      const { obs } = await roundTrip(c.adapter, c.ctx, agent, { timeoutMs: 50, maxRetries: 0 });
      expect(obs).toMatchObject({ ok: false, status: null, failure: { class: 'timeout' } });
    });

    it('keeps schema drift as a value: ok with schemaIssues', async () => {
      intercept().reply(200, c.drift.body);
      const { obs } = await roundTrip(c.adapter, c.ctx, agent);
      expect(obs.ok).toBe(true);
      if (obs.ok) expect(obs.schemaIssues).toContain(c.drift.issue);
    });

    it('reports a 200 carrying an error object as status_body_mismatch', async () => {
      intercept().reply(200, c.errorBodyOn200);
      const { obs } = await roundTrip(c.adapter, c.ctx, agent);
      expect(obs).toMatchObject({ ok: false, status: 200, failure: { class: 'status_body_mismatch' } });
    });

    it('reports a 429 carrying a success body as status_body_mismatch', async () => {
      intercept().reply(429, c.okBody);
      const { obs } = await roundTrip(c.adapter, c.ctx, agent, { maxRetries: 0 });
      expect(obs).toMatchObject({ ok: false, status: 429, failure: { class: 'status_body_mismatch' } });
    });
  });

  it('maps a refused connection to connection (pure parse)', () => {
    const built = c.adapter.buildRequest(c.ctx);
    const obs = c.adapter.parseResponse(
      { kind: 'failure', failure: 'connection', message: 'connection failed (ECONNREFUSED): POST x', latencyMs: 3, attempts: 3 },
      c.ctx,
      built,
      STARTED,
    );
    expect(obs).toMatchObject({ ok: false, status: null, latencyMs: 3, failure: { class: 'connection' } });
  });

  it('maps 401 to auth without echoing the provider message', () => {
    const built = c.adapter.buildRequest(c.ctx);
    const body = '{"error":{"message":"Incorrect API key provided: sk-abc***xyz","code":"invalid_api_key"}}';
    const obs = c.adapter.parseResponse(responseResult(401, body), c.ctx, built, STARTED);
    expect(obs).toMatchObject({ ok: false, failure: { class: 'auth' } });
    if (!obs.ok) expect(obs.failure.message).not.toContain('sk-');
  });
}
