import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioIds, type ScenarioOptions, type Simulator } from '../../src/simulator/index.js';
import { parseReset } from '../../src/providers/shared/reset.js';
import { ANTHROPIC, GEMINI, OPENAI, anthropicMessages, call, geminiGenerate, list, mcq, openaiChat, rec, start } from './helpers.js';
import { serviceCases } from './service-cases.js';

type Probe = (sim: Simulator) => Promise<unknown>;

interface Case {
  /** What to measure, once with no scenario and once with the scenario active. */
  probe: Probe;
  /** The observable effect. */
  expectChange(before: unknown, after: unknown): void;
  options?: Partial<ScenarioOptions>;
}

const choice0 = (body: Record<string, unknown>): Record<string, unknown> => list(body['choices'])[0] ?? {};
const usage = (body: Record<string, unknown>): Record<string, unknown> => rec(body['usage']);
const user = (content: string): { messages: { role: string; content: string }[] } => ({ messages: [{ role: 'user', content }] });
const num = (v: unknown): number => Number(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const TENANT_BODY = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], max_tokens: 1, temperature: 0, logprobs: true, top_logprobs: 5 };

/** token -> logprob of the first output token's top list. */
function topLogprobs(body: Record<string, unknown>): Record<string, number> {
  const first = rec(arr(rec(choice0(body)['logprobs'])['content'])[0]);
  return Object.fromEntries(arr(first['top_logprobs']).map((t) => [String(rec(t)['token']), Number(rec(t)['logprob'])]));
}

/** Largest logprob difference over the union of tokens (a missing token counts as 1 nat away). */
function logprobDistance(a: unknown, b: unknown): number {
  const [x, y] = [rec(a) as Record<string, number>, rec(b) as Record<string, number>];
  const tokens = new Set([...Object.keys(x), ...Object.keys(y)]);
  return Math.max(...[...tokens].map((t) => (t in x && t in y ? Math.abs((x[t] ?? 0) - (y[t] ?? 0)) : 1)));
}

