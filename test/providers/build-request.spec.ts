import { describe, expect, it } from 'vitest';
import { providers } from '../../src/providers/registry.js';
import { makeCtx } from './support.js';

const system = 'Answer with one word.';
const user = 'Capital of France?';

/** The same canary (temperature 0, seed 7, maxTokens 16, logprobs with top 2) on every wire format. */
const table = [
  {
    type: 'openai' as const,
    model: 'gpt-4o-mini',
    provider: {},
    url: 'https://api.openai.com/v1/chat/completions',
    headers: { authorization: 'Bearer test-key-123456' },
    body: {
      model: 'gpt-4o-mini',
      messages: [{ role: 'system', content: system }, { role: 'user', content: user }],
      temperature: 0,
      seed: 7,
      max_tokens: 16,
      logprobs: true,
      top_logprobs: 2,
    },
    unsupported: [],
  },
  {
    type: 'openai-compatible' as const,
    model: 'llama-3.1-8b',
    provider: { baseUrl: 'http://localhost:11434/v1/' },
    url: 'http://localhost:11434/v1/chat/completions',
    headers: { authorization: 'Bearer test-key-123456' },
    body: {
      model: 'llama-3.1-8b',
      messages: [{ role: 'system', content: system }, { role: 'user', content: user }],
      temperature: 0,
      seed: 7,
      max_tokens: 16,
      logprobs: true,
      top_logprobs: 2,
    },
    unsupported: [],
  },
  {
    type: 'azure-openai' as const,
    model: 'gpt-4o',
    provider: { baseUrl: 'https://contoso.openai.azure.com', apiVersion: '2025-01-01-preview' },
    url: 'https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2025-01-01-preview',
    headers: { 'api-key': 'test-key-123456' },
    body: {
      messages: [{ role: 'system', content: system }, { role: 'user', content: user }],
      temperature: 0,
      seed: 7,
      max_tokens: 16,
      logprobs: true,
      top_logprobs: 2,
    },
    unsupported: [],
  },
  {
    type: 'anthropic' as const,
    model: 'claude-haiku-4-5',
    provider: {},
    url: 'https://api.anthropic.com/v1/messages',
    headers: { 'x-api-key': 'test-key-123456', 'anthropic-version': '2023-06-01' },
    body: { model: 'claude-haiku-4-5', max_tokens: 16, system, messages: [{ role: 'user', content: user }], temperature: 0 },
    unsupported: ['seed', 'logprobs', 'topLogprobs'],
  },
  {
    type: 'gemini' as const,
    model: 'gemini-2.5-flash',
    provider: { headers: { 'x-extra': '1' } },
    url: 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    headers: { 'x-goog-api-key': 'test-key-123456', 'x-extra': '1' },
    body: {
      contents: [{ role: 'user', parts: [{ text: user }] }],
      systemInstruction: { parts: [{ text: system }] },
      generationConfig: { temperature: 0, maxOutputTokens: 16, seed: 7, responseLogprobs: true, logprobs: 2, thinkingConfig: { thinkingBudget: 0 } },
    },
    unsupported: [],
  },
];

describe('src/providers/*/index.ts buildRequest', () => {
  it.each(table)('$type maps the reference canary', ({ type, model, provider, url, headers, body, unsupported }) => {
    const built = providers[type].buildRequest(makeCtx(type, model, provider));
    expect(built).toEqual({ request: { method: 'POST', url, headers, body }, unsupported });
  });

  it('covers every registered adapter', () => {
    expect(table.map((t) => t.type).sort()).toEqual(Object.keys(providers).sort());
  });

  it.each(table)('$type replaces the last user message with an item prompt and maps assistant turns', ({ type, model, provider }) => {
    const ctx = makeCtx(type, model, provider);
    ctx.canary = {
      ...ctx.canary,
      request: {
        ...ctx.canary.request,
        messages: [
          { role: 'user', content: 'Q1' },
          { role: 'assistant', content: 'A1' },
          { role: 'user', content: 'Q2' },
        ],
      },
    };
    ctx.item = { id: 'i1', prompt: 'ITEM' };
    const text = JSON.stringify(providers[type].buildRequest(ctx).request.body);
    expect(text).toContain('ITEM');
    expect(text).not.toContain('Q2');
    expect(text).toContain(type === 'gemini' ? '"role":"model"' : '"role":"assistant"');
  });
});
