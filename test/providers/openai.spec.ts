import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { openai } from '../../src/providers/openai/index.js';
import { describeWireBehaviour } from './behaviour.js';
import { fixture, fixtureJson, headersFixture, makeCanary, makeCtx, responseResult, roundTrip, STARTED } from './support.js';
import { useMockAgent } from '../support/mock-agent.js';

const ORIGIN = 'https://api.openai.com';
const ctx = makeCtx('openai', 'gpt-4o-mini');

describe('src/providers/openai', () => {
  let agent: MockAgent;
  useMockAgent((a) => (agent = a));

  it('turns the real 200 into an exact Observation', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: '/v1/chat/completions', method: 'POST', headers: { authorization: 'Bearer test-key-123456' } })
      .reply(200, fixture('openai', 'chat-200.json'), { headers: headersFixture('openai', 'chat-200.headers.json') });
    const { obs } = await roundTrip(openai, ctx, agent);
    expect(obs).toEqual({
      target: 'p/gpt-4o-mini',
      canary: 'capital',
      sample: 0,
      timestamp: '2026-01-01T00:00:00.000Z',
      latencyMs: expect.any(Number),
      status: 200,
      headerNames: Object.keys(headersFixture('openai', 'chat-200.headers.json')).sort(),
      rateLimits: { 'x-ratelimit-limit-requests': '60', 'x-ratelimit-limit-tokens': '150000' },
      rateRemaining: { 'x-ratelimit-remaining-requests': '59', 'x-ratelimit-remaining-tokens': '149984' },
      rateResets: { 'x-ratelimit-reset-requests': { ms: 1000, precisionMs: 1000 }, 'x-ratelimit-reset-tokens': { ms: 360_000, precisionMs: 1000 } },
      requestId: 'req_0123456789abcdef',
      unsupported: [],
      ok: true,
      shape: expect.arrayContaining([
        '$: object',
        '$.choices[].message.content: string',
        '$.choices[].logprobs.content[].top_logprobs[].logprob: number',
        '$.choices[].message.refusal: null',
        '$.system_fingerprint: string',
        '$.usage.completion_tokens_details.reasoning_tokens: number',
      ]),
      enums: { '$.object': 'chat.completion', '$.choices[].finish_reason': 'stop' },
      echoed: { '$.service_tier': 'default' },
      account: { 'openai-organization': 'user-abc123' },
      schemaIssues: [],
      text: 'Hello!',
      finishReason: 'stop',
      usage: { input: 9, output: 2, cached: 0, reasoning: 0, total: 11 },
      cache: { prompt: 9, read: 0, write: null, write5m: null, write1h: null, fields: ['usage.prompt_tokens_details.cached_tokens'], retention: null },
      timing: { firstByteMs: expect.any(Number), serverMs: 312, serverHeader: 'openai-processing-ms' },
      modelReported: 'gpt-4o-mini',
      fingerprint: 'fp_44709d6fcb',
      logprobs: [
        {
          token: 'Hello',
          logprob: -0.31725305,
          top: [
            { token: 'Hello', logprob: -0.31725305 },
            { token: 'Hi', logprob: -1.3190403 },
          ],
        },
        {
          token: '!',
          logprob: -0.02380986,
          top: [
            { token: '!', logprob: -0.02380986 },
            { token: ' there', logprob: -3.787621 },
          ],
        },
      ],
      modelStatus: null,
    });
  });

  it.each([
    ['gpt-5', { max_completion_tokens: 16, seed: 7 }, ['temperature', 'logprobs', 'topLogprobs']],
    ['o3-mini', { max_completion_tokens: 16, seed: 7 }, ['temperature', 'logprobs', 'topLogprobs']],
    ['gpt-5.1', { max_completion_tokens: 16, seed: 7, temperature: 0, logprobs: true, top_logprobs: 2 }, []],
    ['gpt-4.1', { max_tokens: 16, seed: 7, temperature: 0, logprobs: true, top_logprobs: 2 }, []],
  ])('adapts params for %s', (model, params, unsupported) => {
    const built = openai.buildRequest(makeCtx('openai', model));
    expect(built.request.body).toEqual({
      model,
      messages: [
        { role: 'system', content: 'Answer with one word.' },
        { role: 'user', content: 'Capital of France?' },
      ],
      ...params,
    });
    expect(built.unsupported).toEqual(unsupported);
  });

  describe('api: responses', () => {
    const rctx = makeCtx('openai', 'gpt-4o-mini', { api: 'responses' });

    it('builds a Responses request without seed', () => {
      const built = openai.buildRequest(rctx);
      expect(built.request.url).toBe('https://api.openai.com/v1/responses');
      expect(built.request.body).toEqual({
        model: 'gpt-4o-mini',
        input: [{ role: 'user', content: 'Capital of France?' }],
        instructions: 'Answer with one word.',
        store: false,
        temperature: 0,
        max_output_tokens: 16,
        include: ['message.output_text.logprobs'],
        top_logprobs: 2,
      });
      expect(built.unsupported).toEqual(['seed']);
    });

    it('raises a cap below the API minimum of 16 to 16, lists maxTokens unsupported and records the raise', () => {
      const one = makeCtx('openai', 'gpt-4o-mini', { api: 'responses' }, makeCanary({ temperature: 0, maxTokens: 1 }));
      const built = openai.buildRequest(one);
      expect(built.request.body).toMatchObject({ max_output_tokens: 16 });
      expect(built.unsupported).toEqual(['maxTokens']);
      const obs = openai.parseResponse(responseResult(200, fixture('openai', 'responses-200.json')), one, built, STARTED);
      expect(obs).toMatchObject({ ok: true, capRaisedBy: 15 });
      const atMin = makeCtx('openai', 'gpt-4o-mini', { api: 'responses' }, makeCanary({ temperature: 0, maxTokens: 16 }));
      expect(openai.buildRequest(atMin).unsupported).toEqual([]);
      expect(openai.parseResponse(responseResult(200, fixture('openai', 'responses-200.json')), atMin, openai.buildRequest(atMin), STARTED)).not.toHaveProperty('capRaisedBy');
    });

    it('reads the real Responses body', () => {
      const obs = openai.parseResponse(responseResult(200, fixture('openai', 'responses-200.json')), rctx, openai.buildRequest(rctx), STARTED);
      expect(obs).toMatchObject({
        ok: true,
        schemaIssues: [],
        text: 'OK',
        finishReason: 'completed',
        usage: { input: 12, output: 2, cached: 0, reasoning: 0, total: 14 },
        modelReported: 'gpt-4o-mini-2024-07-18',
        fingerprint: null,
        logprobs: [],
        enums: { '$.object': 'response', '$.status': 'completed', '$.output[].type': 'message', '$.output[].content[].type': 'output_text' },
        // Every effective setting the body echoes, defaults filled in; max_output_tokens: null is the default too.
        echoed: { '$.max_output_tokens': null, '$.service_tier': 'default', '$.store': true, '$.temperature': 1, '$.top_logprobs': 0, '$.top_p': 1 },
      });
    });

    it('treats a 200 Responses body with status failed and an error as status_body_mismatch', () => {
      const body = { ...fixtureJson('openai', 'responses-200.json'), status: 'failed', error: { code: 'server_error', message: 'x' } };
      const obs = openai.parseResponse(responseResult(200, JSON.stringify(body)), rctx, openai.buildRequest(rctx), STARTED);
      expect(obs).toMatchObject({ ok: false, failure: { class: 'status_body_mismatch' } });
    });
  });

  it('reports logprobs as null when the body has none though they were asked for', () => {
    const body = fixtureJson('openai', 'chat-200.json');
    const text = JSON.stringify(body).replace(/"logprobs":\{"content":.*?\],"refusal":null\}/, '"logprobs":null');
    const obs = openai.parseResponse(responseResult(200, text), ctx, openai.buildRequest(ctx), STARTED);
    expect(obs).toMatchObject({ ok: true, logprobs: null, schemaIssues: [] });
  });

  it('asks models.get and input_tokens on the side, and reads them flat', () => {
    const side = openai.sideRequests(ctx);
    expect(side.map((s) => [s.name, s.request.method, s.request.url])).toEqual([
      ['models.get', 'GET', 'https://api.openai.com/v1/models/gpt-4o-mini'],
      ['input_tokens', 'POST', 'https://api.openai.com/v1/responses/input_tokens'],
    ]);
    const model = '{"id":"gpt-4o-mini","object":"model","created":1721172741,"owned_by":"system"}';
    expect(openai.parseSide('models.get', responseResult(200, model))).toEqual({ id: 'gpt-4o-mini', created: 1721172741, owned_by: 'system' });
    expect(openai.parseSide('input_tokens', responseResult(200, '{"object":"response.input_tokens","input_tokens":11}'))).toEqual({ input_tokens: 11 });
    expect(openai.parseSide('input_tokens', responseResult(500, ''))).toBeNull();
  });

  const ok = fixtureJson('openai', 'chat-200.json');
  const { usage: _usage, ...noUsage } = ok;
  describeWireBehaviour({
    adapter: openai,
    ctx,
    origin: ORIGIN,
    path: '/v1/chat/completions',
    okBody: fixture('openai', 'chat-200.json'),
    error: { status: 404, body: fixture('openai', 'error-404.json'), cls: 'model_not_found' },
    rateLimitBody: fixture('openai', 'error-429.json'),
    drift: { body: JSON.stringify(noUsage), issue: '$.usage: Invalid input: expected object, received undefined' },
    errorBodyOn200: fixture('openai', 'error-400.json'),
  });

  it('maps 400 unsupported_parameter to http_4xx with the provider code', () => {
    const obs = openai.parseResponse(responseResult(400, fixture('openai', 'error-400.json')), ctx, openai.buildRequest(ctx), STARTED);
    expect(obs).toMatchObject({ ok: false, failure: { class: 'http_4xx' } });
    if (!obs.ok) expect(obs.failure.message).toMatch(/^HTTP 400 unsupported_parameter: Unsupported parameter/);
  });
});