const cases: Record<string, Case> = {
  ...serviceCases,
  none: {
    probe: async (sim) => {
      const r = await openaiChat(sim, { ...user('Same as ever'), max_tokens: 1, temperature: 0 });
      return [r.status, r.body['model'], usage(r.body)['prompt_tokens']];
    },
    expectChange: (b, a) => expect(a).toEqual(b),
  },
  'logprobs-removed': {
    probe: async (sim) => {
      const r = await openaiChat(sim, { ...user('x'), max_tokens: 2, logprobs: true, top_logprobs: 2 });
      const g = await geminiGenerate(sim, { contents: [{ parts: [{ text: 'x' }] }], generationConfig: { responseLogprobs: true, maxOutputTokens: 2 } });
      return ['logprobs' in choice0(r.body), 'logprobsResult' in (list(g.body['candidates'])[0] ?? {})];
    },
    expectChange: (b, a) => {
      expect(b).toEqual([true, true]);
      expect(a).toEqual([false, false]);
    },
  },
  'tokenizer-change': {
    probe: async (sim) => usage((await openaiChat(sim, { ...user('naïve café'), max_tokens: 1 })).body)['prompt_tokens'],
    expectChange: (b, a) => expect(num(a) - num(b)).toBe(4),
  },
  'hidden-system-prompt': {
    probe: async (sim) => {
      const body = { messages: [{ role: 'user', content: 'plain prompt' }] };
      const r = await anthropicMessages(sim, { ...body, max_tokens: 1 });
      const count = await call(sim, 'POST', '/v1/messages/count_tokens', ANTHROPIC, { model: 'claude-sonnet-4-5', ...body });
      return [usage(r.body)['input_tokens'], count.body['input_tokens']];
    },
    expectChange: (b, a) => {
      expect(num(arr(a)[0]) - num(arr(b)[0])).toBe(23);
      expect(arr(a)[1]).toBe(arr(b)[1]);
    },
  },
  'model-repointed': {
    probe: async (sim) => {
      const r = await openaiChat(sim, { ...user('Who are you'), max_tokens: 20, temperature: 0 });
      return [r.body['model'], r.body['system_fingerprint'], rec(choice0(r.body)['message'])['content']];
    },
    expectChange: (b, a) => {
      expect(arr(b)[0]).toBe('gpt-4o-mini-2024-07-18');
      expect(arr(a)[0]).toBe('gpt-4o-mini-2026-02-10');
      expect(arr(a)[1]).not.toBe(arr(b)[1]);
      expect(arr(a)[2]).not.toBe(arr(b)[2]);
    },
  },
  'tenant-repointed': {
    // One tenant, named by header, organisation or key, gets a finetune under the same id; others keep the base model.
    probe: async (sim) => {
      const as = async (headers: Record<string, string>): Promise<unknown[]> => {
        const r = await call(sim, 'POST', '/v1/chat/completions', { authorization: 'Bearer sk-test', ...headers }, TENANT_BODY);
        return [r.body['model'], r.body['system_fingerprint'], topLogprobs(r.body)];
      };
      return { header: await as({ 'x-tenant': 'tenant-b' }), other: await as({ 'x-tenant': 'tenant-a' }), key: await as({}) };
    },
    options: { tenant: 'tenant-b' },
    expectChange: (b, a) => {
      const [before, after] = [rec(b), rec(a)];
      for (const who of ['header', 'other', 'key']) expect(arr(after[who]).slice(0, 2)).toEqual(arr(before[who]).slice(0, 2));
      expect(logprobDistance(arr(after['header'])[2], arr(before['header'])[2])).toBeGreaterThan(0.05);
      expect(logprobDistance(arr(after['other'])[2], arr(before['other'])[2])).toBeLessThan(0.01);
      expect(logprobDistance(arr(after['key'])[2], arr(before['key'])[2])).toBeLessThan(0.01);
    },
  },
  'field-renamed': {
    probe: async (sim) => Object.keys(usage((await openaiChat(sim, { ...user('x'), max_tokens: 1 })).body)),
    expectChange: (b, a) => {
      expect(b).toContain('completion_tokens');
      expect(a).not.toContain('completion_tokens');
      expect(a).toContain('output_tokens');
    },
  },
  'ratelimit-window-changed': {
    probe: async (sim) => {
      const o = await openaiChat(sim, { ...user('x'), max_tokens: 1 });
      const an = await anthropicMessages(sim, { ...user('x'), max_tokens: 1 });
      return [o.headers['x-ratelimit-limit-requests'], an.headers['anthropic-ratelimit-requests-limit']];
    },
    expectChange: (b, a) => {
      expect(b).toEqual(['10000', '4000']);
      expect(a).toEqual(['5000', '2000']);
    },
  },
  'ratelimit-window-day': {
    probe: async (sim) => {
      const h = (await openaiChat(sim, { ...user('x'), max_tokens: 1 })).headers;
      const [limit, remaining] = [num(h['x-ratelimit-limit-tokens']), num(h['x-ratelimit-remaining-tokens'])];
      // The window the reset stands for: the used part refills in used / limit of it.
      const window = ((parseReset(String(h['x-ratelimit-reset-tokens']), 0, true)?.ms ?? NaN) * limit) / (limit - remaining);
      return [limit, h['x-ratelimit-limit-requests'], window];
    },
    expectChange: (b, a) => {
      expect(arr(a).slice(0, 2)).toEqual(arr(b).slice(0, 2));
      expect(num(arr(b)[2])).toBeLessThan(5 * 60_000);
      expect(num(arr(a)[2]) / 86_400_000).toBeCloseTo(1, 1);
    },
  },
  'default-top-p-changed': {
    probe: async (sim) => {
      const r = await call(sim, 'POST', '/v1/responses', OPENAI, { model: 'gpt-4o-mini', input: 'x', max_output_tokens: 16 });
      const pinned = await call(sim, 'POST', '/v1/responses', OPENAI, { model: 'gpt-4o-mini', input: 'x', max_output_tokens: 16, top_p: 1 });
      return [r.body['top_p'], pinned.body['top_p']];
    },
    expectChange: (b, a) => {
      expect(b).toEqual([1, 1]);
      expect(a).toEqual([0.98, 1]);
    },
  },
  'account-moved': {
    probe: async (sim) => {
      const o = await openaiChat(sim, { ...user('x'), max_tokens: 1 });
      const an = await anthropicMessages(sim, { ...user('x'), max_tokens: 1 });
      return [o.headers['openai-organization'], o.headers['openai-project'], an.headers['anthropic-organization-id'], usage(an.body)['inference_geo']];
    },
    expectChange: (b, a) => {
      expect(b).toEqual(['org-tripline-simulator', 'proj_tripline_simulator', '5f0e7c1a-3d1b-4c2e-9a57-0b7e1c2d3f40', 'global']);
      expect(a).toEqual(['org-tripline-other', 'proj_tripline_other', '9a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b', 'us']);
    },
  },
  'stream-usage-dropped': {
    probe: async (sim) => {
      const res = await fetch(`${sim.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...OPENAI },
        body: JSON.stringify({ model: 'gpt-4o-mini', ...user('x'), max_tokens: 2, stream: true, stream_options: { include_usage: true } }),
      });
      return (await res.text()).includes('"choices":[]');
    },
    expectChange: (b, a) => {
      expect(b).toBe(true);
      expect(a).toBe(false);
    },
  },
  'stream-events-reordered': {
    probe: async (sim) => {
      const res = await fetch(`${sim.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...ANTHROPIC },
        body: JSON.stringify({ model: 'claude-sonnet-4-5', ...user('x'), max_tokens: 4, stream: true }),
      });
      return [...(await res.text()).matchAll(/^event: (\S+)$/gm)].map((m) => m[1]).filter((e) => e === 'message_delta' || e === 'content_block_stop');
    },
    expectChange: (b, a) => {
      expect(b).toEqual(['content_block_stop', 'message_delta']);
      expect(a).toEqual(['message_delta', 'content_block_stop']);
    },
  },
  'status-body-mismatch-429': {
    probe: async (sim) => {
      const r = await openaiChat(sim, { ...user('x'), max_tokens: 1 });
      return [r.status, r.body['object']];
    },
    expectChange: (b, a) => {
      expect(b).toEqual([200, 'chat.completion']);
      expect(a).toEqual([429, 'chat.completion']);
    },
  },
  'error-in-200': {
    probe: async (sim) => {
      const r = await anthropicMessages(sim, { ...user('x'), max_tokens: 1 });
      return [r.status, r.body['type']];
    },
    expectChange: (b, a) => {
      expect(b).toEqual([200, 'message']);
      expect(a).toEqual([200, 'error']);
    },
  },
  'metadata-default-changed': {
    probe: async (sim) => {
      const g = await call(sim, 'GET', '/v1beta/models/gemini-2.5-flash', GEMINI);
      const an = await call(sim, 'GET', '/v1/models/claude-sonnet-4-5', ANTHROPIC);
      return [g.body['temperature'], g.body['outputTokenLimit'], an.body['max_tokens']];
    },
    expectChange: (b, a) => {
      expect(b).toEqual([1, 65536, 64000]);
      expect(a).toEqual([0.7, 32768, 32000]);
    },
  },
  refusals: {
    probe: async (sim) => {
      const chat = rec(choice0((await openaiChat(sim, { ...user('Capital of France?'), max_tokens: 4 })).body)['message']);
      const responses = await call(sim, 'POST', '/v1/responses', { authorization: 'Bearer sk-test' }, { model: 'gpt-4o-mini', input: 'Capital of France?' });
      const part = list(list(responses.body['output'])[0]?.['content'])[0] ?? {};
      const g = (await geminiGenerate(sim, { contents: [{ parts: [{ text: 'x' }] }], generationConfig: { maxOutputTokens: 4 } })).body;
      return [chat['content'] === null, chat['refusal'], part['type'], g['candidates'] === undefined, g['promptFeedback']];
    },
    expectChange: (b, a) => {
      expect(b).toEqual([false, null, 'output_text', false, undefined]);
      expect(a).toEqual([true, "I'm sorry, I can't assist with that request.", 'refusal', true, { blockReason: 'SAFETY' }]);
    },
  },
  'gemini-retirement': {
    probe: async (sim) => (await geminiGenerate(sim, { contents: [{ parts: [{ text: 'x' }] }], generationConfig: { maxOutputTokens: 1 } })).body['modelStatus'],
    expectChange: (b, a) => {
      expect(b).toBeUndefined();
      expect(a).toMatchObject({ modelStage: 'DEPRECATED', retirementTime: '2027-06-30T00:00:00Z' });
    },
  },
  'calibration-rescale': {
    probe: async (sim) => {
      const tops: [unknown, number][] = [];
      for (let i = 0; i < 10; i++) {
        const r = await openaiChat(sim, { ...user(mcq(i)), max_tokens: 1, temperature: 0, logprobs: true, top_logprobs: 4 });
        const top = list(list(rec(choice0(r.body)['logprobs'])['content'])[0]?.['top_logprobs'])[0] ?? {};
        tops.push([top['token'], num(top['logprob'])]);
      }
      return tops;
    },
    expectChange: (b, a) => {
      const before = arr(b).map((t) => arr(t));
      const after = arr(a).map((t) => arr(t));
      expect(after.map((t) => t[0])).toEqual(before.map((t) => t[0]));
      const gain = after.reduce((s, t, i) => s + num(t[1]) - num(before[i]?.[1]), 0);
      expect(gain).toBeGreaterThan(0.2);
    },
  },
  'partial-swap': {
    probe: async (sim) => {
      const tops: unknown[] = [];
      for (let i = 0; i < 150; i++) {
        const r = await openaiChat(sim, { ...user(`Prompt number ${i}`), max_tokens: 1, temperature: 0, logprobs: true, top_logprobs: 1 });
        tops.push(list(list(rec(choice0(r.body)['logprobs'])['content'])[0]?.['top_logprobs'])[0]?.['token']);
      }
      return tops;
    },
    expectChange: (b, a) => {
      const changed = arr(a).filter((t, i) => t !== arr(b)[i]).length;
      expect(changed).toBeGreaterThanOrEqual(1);
      expect(changed).toBeLessThanOrEqual(20);
    },
  },
  'seed-lost': {
    probe: async (sim) => {
      const texts = new Set<unknown>();
      for (let i = 0; i < 10; i++) {
        const r = await openaiChat(sim, { ...user('Describe a lake'), max_tokens: 20, temperature: 0.8, seed: 99 });
        texts.add(rec(choice0(r.body)['message'])['content']);
      }
      return texts.size;
    },
    expectChange: (b, a) => {
      expect(num(b)).toBeLessThanOrEqual(2);
      expect(num(a)).toBeGreaterThanOrEqual(8);
    },
  },
  'default-max-tokens-raised': {
    probe: async (sim) => {
      const out: number[] = [];
      for (let i = 0; i < 6; i++) out.push(num(usage((await openaiChat(sim, user(`Write a long essay on topic ${i}`))).body)['completion_tokens']));
      return Math.max(...out);
    },
    expectChange: (b, a) => {
      expect(b).toBe(512);
      expect(num(a)).toBeGreaterThan(512);
    },
  },
  'verbosity-shift': {
    probe: async (sim) => {
      let total = 0;
      for (let i = 0; i < 60; i++) total += num(usage((await openaiChat(sim, { ...user(`Tell me about item ${i}`), max_tokens: 2048 })).body)['completion_tokens']);
      return total / 60;
    },
    expectChange: (b, a) => {
      expect(num(a) / num(b)).toBeGreaterThan(1.25);
      expect(num(a) / num(b)).toBeLessThan(1.8);
    },
  },
  flaky: {
    options: { flakyRate: 0.5, hangMs: 20 },
    probe: async (sim) => {
      const statuses = new Set<number>();
      for (let i = 0; i < 40; i++) statuses.add((await openaiChat(sim, { ...user('x'), max_tokens: 1 })).status);
      return [...statuses].sort();
    },
    expectChange: (b, a) => {
      expect(b).toEqual([200]);
      expect(a).toEqual([200, 429, 500]);
    },
  },
};

