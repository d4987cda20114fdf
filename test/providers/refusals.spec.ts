import { afterEach, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/domain/observation.js';
import { anthropic } from '../../src/providers/anthropic/index.js';
import { openai } from '../../src/providers/openai/index.js';
import { exchange, serveBody, type Loopback } from './loopback.js';
import { fixture, makeCanary, makeCtx } from './support.js';

const canary = makeCanary({ temperature: 0, maxTokens: 16 });

describe('src/providers/openai-wire: refusals and several choices, over loopback HTTP', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function answer(body: string, api: 'chat' | 'responses' = 'chat'): Promise<Observation> {
    server = await serveBody(body);
    const provider = { baseUrl: `${server.origin}/v1`, ...(api === 'responses' ? { api } : {}) };
    return exchange(openai, makeCtx('openai', 'gpt-4o', provider, canary));
  }

  it('reads a Chat Completions refusal (message.refusal, content null) as a value of the observation', async () => {
    const obs = await answer(fixture('openai', 'chat-refusal-200.json'));
    expect(obs).toMatchObject({
      ok: true,
      schemaIssues: [],
      text: '',
      finishReason: 'stop',
      refusal: "I'm sorry, I can't assist with that request.",
    });
  });

  it('reads a Responses refusal content part as a value of the observation', async () => {
    const obs = await answer(fixture('openai', 'responses-refusal-200.json'), 'responses');
    expect(obs).toMatchObject({
      ok: true,
      schemaIssues: [],
      text: '',
      finishReason: 'completed',
      refusal: "I'm sorry, but I can't help with that.",
      enums: { '$.output[].content[].type': 'refusal' },
    });
  });

  it('reads every choice of a response with n > 1, not just choices[0]', async () => {
    const obs = await answer(fixture('openai', 'chat-n2-200.json'));
    expect(obs).toMatchObject({
      ok: true,
      schemaIssues: [],
      text: 'Paris',
      choices: [
        { text: 'Paris', finishReason: 'stop' },
        { text: '', finishReason: 'stop', refusal: "I can't help with that." },
      ],
    });
    if (obs.ok) expect(obs.refusal).toBeUndefined();
  });

  it('reads a streamed refusal (delta.refusal pieces) as a value of the observation', async () => {
    const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
      `data: ${JSON.stringify({ id: 'chatcmpl-R', object: 'chat.completion.chunk', created: 1770933892, model: 'gpt-4o-2024-08-06', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
    const usage = { prompt_tokens: 19, completion_tokens: 10, total_tokens: 29 };
    const sse = [
      chunk({ role: 'assistant', content: null, refusal: '' }),
      chunk({ refusal: "I'm sorry, " }),
      chunk({ refusal: "I can't help with that." }),
      chunk({}, 'stop'),
      `data: ${JSON.stringify({ id: 'chatcmpl-R', object: 'chat.completion.chunk', created: 1770933892, model: 'gpt-4o-2024-08-06', choices: [], usage })}\n\n`,
      'data: [DONE]\n\n',
    ].join('');
    server = await serveBody(sse, 200, { 'content-type': 'text/event-stream' });
    const streamed = makeCanary({ temperature: 0, clientMaxTokens: 64 });
    const obs = await exchange(openai, makeCtx('openai', 'gpt-4o', { baseUrl: `${server.origin}/v1` }, streamed));
    expect(server.received[0]).toMatchObject({ stream: true });
    expect(obs).toMatchObject({ ok: true, text: '', finishReason: 'stop', refusal: "I'm sorry, I can't help with that." });
  });

  it('leaves refusal and choices out of an ordinary single answer', async () => {
    const obs = await answer(fixture('openai', 'chat-200.json'));
    expect(obs.ok).toBe(true);
    if (obs.ok) expect([obs.refusal, obs.choices]).toEqual([undefined, undefined]);
  });
});

describe('src/providers/anthropic: a refusal stop, over loopback HTTP', () => {
  it('reads stop_reason "refusal" as a value of the observation', async () => {
    // Shape per https://docs.claude.com/en/docs/test-and-evaluate/strengthen-guardrails/handle-streaming-refusals
    const body = {
      id: 'msg_01Refusal0000000000000000',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [],
      stop_reason: 'refusal',
      stop_sequence: null,
      usage: { input_tokens: 14, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    };
    const server = await serveBody(JSON.stringify(body));
    try {
      const obs = await exchange(anthropic, makeCtx('anthropic', 'claude-sonnet-4-5', { baseUrl: server.origin }, canary));
      expect(obs).toMatchObject({ ok: true, schemaIssues: [], text: '', finishReason: 'refusal', refusal: 'stop_reason: refusal' });
    } finally {
      await server.close();
    }
  });
});
