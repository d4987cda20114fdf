import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { azureOpenai } from '../../src/providers/azure-openai/index.js';
import { describeWireBehaviour } from './behaviour.js';
import { fixture, fixtureJson, headersFixture, makeCtx, roundTrip } from './support.js';
import { useMockAgent } from '../support/mock-agent.js';

const ORIGIN = 'https://contoso.openai.azure.com';
const provider = { baseUrl: `${ORIGIN}/`, apiVersion: '2024-10-21', deployments: { 'gpt-4o': 'prod-gpt4o' } };
const ctx = makeCtx('azure-openai', 'gpt-4o', provider);
const PATH = '/openai/deployments/prod-gpt4o/chat/completions?api-version=2024-10-21';

describe('src/providers/azure-openai', () => {
  let agent: MockAgent;
  useMockAgent((a) => (agent = a));

  it('calls the mapped deployment with api-key and turns the real 200 into an Observation', async () => {
    const headers = headersFixture('azure-openai', 'chat-200.headers.json');
    agent
      .get(ORIGIN)
      .intercept({ path: PATH, method: 'POST', headers: { 'api-key': 'test-key-123456' } })
      .reply(200, fixture('azure-openai', 'chat-200.json'), { headers });
    const { obs } = await roundTrip(azureOpenai, ctx, agent);
    expect(obs).toMatchObject({
      ok: true,
      status: 200,
      headerNames: Object.keys(headers).sort(),
      rateLimits: {},
      rateRemaining: { 'x-ratelimit-remaining-requests': '99', 'x-ratelimit-remaining-tokens': '99985' },
      requestId: '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
      unsupported: [],
      schemaIssues: [],
      text: 'Paris',
      finishReason: 'stop',
      usage: { input: 14, output: 1, cached: null, reasoning: null, total: 15 },
      modelReported: 'gpt-4o-2024-05-13',
      fingerprint: 'fp_abc28019ad',
      logprobs: null,
      modelStatus: null,
    });
    if (obs.ok) expect(obs.shape).toContain('$.prompt_filter_results[].content_filter_results.hate.severity: string');
  });

  it('uses the model id as deployment when unmapped and the default api-version', () => {
    const built = azureOpenai.buildRequest(makeCtx('azure-openai', 'gpt-5-mini', { baseUrl: ORIGIN }));
    expect(built.request.url).toBe(`${ORIGIN}/openai/deployments/gpt-5-mini/chat/completions?api-version=2024-10-21`);
    expect(built.request.headers).toEqual({ 'api-key': 'test-key-123456' });
    expect(built.request.body).not.toHaveProperty('model');
    expect(built.request.body).toHaveProperty('max_completion_tokens', 16);
  });

  const { choices: _c, ...noChoices } = fixtureJson('azure-openai', 'chat-200.json');
  describeWireBehaviour({
    adapter: azureOpenai,
    ctx,
    origin: ORIGIN,
    path: PATH,
    okBody: fixture('azure-openai', 'chat-200.json'),
    error: { status: 404, body: fixture('azure-openai', 'error-404.json'), cls: 'model_not_found' },
    rateLimitBody: fixture('azure-openai', 'error-429.json'),
    drift: { body: JSON.stringify(noChoices), issue: '$.choices: Invalid input: expected array, received undefined' },
    errorBodyOn200: fixture('azure-openai', 'error-429.json'),
  });
});