describe('src/simulator/scenarios', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await start();
  });
  afterAll(() => sim.close());

  it('has one test case per registered scenario, and unique ids', () => {
    expect(Object.keys(cases).sort()).toEqual([...scenarioIds].sort());
    expect(new Set(scenarioIds).size).toBe(scenarioIds.length);
  });

  it.each(Object.entries(cases))('%s has its observable effect', async (id, c) => {
    sim.setScenarios([]);
    const before = await c.probe(sim);
    sim.setScenarios([id], c.options);
    const after = await c.probe(sim);
    sim.setScenarios([]);
    c.expectChange(before, after);
  });
});

describe('seed-lost takes its divergence from the seedLostDivergence option (default 50 %)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await start();
  });
  afterAll(() => sim.close());

  /** Of 40 temperature-0 answers to one prompt, how many differ from the most common one. */
  const offMode = async (): Promise<number> => {
    const texts = new Map<unknown, number>();
    for (let i = 0; i < 40; i++) {
      const text = rec(choice0((await openaiChat(sim, { ...user('Describe a harbour'), max_tokens: 20, temperature: 0 })).body)['message'])['content'];
      texts.set(text, (texts.get(text) ?? 0) + 1);
    }
    return 40 - Math.max(...texts.values());
  };

  it.each([
    [0, 0, 0],
    [0.5, 8, 32],
    [0.9, 28, 40],
  ])('at %f, %i to %i of 40 answers diverge', async (divergence, low, high) => {
    sim.setScenarios(['seed-lost'], { seedLostDivergence: divergence });
    try {
      const n = await offMode();
      expect(n).toBeGreaterThanOrEqual(low);
      expect(n).toBeLessThanOrEqual(high);
    } finally {
      sim.setScenarios([], { seedLostDivergence: 0.5 });
    }
  });
});

describe('tenants (routes/tenant.ts)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await start();
  });
  afterAll(() => sim.close());

  it.each([
    ['an organisation header', { 'openai-organization': 'org-b' }, 'org-b'],
    ['an API key', { authorization: 'Bearer sk-b' }, 'sk-b'],
  ])('tenant-repointed can name the tenant by %s', async (_label, headers, tenant) => {
    const top = async (): Promise<Record<string, number>> =>
      topLogprobs((await call(sim, 'POST', '/v1/chat/completions', { authorization: 'Bearer sk-test', ...headers }, TENANT_BODY)).body);
    sim.setScenarios([]);
    const before = await top();
    sim.setScenarios(['tenant-repointed'], { tenant });
    const after = await top();
    sim.setScenarios([], { tenant: 'tenant-b' });
    expect(logprobDistance(after, before)).toBeGreaterThan(0.05);
  });
});
