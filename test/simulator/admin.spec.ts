import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { OPENAI, call, list, openaiChat, rec, start } from './helpers.js';

const ask = { messages: [{ role: 'user', content: 'Hello' }], max_tokens: 1 };

describe('src/simulator admin, schedule and availability', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('lists and switches scenarios at run time', async () => {
    sim = await start();
    const initial = await call(sim, 'GET', '/admin/scenario', {});
    expect(initial.body['scenarios']).toEqual([]);
    expect(list(initial.body['available']).map((s) => s['id'])).toContain('model-repointed');

    const set = await call(sim, 'POST', '/admin/scenario', {}, { scenario: 'model-repointed' });
    expect(set.status).toBe(200);
    expect(set.body['scenarios']).toEqual(['model-repointed']);
    expect((await openaiChat(sim, ask)).body['model']).toBe('gpt-4o-mini-2026-02-10');

    const both = await call(sim, 'POST', '/admin/scenario', {}, {
      scenarios: ['hidden-system-prompt', 'field-renamed'],
      options: { hiddenSystemTokens: 5 },
    });
    expect(both.body['scenarios']).toEqual(['hidden-system-prompt', 'field-renamed']);
    expect(rec(both.body['options'])['hiddenSystemTokens']).toBe(5);
    const r = await openaiChat(sim, ask);
    expect(r.body['model']).toBe('gpt-4o-mini-2024-07-18');
    expect(rec(r.body['usage'])['output_tokens']).toBe(1);

    const cleared = await call(sim, 'POST', '/admin/scenario', {}, { scenario: 'none' });
    expect(cleared.body['scenarios']).toEqual([]);
    expect(sim.scenarios()).toEqual([]);
  });

  it.each([
    [{ scenario: 'no-such-drift' }],
    [{ scenarios: ['none'], options: { flakyRate: 2 } }],
    [{ scenarios: ['none'], options: { unknownOption: 1 } }],
  ])('refuses a bad admin request %j', async (body) => {
    sim = await start();
    const r = await call(sim, 'POST', '/admin/scenario', {}, body);
    expect(r.status).toBe(400);
    expect(sim.scenarios()).toEqual([]);
  });

  it('applies scheduled drift after its delay', async () => {
    sim = await start({ schedule: [{ afterMs: 300, scenario: 'model-repointed' }] });
    expect((await openaiChat(sim, ask)).body['model']).toBe('gpt-4o-mini-2024-07-18');
    await new Promise((r) => setTimeout(r, 500));
    expect((await openaiChat(sim, ask)).body['model']).toBe('gpt-4o-mini-2026-02-10');
  });

  it('refuses unknown scenarios at start', async () => {
    await expect(start({ scenarios: ['nope'] })).rejects.toThrow(/unknown scenario/);
    await expect(start({ schedule: [{ afterMs: 1, scenario: 'nope' }] })).rejects.toThrow(/unknown scenario/);
  });

  it('mixes 500s, stalls past the client timeout and 429s with Retry-After under flaky', async () => {
    sim = await start({ scenarios: ['flaky'], options: { flakyRate: 0.3, hangMs: 5000 } });
    const counts = { ok: 0, 500: 0, 429: 0, timeout: 0 };
    const retryAfter = new Set<string>();
    const s = sim;
    await Promise.all(
      Array.from({ length: 150 }, async (_, i) => {
        try {
          const res = await fetch(`${s.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...OPENAI },
            body: JSON.stringify({ model: 'gpt-4o-mini', ...ask, seed: i }),
            signal: AbortSignal.timeout(2500),
          });
          await res.text();
          if (res.status === 200) counts.ok += 1;
          else if (res.status === 500 || res.status === 429) counts[res.status] += 1;
          if (res.status === 429) retryAfter.add(res.headers.get('retry-after') ?? '');
        } catch {
          counts.timeout += 1;
        }
      }),
    );
    expect(counts.ok + counts[500] + counts[429] + counts.timeout).toBe(150);
    expect(counts.ok / 150).toBeGreaterThan(0.5);
    expect(counts.ok / 150).toBeLessThan(0.85);
    for (const k of [500, 429, 'timeout'] as const) expect(counts[k], String(k)).toBeGreaterThan(3);
    expect([...retryAfter]).toEqual(['1']);
  });

  it('closes promptly even with a stalled request in flight', async () => {
    const s = await start({ scenarios: ['flaky'], options: { flakyRate: 1, hangMs: 60_000 } });
    const pending = Array.from({ length: 6 }, () => openaiChat(s, ask).catch(() => null));
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await s.close();
    expect(Date.now() - t0).toBeLessThan(2000);
    await Promise.all(pending);
  });

  it('waits, with --latency, the heavy-tailed processing time it reports around that median', async () => {
    sim = await start({ latencyMs: 150 });
    const t0 = Date.now();
    const r = await openaiChat(sim, ask);
    const reported = Number(r.headers['openai-processing-ms']);
    expect(reported).toBeGreaterThan(30);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(reported - 10);
  });
});
