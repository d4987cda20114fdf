import { afterEach, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/domain/observation.js';
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

  it('leaves refusal and choices out of an ordinary single answer', async () => {
    const obs = await answer(fixture('openai', 'chat-200.json'));
    expect(obs.ok).toBe(true);
    if (obs.ok) expect([obs.refusal, obs.choices]).toEqual([undefined, undefined]);
  });
});
