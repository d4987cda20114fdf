import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { ANTHROPIC, GEMINI, OPENAI, anthropicMessages, call, geminiGenerate, list, openaiChat, rec, start } from './helpers.js';

describe('src/simulator wire formats', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await start();
  });
  afterAll(() => sim.close());

  it('binds to 127.0.0.1 on an ephemeral port', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.port).toBeGreaterThan(0);
  });

  it('answers OpenAI Chat Completions with the real envelope, usage and headers', async () => {
    const r = await openaiChat(sim, { messages: [{ role: 'user', content: 'Say hi' }], max_tokens: 8, logprobs: true, top_logprobs: 3 });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['id', 'object', 'created', 'model', 'choices', 'usage', 'service_tier', 'system_fingerprint']);
    expect(r.body['object']).toBe('chat.completion');
    expect(r.body['model']).toBe('gpt-4o-mini-2024-07-18');
    expect(r.body['system_fingerprint']).toMatch(/^fp_[0-9a-f]{10}$/);
    const choice = list(r.body['choices'])[0] ?? {};
    expect(Object.keys(rec(choice['message']))).toEqual(['role', 'content', 'refusal', 'annotations']);
    const content = list(rec(choice['logprobs'])['content']);
    expect(content).toHaveLength(8);
    expect(Object.keys(content[0] ?? {})).toEqual(['token', 'logprob', 'bytes', 'top_logprobs']);
    expect(list(content[0]?.['top_logprobs'])).toHaveLength(3);
    expect(choice['finish_reason']).toBe('length');
    const usage = rec(r.body['usage']);
    expect(usage['total_tokens']).toBe(Number(usage['prompt_tokens']) + Number(usage['completion_tokens']));
    expect(Object.keys(rec(usage['completion_tokens_details']))).toEqual([
      'reasoning_tokens', 'audio_tokens', 'accepted_prediction_tokens', 'rejected_prediction_tokens',
    ]);
    for (const h of ['x-request-id', 'openai-processing-ms', 'openai-version', 'x-ratelimit-limit-requests', 'x-ratelimit-limit-tokens',
      'x-ratelimit-remaining-requests', 'x-ratelimit-remaining-tokens', 'x-ratelimit-reset-requests', 'x-ratelimit-reset-tokens']) {
      expect(r.headers[h], h).toBeDefined();
    }
  });

  it('reports logprobs: null unless asked', async () => {
    const r = await openaiChat(sim, { messages: [{ role: 'user', content: 'Say hi' }], max_tokens: 2 });
    expect(list(r.body['choices'])[0]?.['logprobs']).toBeNull();
  });

  it.each([
    ['no key', {}, { messages: [{ role: 'user', content: 'x' }] }, 401, 'invalid_api_key'],
    ['max_tokens on o-series', OPENAI, { model: 'o4-mini', messages: [{ role: 'user', content: 'x' }], max_tokens: 5 }, 400, 'unsupported_parameter'],
    ['temperature on o-series', OPENAI, { model: 'o4-mini', messages: [{ role: 'user', content: 'x' }], temperature: 0 }, 400, 'unsupported_value'],
    ['missing messages', OPENAI, { model: 'gpt-4o' }, 400, null],
  ])('refuses OpenAI requests: %s', async (_name, headers, body, status, code) => {
    const r = await call(sim, 'POST', '/v1/chat/completions', headers, { model: 'gpt-4o-mini', ...body });
    expect(r.status).toBe(status);
    const error = rec(r.body['error']);
    expect(Object.keys(error)).toEqual(['message', 'type', 'param', 'code']);
    expect(error['code']).toBe(code);
  });

  it('accepts max_completion_tokens on o-series and reports reasoning tokens', async () => {
    const r = await openaiChat(sim, { model: 'o4-mini', messages: [{ role: 'user', content: 'x' }], max_completion_tokens: 4 });
    expect(r.status).toBe(200);
    const usage = rec(r.body['usage']);
    const reasoning = Number(rec(usage['completion_tokens_details'])['reasoning_tokens']);
    expect(reasoning).toBeGreaterThan(0);
    expect(usage['completion_tokens']).toBe(4 + reasoning);
  });

  it('serves Azure deployments with api-key and api-version', async () => {
    const path = '/openai/deployments/gpt-4o-mini/chat/completions';
    const ok = await call(sim, 'POST', `${path}?api-version=2024-10-21`, { 'api-key': 'k' }, { messages: [{ role: 'user', content: 'x' }], max_tokens: 2 });
    expect(ok.status).toBe(200);
    expect(ok.body['model']).toBe('gpt-4o-mini-2024-07-18');
    expect(ok.body['prompt_filter_results']).toBeDefined();
    const noVersion = await call(sim, 'POST', path, { 'api-key': 'k' }, { messages: [{ role: 'user', content: 'x' }] });
    expect(noVersion.status).toBe(404);
    const noKey = await call(sim, 'POST', `${path}?api-version=2024-10-21`, {}, { messages: [{ role: 'user', content: 'x' }] });
    expect(noKey.status).toBe(401);
  });

  it('answers the Responses API and its input-token counter', async () => {
    const r = await call(sim, 'POST', '/v1/responses', OPENAI, {
      model: 'gpt-4o', input: 'Hello there', max_output_tokens: 16, include: ['message.output_text.logprobs'], top_logprobs: 2,
    });
    expect(r.status).toBe(200);
    expect(r.body['object']).toBe('response');
    const output = list(r.body['output'])[0] ?? {};
    const part = list(output['content'])[0] ?? {};
    expect(part['type']).toBe('output_text');
    expect(typeof part['text']).toBe('string');
    expect(list(part['logprobs']).length).toBeGreaterThan(0);
    const usage = rec(r.body['usage']);
    expect(Object.keys(usage)).toEqual(['input_tokens', 'input_tokens_details', 'output_tokens', 'output_tokens_details', 'total_tokens']);
    const count = await call(sim, 'POST', '/v1/responses/input_tokens', OPENAI, { model: 'gpt-4o', input: 'Hello there' });
    expect(count.body).toEqual({ object: 'response.input_tokens', input_tokens: usage['input_tokens'] });
  });

  it('lists OpenAI models and gets one', async () => {
    const all = await call(sim, 'GET', '/v1/models', OPENAI);
    expect(all.body['object']).toBe('list');
    expect(list(all.body['data']).map((m) => m['id'])).toContain('gpt-4o-mini');
    const one = await call(sim, 'GET', '/v1/models/gpt-4o', OPENAI);
    expect(Object.keys(one.body)).toEqual(['id', 'object', 'created', 'owned_by']);
  });

  it('answers Anthropic Messages with the real envelope and headers', async () => {
    const r = await anthropicMessages(sim, { system: 'Be brief.', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 5 });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['id', 'type', 'role', 'model', 'content', 'stop_reason', 'stop_sequence', 'usage']);
    expect(r.body['id']).toMatch(/^msg_01/);
    expect(r.body['model']).toBe('claude-sonnet-4-5-20250929');
    expect(list(r.body['content'])[0]?.['type']).toBe('text');
    expect(r.body['stop_reason']).toBe('max_tokens');
    const usage = rec(r.body['usage']);
    expect(usage['output_tokens']).toBe(5);
    expect(usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0, service_tier: 'standard' });
    expect(r.headers['request-id']).toMatch(/^req_/);
    expect(r.headers['anthropic-organization-id']).toBeDefined();
    for (const kind of ['requests', 'tokens', 'input-tokens', 'output-tokens']) {
      expect(Number(r.headers[`anthropic-ratelimit-${kind}-limit`])).toBeGreaterThan(0);
      expect(r.headers[`anthropic-ratelimit-${kind}-remaining`]).toBeDefined();
      expect(r.headers[`anthropic-ratelimit-${kind}-reset`]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
  });

  it.each([
    ['no key', { 'anthropic-version': '2023-06-01' }, {}, 401, 'authentication_error'],
    ['no version', { 'x-api-key': 'k' }, {}, 400, 'invalid_request_error'],
    ['no max_tokens', ANTHROPIC, { max_tokens: undefined }, 400, 'invalid_request_error'],
    ['temperature on opus-4-7', ANTHROPIC, { model: 'claude-opus-4-7', temperature: 0 }, 400, 'invalid_request_error'],
  ])('refuses Anthropic requests: %s', async (_name, headers, extra, status, type) => {
    const body = { model: 'claude-sonnet-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'x' }], ...extra };
    const r = await call(sim, 'POST', '/v1/messages', headers, body);
    expect(r.status).toBe(status);
    expect(r.body['type']).toBe('error');
    expect(rec(r.body['error'])['type']).toBe(type);
  });

  it('accepts temperature 1 on opus-4-7 and counts Anthropic tokens like usage does', async () => {
    const body = { model: 'claude-opus-4-7', messages: [{ role: 'user', content: 'Count me' }] };
    const r = await anthropicMessages(sim, { ...body, temperature: 1, max_tokens: 2 });
    expect(r.status).toBe(200);
    const count = await call(sim, 'POST', '/v1/messages/count_tokens', ANTHROPIC, body);
    expect(count.body).toEqual({ input_tokens: rec(r.body['usage'])['input_tokens'] });
  });

  it('lists Anthropic models when anthropic-version is sent', async () => {
    const r = await call(sim, 'GET', '/v1/models', ANTHROPIC);
    const first = list(r.body['data'])[0] ?? {};
    expect(Object.keys(first)).toEqual(['type', 'id', 'display_name', 'created_at', 'max_input_tokens', 'max_tokens']);
    expect(r.body['has_more']).toBe(false);
    const one = await call(sim, 'GET', '/v1/models/claude-haiku-4-5', ANTHROPIC);
    expect(one.body['id']).toBe('claude-haiku-4-5-20251001');
  });

  it('answers Gemini generateContent with candidates, logprobs and usage', async () => {
    const r = await geminiGenerate(sim, {
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      contents: [{ role: 'user', parts: [{ text: 'Hello' }] }],
      generationConfig: { maxOutputTokens: 4, responseLogprobs: true, logprobs: 3, temperature: 0.5, seed: 3, thinkingConfig: { thinkingBudget: 0 } },
    });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['candidates', 'usageMetadata', 'modelVersion', 'responseId']);
    const cand = list(r.body['candidates'])[0] ?? {};
    expect(rec(cand['content'])['role']).toBe('model');
    expect(cand['finishReason']).toBe('MAX_TOKENS');
    expect(typeof cand['avgLogprobs']).toBe('number');
    const lp = rec(cand['logprobsResult']);
    expect(list(lp['chosenCandidates'])).toHaveLength(4);
    expect(list(list(lp['topCandidates'])[0]?.['candidates'])).toHaveLength(3);
    const u = rec(r.body['usageMetadata']);
    expect(u['totalTokenCount']).toBe(Number(u['promptTokenCount']) + Number(u['candidatesTokenCount']) + Number(u['thoughtsTokenCount']));
  });

  it('accepts the Gemini key as ?key= and refuses a missing key', async () => {
    const ok = await call(sim, 'POST', '/v1beta/models/gemini-2.0-flash:generateContent?key=k', {}, { contents: [{ parts: [{ text: 'x' }] }] });
    expect(ok.status).toBe(200);
    expect(ok.body['modelVersion']).toBe('gemini-2.0-flash-001');
    expect(rec(ok.body['usageMetadata'])['thoughtsTokenCount']).toBeUndefined();
    const no = await call(sim, 'POST', '/v1beta/models/gemini-2.0-flash:generateContent', {}, { contents: [{ parts: [{ text: 'x' }] }] });
    expect(no.status).toBe(401);
    expect(Object.keys(rec(no.body['error']))).toEqual(['code', 'message', 'status']);
  });

  it('answers Gemini countTokens and models.get', async () => {
    const body = { contents: [{ parts: [{ text: 'Count these words' }] }] };
    const count = await call(sim, 'POST', '/v1beta/models/gemini-2.5-flash:countTokens', GEMINI, body);
    const gen = await geminiGenerate(sim, { ...body, generationConfig: { maxOutputTokens: 1 } });
    expect(count.body['totalTokens']).toBe(rec(gen.body['usageMetadata'])['promptTokenCount']);
    const meta = await call(sim, 'GET', '/v1beta/models/gemini-2.5-flash', GEMINI);
    expect(meta.body).toMatchObject({ name: 'models/gemini-2.5-flash', inputTokenLimit: 1048576, outputTokenLimit: 65536, temperature: 1, maxTemperature: 2, thinking: true });
    for (const k of ['version', 'displayName', 'topP', 'topK']) expect(meta.body[k], k).toBeDefined();
  });

  it.each([
    ['openai', (i: number) => openaiChat(sim, { messages: [{ role: 'user', content: 'Fixed prompt, ünïcode' }], max_tokens: 12, temperature: 0, seed: i })
      .then((r) => [rec(r.body['usage'])['prompt_tokens'], rec(list(r.body['choices'])[0]?.['message'])['content']])],
    ['anthropic', (i: number) => anthropicMessages(sim, { messages: [{ role: 'user', content: `Fixed prompt${' '.repeat(i % 1)}` }], max_tokens: 12, temperature: 0 })
      .then((r) => [rec(r.body['usage'])['input_tokens'], list(r.body['content'])[0]?.['text']])],
    ['gemini', () => geminiGenerate(sim, { contents: [{ parts: [{ text: 'Fixed prompt' }] }], generationConfig: { temperature: 0, maxOutputTokens: 12, thinkingConfig: { thinkingBudget: 0 } } })
      .then((r) => [rec(r.body['usageMetadata'])['promptTokenCount'], rec(list(rec(list(r.body['candidates'])[0]?.['content'])['parts'])[0])['text']])],
  ])('%s: input tokens are constant and temperature 0 is mostly identical', async (_name, once) => {
    const results: unknown[][] = [];
    for (let i = 0; i < 30; i++) results.push(await once(i));
    expect(new Set(results.map((r) => r[0])).size).toBe(1);
    const texts = results.map((r) => r[1]);
    const mode = Math.max(...texts.map((t) => texts.filter((u) => u === t).length));
    expect(mode).toBeGreaterThanOrEqual(26);
  });

  it('answers unknown routes with 404', async () => {
    const r = await call(sim, 'GET', '/v2/nothing', OPENAI);
    expect(r.status).toBe(404);
  });
});
