import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { openaiCompatible } from '../../src/providers/openai-compatible/index.js';
import { describeWireBehaviour } from './behaviour.js';
import { fixture, fixtureJson, makeCtx, responseResult, roundTrip, STARTED } from './support.js';
import { useMockAgent } from '../support/mock-agent.js';

const ORIGIN = 'http://127.0.0.1:8000';
const ctx = makeCtx('openai-compatible', 'meta-llama/Llama-3.1-8B-Instruct', { apiKey: undefined });

describe('src/providers/openai-compatible', () => {
  let agent: MockAgent;
  useMockAgent((a) => (agent = a));

  it('sends no auth without a key and reads the real vLLM 200 (no fingerprint, null details)', async () => {
    expect(openaiCompatible.buildRequest(ctx).request.headers).toEqual({});
    agent.get(ORIGIN).intercept({ path: '/v1/chat/completions', method: 'POST' }).reply(200, fixture('openai-compatible', 'vllm-200.json'));
    const { obs } = await roundTrip(openaiCompatible, ctx, agent);
    expect(obs).toMatchObject({
      ok: true,
      schemaIssues: [],
      text: 'Paris',
      finishReason: 'stop',
      usage: { input: 42, output: 2, cached: null, reasoning: null, total: 44 },
      modelReported: 'meta-llama/Llama-3.1-8B-Instruct',
      fingerprint: null,
      logprobs: null,
      enums: { '$.object': 'chat.completion', '$.choices[].finish_reason': 'stop' },
    });
  });

  it('reads the real Ollama 200 (fingerprint fp_ollama, extra reasoning field)', () => {
    const obs = openaiCompatible.parseResponse(responseResult(200, fixture('openai-compatible', 'ollama-200.json')), ctx, openaiCompatible.buildRequest(ctx), STARTED);
    expect(obs).toMatchObject({ ok: true, schemaIssues: [], text: 'Hello', fingerprint: 'fp_ollama', usage: { input: 73, output: 78, total: 151 } });
  });

  it('tolerates a string created, missing usage and null logprobs', () => {
    const { usage: _u, ...body } = fixtureJson('openai-compatible', 'vllm-200.json');
    const obs = openaiCompatible.parseResponse(responseResult(200, JSON.stringify({ ...body, created: '1733000000' })), ctx, openaiCompatible.buildRequest(ctx), STARTED);
    expect(obs).toMatchObject({ ok: true, schemaIssues: [], usage: { input: null, output: null, cached: null, reasoning: null, total: null } });
  });

  const { model: _m, ...noModel } = fixtureJson('openai-compatible', 'vllm-200.json');
  describeWireBehaviour({
    adapter: openaiCompatible,
    ctx,
    origin: ORIGIN,
    path: '/v1/chat/completions',
    okBody: fixture('openai-compatible', 'vllm-200.json'),
    error: { status: 404, body: fixture('openai-compatible', 'vllm-error-404.json'), cls: 'model_not_found' },
    rateLimitBody: '{"error":{"message":"Too many requests","type":"rate_limit","code":429}}',
    drift: { body: JSON.stringify(noModel), issue: '$.model: Invalid input: expected string, received undefined' },
    errorBodyOn200: fixture('openai-compatible', 'vllm-error-404.json'),
  });
});
