import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.js';
import { sseData } from '../../src/providers/openai-wire/stream.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { call } from './helpers.js';

const AUTH = { authorization: 'Bearer sk-test' };
const BODY = { model: 'gpt-4o-mini', temperature: 0, messages: [{ role: 'user', content: 'Write the numbers from 1 to 100000 in words. Do not stop early.' }] };

describe('src/simulator chat completions with stream: true', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 5 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('sends the answer as chunk events (role, one per token, finish, usage) ending in [DONE]', async () => {
    const whole = await call(sim, 'POST', '/v1/chat/completions', AUTH, BODY);
    const res = await fetch(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...AUTH },
      body: JSON.stringify({ ...BODY, stream: true, stream_options: { include_usage: true } }),
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const text = await res.text();
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const chunks = sseData(text) as { object: string; choices: { delta: { content?: string }; finish_reason: string | null }[]; usage: unknown }[];
    const usage = (whole.body['usage'] as { completion_tokens: number });
    expect(chunks).toHaveLength(usage.completion_tokens + 3);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    const content = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(content).toBe((whole.body['choices'] as { message: { content: string } }[])[0]!.message.content);
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('length');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: whole.body['usage'] as object });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it('counts a streamed generation once, as a whole one (what the e2e tests count a cycle\'s requests by)', async () => {
    const before = sim.generations();
    await call(sim, 'POST', '/v1/chat/completions', AUTH, { ...BODY, max_tokens: 4 });
    const res = await fetch(`${sim.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...AUTH }, body: JSON.stringify({ ...BODY, max_tokens: 4, stream: true }) });
    await res.text();
    expect(sim.generations() - before).toBe(2);
  });

  it('a client that stops after N events closes the connection and keeps exactly N', async () => {
    const result = await createHttpClient().send(
      { method: 'POST', url: `${sim.url}/v1/chat/completions`, headers: AUTH, body: { ...BODY, stream: true }, stopAfterEvents: 21 },
      { timeoutMs: 5_000, maxRetries: 0 },
    );
    expect(result.kind === 'response' && result.response.stoppedEarly).toBe(true);
    if (result.kind !== 'response') return;
    const chunks = sseData(result.response.bodyText) as { choices: { delta: { content?: string } }[] }[];
    expect(chunks).toHaveLength(21);
    expect(chunks.filter((c) => (c.choices[0]?.delta.content ?? '') !== '')).toHaveLength(20);
  });
});
