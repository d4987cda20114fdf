import { afterEach, describe, expect, it } from 'vitest';
import { T0, managerFor, tempState, tokensFinding } from './helpers.js';

const evaluated = [{ target: 'openai/gpt-4o-mini', canary: 'tokens-short' }];
const alerts = { channels: [{ type: 'console', minSeverity: 'info' }], remindEveryMinutes: 0, resolveAfterCycles: 1 };
const states: Awaited<ReturnType<typeof tempState>>[] = [];
afterEach(async () => {
  for (const s of states.splice(0)) await s.cleanup();
});

/** One copy of tripline with its own state folder, fed the same cycles as every other copy. */
async function copy(): Promise<(present: boolean, after?: number) => Promise<string[]>> {
  const state = await tempState();
  states.push(state);
  const clock = { now: T0 + states.length * 7_000 };
  const m = managerFor(state.store, alerts, clock);
  return async (present, after = 112) => {
    clock.now += 30 * 60_000;
    const findings = present ? [tokensFinding({ evidence: { before: 100, after } })] : [];
    return (await m.processCycle({ findings, evaluated })).map((e) => `${e.type} ${e.id}`);
  };
}

describe('src/alerts/lifecycle/event-id', () => {
  it('two copies on separate state folders raise the same event id for the same transition', async () => {
    const a = await copy();
    const b = await copy();
    const script: [boolean, number][] = [[true, 112], [true, 115], [false, 0], [true, 112]];
    const idsA: string[] = [];
    const idsB: string[] = [];
    for (const [p, n] of script) idsA.push(...(await a(p, n)));
    for (const [p, n] of script) idsB.push(...(await b(p, n)));
    expect(idsA.map((e) => e.split(' ')[0])).toEqual(['opened', 'updated', 'resolved', 'opened']);
    expect(idsB).toEqual(idsA);
    // The second opening of the same alert key is a new event with its own id.
    expect(new Set(idsA.map((e) => e.split(' ')[1])).size).toBe(4);
    expect(idsA[0]).toMatch(/^opened [0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
