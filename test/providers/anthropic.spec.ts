import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { anthropic } from '../../src/providers/anthropic/index.js';
import { describeWireBehaviour } from './behaviour.js';
import { fixture, fixtureJson, headersFixture, makeCanary, makeCtx, responseResult, roundTrip, STARTED } from './support.js';
import { useMockAgent } from '../support/mock-agent.js';

const ORIGIN = 'https://api.anthropic.com';
const ctx = makeCtx('anthropic', 'claude-sonnet-4-20250514');

describe('src/providers/anthropic', () => {
  let agent: MockAgent;
  useMockAgent((a) => (agent = a));

  it('turns the real 200 into an exact Observation', async () => {
    const headers = headersFixture('anthropic', 'message-200.headers.json');
    agent
      .get(ORIGIN)
      .intercept({
        path: '/v1/messages',
        method: 'POST',
        headers: { 'x-api-key': 'test-key-123456', 'anthropic-version': '2023-06-01' },
      })
      .reply(200, fixture('anthropic', 'message-200.json'), { headers });
    const { obs } = await roundTrip(anthropic, ctx, agent);
    expect(obs).toEqual({
      target: 'p/claude-sonnet-4-20250514',
      canary: 'capital',
      sample: 0,
      timestamp: '2026-01-01T00:00:00.000Z',
      latencyMs: expect.any(Number),
      status: 200,
      headerNames: Object.keys(headers).sort(),
      rateLimits: {
        'anthropic-ratelimit-input-tokens-limit': '30000',
        'anthropic-ratelimit-output-tokens-limit': '8000',
        'anthropic-ratelimit-requests-limit': '50',
        'anthropic-ratelimit-tokens-limit': '38000',
      },
      rateRemaining: {
        'anthropic-ratelimit-input-tokens-remaining': '30000',
        'anthropic-ratelimit-output-tokens-remaining': '8000',
        'anthropic-ratelimit-requests-remaining': '49',
        'anthropic-ratelimit-tokens-remaining': '38000',
      },
      // No Date header: timestamps (already past at the test's clock) read against ours, a second more uncertain.
      rateResets: Object.fromEntries(
        ['input-tokens', 'output-tokens', 'requests', 'tokens'].map((k) => [`anthropic-ratelimit-${k}-reset`, { ms: 0, precisionMs: 3000 }]),
      ),
      requestId: 'req_011CcnjVcHqLqQKPxvPHWZ5U',
      unsupported: ['seed', 'logprobs', 'topLogprobs'],
      ok: true,
      shape: expect.arrayContaining(['$.content[].text: string', '$.stop_details: null', '$.usage.inference_geo: string']),
      enums: {
        '$.type': 'message',
        '$.stop_reason': 'end_turn',
        '$.content[].type': 'text',
      },
      echoed: { '$.usage.service_tier': 'standard' },
      account: { 'anthropic-organization-id': '00000000-0000-0000-0000-000000000000', '$.usage.inference_geo': 'global' },
      schemaIssues: [],
      text: 'OK',
      finishReason: 'end_turn',
      usage: { input: 21, output: 6, cached: 0, reasoning: 0, total: null },
      cache: {
        prompt: 21,
        read: 0,
        write: 0,
        write5m: 0,
        write1h: 0,
        fields: ['usage.cache_creation.ephemeral_1h_input_tokens', 'usage.cache_creation.ephemeral_5m_input_tokens', 'usage.cache_creation_input_tokens', 'usage.cache_read_input_tokens'],
        retention: null,
      },
      timing: { firstByteMs: expect.any(Number), serverMs: null, serverHeader: null },
      modelReported: 'claude-opus-4-7',
      fingerprint: null,
      logprobs: null,
      modelStatus: null,
    });
  });

  it.each([
    ['claude-opus-4-7', { temperature: 0.2 }, {}, ['temperature']],
    ['claude-opus-4-7', { temperature: 1 }, {}, []],
    ['claude-sonnet-5', { temperature: 0, topP: 0.9 }, {}, ['temperature', 'topP']],
    ['claude-sonnet-4-5-20250929', { temperature: 0, topP: 0.9 }, { temperature: 0 }, ['topP']],
    ['claude-sonnet-4-20250514', { temperature: 0, topP: 0.9 }, { temperature: 0, top_p: 0.9 }, []],
    ['claude-3-5-haiku-20241022', { topP: 0.9 }, { top_p: 0.9 }, []],
  ])('adapts sampling for %s (%j)', (model, params, fields, unsupported) => {
    const built = anthropic.buildRequest(makeCtx('anthropic', model, {}, makeCanary(params)));
    expect(built.request.body).toEqual({
      model,
      max_tokens: 1024,
      system: 'Answer with one word.',
      messages: [{ role: 'user', content: 'Capital of France?' }],
      ...fields,
    });
    expect(built.unsupported).toEqual(unsupported);
  });

  it('concatenates text blocks and skips thinking blocks', () => {
    const body = {
      ...fixtureJson('anthropic', 'message-200.json'),
      content: [
        { type: 'thinking', thinking: 'hmm', signature: 'x' },
        { type: 'text', text: 'Pa' },
        { type: 'text', text: 'ris' },
      ],
    };
    const obs = anthropic.parseResponse(responseResult(200, JSON.stringify(body)), ctx, anthropic.buildRequest(ctx), STARTED);
    expect(obs).toMatchObject({ ok: true, text: 'Paris', enums: { '$.content[].type': 'text,thinking' } });
  });

  it('maps 529 overloaded to http_5xx', () => {
    const obs = anthropic.parseResponse(responseResult(529, fixture('anthropic', 'error-529.json')), ctx, anthropic.buildRequest(ctx), STARTED);
    expect(obs).toMatchObject({ ok: false, failure: { class: 'http_5xx', message: 'HTTP 529 overloaded_error: Overloaded' } });
  });

  it('asks models.get and count_tokens on the side, and reads them flat', () => {
    const side = anthropic.sideRequests(ctx);
    expect(side.map((s) => [s.name, s.request.url, s.request.body])).toEqual([
      ['models.get', 'https://api.anthropic.com/v1/models/claude-sonnet-4-20250514', undefined],
      [
        'count_tokens',
        'https://api.anthropic.com/v1/messages/count_tokens',
        { model: 'claude-sonnet-4-20250514', system: 'Answer with one word.', messages: [{ role: 'user', content: 'Capital of France?' }] },
      ],
    ]);
    const info = '{"type":"model","id":"claude-sonnet-4-20250514","display_name":"Claude Sonnet 4","created_at":"2025-05-22T00:00:00Z","max_input_tokens":200000,"max_tokens":64000}';
    expect(anthropic.parseSide('models.get', responseResult(200, info))).toEqual({
      id: 'claude-sonnet-4-20250514',
      display_name: 'Claude Sonnet 4',
      created_at: '2025-05-22T00:00:00Z',
      max_input_tokens: 200000,
      max_tokens: 64000,
    });
    expect(anthropic.parseSide('count_tokens', responseResult(200, '{"input_tokens":14}'))).toEqual({ input_tokens: 14 });
  });

  const { stop_reason: _s, ...noStop } = fixtureJson('anthropic', 'message-200.json');
  describeWireBehaviour({
    adapter: anthropic,
    ctx,
    origin: ORIGIN,
    path: '/v1/messages',
    okBody: fixture('anthropic', 'message-200.json'),
    error: { status: 404, body: fixture('anthropic', 'error-404.json'), cls: 'model_not_found' },
    rateLimitBody: fixture('anthropic', 'error-429.json'),
    drift: { body: JSON.stringify(noStop), issue: '$.stop_reason: Invalid input: expected string, received undefined' },
    errorBodyOn200: fixture('anthropic', 'error-529.json'),
  });
});
