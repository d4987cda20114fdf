import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation, StreamReading } from '../../src/domain/observation.js';
import { anthropic } from '../../src/providers/anthropic/index.js';
import { gemini } from '../../src/providers/gemini/index.js';
import { openai } from '../../src/providers/openai/index.js';
import type { ProviderAdapter, SampleContext } from '../../src/providers/types.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { exchange, serveBody } from './loopback.js';
import { fixture, makeCanary, makeCtx } from './support.js';

const streamed = makeCanary({ temperature: 0, maxTokens: 16, stream: true });

function reading(obs: Observation): StreamReading | undefined {
  expect(obs.ok, JSON.stringify(obs)).toBe(true);
  return obs.ok ? obs.stream : undefined;
}

/** Every wire format's stream, with its baseline reading on the simulator. */
const FORMATS: { name: string; adapter: ProviderAdapter; ctx: (base: string) => SampleContext; events: string[] }[] = [
  {
    name: 'Chat Completions',
    adapter: openai,
    ctx: (base) => makeCtx('openai', 'gpt-4o-mini', { baseUrl: `${base}/v1` }, streamed),
    events: ['chunk.role', 'chunk.content', 'chunk.finish'],
  },
  {
    name: 'Responses API',
    adapter: openai,
    ctx: (base) => makeCtx('openai', 'gpt-4o-mini', { baseUrl: `${base}/v1`, api: 'responses' }, streamed),
    events: ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.done', 'response.content_part.done', 'response.output_item.done'],
  },
  {
    name: 'Anthropic Messages',
    adapter: anthropic,
    ctx: (base) => makeCtx('anthropic', 'claude-sonnet-4-5', { baseUrl: base }, streamed),
    events: ['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta'],
  },
  {
    name: 'Gemini streamGenerateContent',
    adapter: gemini,
    ctx: (base) => makeCtx('gemini', 'gemini-2.0-flash', { baseUrl: `${base}/v1beta` }, streamed),
    events: ['chunk.text'],
  },
];

describe('stream shape: each wire format streamed and read (simulator on loopback)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 3 });
  });
  afterAll(() => sim.close());

  it.each(FORMATS)('$name: the answer is assembled and the contract read', async ({ adapter, ctx, events }) => {
    sim.setScenarios([]);
    const obs = await exchange(adapter, ctx(sim.url));
    expect(reading(obs)).toEqual({ events, usage: true, terminator: true, keepAlives: adapter === anthropic ? 1 : 0 });
    expect(obs.ok && obs.text.length > 0).toBe(true);
    expect(obs.ok && obs.usage.output).toBeGreaterThan(0);
    expect(obs.ok && obs.schemaIssues).toEqual([]);
  });

  it.each(FORMATS)('$name: stream-usage-dropped leaves no usage report, the rest unchanged', async ({ adapter, ctx, events }) => {
    sim.setScenarios(['stream-usage-dropped']);
    const obs = await exchange(adapter, ctx(sim.url));
    sim.setScenarios([]);
    expect(reading(obs)).toMatchObject({ events, usage: false, terminator: true });
  });

  it.each(FORMATS.filter((f) => f.adapter !== gemini))('$name: stream-events-reordered changes the event sequence', async ({ adapter, ctx, events }) => {
    sim.setScenarios(['stream-events-reordered']);
    const obs = await exchange(adapter, ctx(sim.url));
    sim.setScenarios([]);
    const r = reading(obs);
    expect(r?.events).not.toEqual(events);
    expect([...new Set(r?.events)].sort()).toEqual([...new Set(events)].sort());
    expect(r).toMatchObject({ usage: true, terminator: true });
  });
});

describe('stream shape: a documented Anthropic stream (ping, keep-alive comment, no message_stop)', () => {
  it('reads pings and comments as keep-alives and assembles the message', async () => {
    const server = await serveBody(`: keep-alive\n\n${fixture('anthropic', 'message-stream-200.sse')}`, 200, { 'content-type': 'text/event-stream' });
    try {
      const obs = await exchange(anthropic, makeCtx('anthropic', 'claude-sonnet-4-5', { baseUrl: server.origin }, streamed));
      expect(reading(obs)).toEqual({
        events: ['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta'],
        usage: true,
        terminator: true,
        keepAlives: 2,
      });
      expect(obs).toMatchObject({ text: 'Hello!', finishReason: 'end_turn', usage: { input: 25, output: 15 }, modelReported: 'claude-sonnet-4-5-20250929' });
    } finally {
      await server.close();
    }
    const cut = await serveBody(fixture('anthropic', 'message-stream-200.sse').replace(/event: message_stop\n.*\n/, ''), 200, { 'content-type': 'text/event-stream' });
    try {
      const obs = await exchange(anthropic, makeCtx('anthropic', 'claude-sonnet-4-5', { baseUrl: cut.origin }, streamed));
      expect(reading(obs)).toMatchObject({ terminator: false, usage: true });
    } finally {
      await cut.close();
    }
  });
});
