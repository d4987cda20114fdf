import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { gemini } from '../../src/providers/gemini/index.js';
import { describeWireBehaviour } from './behaviour.js';
import { fixture, fixtureJson, makeCanary, makeCtx, responseResult, roundTrip, STARTED } from './support.js';
import { useMockAgent } from '../support/mock-agent.js';

const ORIGIN = 'https://generativelanguage.googleapis.com';
const ctx = makeCtx('gemini', 'gemini-2.5-flash');
const PATH = '/v1beta/models/gemini-2.5-flash:generateContent';

describe('src/providers/gemini', () => {
  let agent: MockAgent;
  useMockAgent((a) => (agent = a));

  it('turns the real 200 into an exact Observation', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: PATH, method: 'POST', headers: { 'x-goog-api-key': 'test-key-123456' } })
      .reply(200, fixture('gemini', 'generate-200.json'), { headers: { 'content-type': 'application/json; charset=UTF-8' } });
    const plain = makeCtx('gemini', 'gemini-2.5-flash', {}, makeCanary({ temperature: 0 }));
    const { obs } = await roundTrip(gemini, plain, agent);
    expect(obs).toEqual({
      target: 'p/gemini-2.5-flash',
      canary: 'capital',
      sample: 0,
      timestamp: '2026-01-01T00:00:00.000Z',
      latencyMs: expect.any(Number),
      status: 200,
      headerNames: ['content-type'],
      rateLimits: {},
      rateRemaining: {},
      rateResets: {},
      requestId: 'Un6LacrVMcjUxs0PmJfWoQc',
      unsupported: [],
      ok: true,
      shape: expect.arrayContaining(['$.candidates[].content.parts[].text: string', '$.usageMetadata.thoughtsTokenCount: number']),
      enums: { '$.candidates[].finishReason': 'STOP' },
      schemaIssues: [],
      text: "There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.",
      finishReason: 'STOP',
      usage: { input: 9, output: 28, cached: null, reasoning: 244, total: 281 },
      // No cachedContentTokenCount: Gemini leaves it out when nothing came from the cache.
      cache: { prompt: 9, read: 0, write: null, write5m: null, write1h: null, fields: [], retention: null },
      timing: { firstByteMs: expect.any(Number), serverMs: null, serverHeader: null },
      modelReported: 'gemini-3-pro-preview',
      fingerprint: null,
      logprobs: null,
      modelStatus: null,
      thinking: { sent: 'thinkingBudget=0', canTurnOff: true, capAllowance: 0 },
    });
  });

  it('reads logprobsResult (a missing logProbability is 0) and modelStatus', () => {
    const obs = gemini.parseResponse(responseResult(200, fixture('gemini', 'generate-logprobs-200.json')), ctx, gemini.buildRequest(ctx), STARTED);
    expect(obs).toMatchObject({
      ok: true,
      schemaIssues: [],
      text: 'I do not have access',
      modelReported: 'gemini-1.5-flash-002',
      modelStatus: { stage: 'LEGACY', retirementTime: '2026-09-24T00:00:00Z', message: 'Use gemini-2.5-flash instead.' },
      enums: { '$.candidates[].finishReason': 'STOP', '$.modelStatus.modelStage': 'LEGACY' },
    });
    if (!obs.ok) return;
    expect(obs.logprobs?.slice(0, 3)).toEqual([
      { token: 'I', logprob: -1.08472495e-5, top: [{ token: 'I', logprob: -1.08472495e-5 }, { token: 'As', logprob: -11.5 }] },
      { token: ' do', logprob: -0.00012611414, top: [{ token: ' do', logprob: -0.00012611414 }] },
      { token: ' not', logprob: 0, top: [{ token: ' not', logprob: 0 }] },
    ]);
  });

  it('maps 429 RESOURCE_EXHAUSTED RetryInfo to retryAfterSeconds when no header says', () => {
    const obs = gemini.parseResponse(responseResult(429, fixture('gemini', 'error-429.json')), ctx, gemini.buildRequest(ctx), STARTED);
    expect(obs).toMatchObject({ ok: false, failure: { class: 'rate_limited', retryAfterSeconds: 34.4 } });
  });

  it('maps 400 API_KEY_INVALID to auth', () => {
    const body = '{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}';
    const obs = gemini.parseResponse(responseResult(400, body), ctx, gemini.buildRequest(ctx), STARTED);
    expect(obs).toMatchObject({ ok: false, failure: { class: 'auth', message: 'HTTP 400 API_KEY_INVALID' } });
  });

  it('asks models.get and countTokens on the side, and reads them flat', () => {
    const side = gemini.sideRequests(makeCtx('gemini', 'models/gemini-2.5-flash'));
    expect(side.map((s) => [s.name, s.request.url])).toEqual([
      ['models.get', 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash'],
      ['count_tokens', 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:countTokens'],
    ]);
    expect(side[1]?.request.body).toEqual({
      generateContentRequest: {
        model: 'models/gemini-2.5-flash',
        contents: [{ role: 'user', parts: [{ text: 'Capital of France?' }] }],
        systemInstruction: { parts: [{ text: 'Answer with one word.' }] },
      },
    });
    const model = JSON.stringify({
      name: 'models/gemini-2.5-flash',
      version: '001',
      displayName: 'Gemini 2.5 Flash',
      inputTokenLimit: 1048576,
      outputTokenLimit: 65536,
      temperature: 1,
      maxTemperature: 2,
      topP: 0.95,
      topK: 64,
      thinking: true,
    });
    expect(gemini.parseSide('models.get', responseResult(200, model))).toEqual({
      name: 'models/gemini-2.5-flash',
      version: '001',
      inputTokenLimit: 1048576,
      outputTokenLimit: 65536,
      temperature: 1,
      maxTemperature: 2,
      topP: 0.95,
      topK: 64,
    });
    expect(gemini.parseSide('count_tokens', responseResult(200, '{"totalTokens":12}'))).toEqual({ totalTokens: 12 });
  });

  const { modelVersion: _m, ...noVersion } = fixtureJson('gemini', 'generate-200.json');
  describeWireBehaviour({
    adapter: gemini,
    ctx,
    origin: ORIGIN,
    path: PATH,
    okBody: fixture('gemini', 'generate-200.json'),
    error: { status: 404, body: fixture('gemini', 'error-404.json'), cls: 'model_not_found' },
    rateLimitBody: fixture('gemini', 'error-429.json'),
    drift: { body: JSON.stringify(noVersion), issue: '$.modelVersion: Invalid input: expected string, received undefined' },
    errorBodyOn200: fixture('gemini', 'error-400.json'),
  });
});
