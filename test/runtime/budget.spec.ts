import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBudget, type BudgetLimits } from '../../src/runtime/budget/budget.js';
import { createHeadroomGovernor } from '../../src/runtime/budget/headroom.js';
import type { StateStore } from '../../src/runtime/state/store.js';
import { tempStore } from './helpers.js';

const limits: BudgetLimits = { tokensPerDay: 1_000, inputPricePerMTok: 1, outputPricePerMTok: 4 };

describe('src/runtime/budget/budget', () => {
  let store: StateStore;
  let now: Date;
  beforeEach(async () => {
    store = (await tempStore()).store;
    now = new Date('2026-03-02T23:00:00Z');
  });
  afterEach(async () => store.close());

  const budget = (l: BudgetLimits | null = limits) => createBudget({ db: store.db, limits: () => l ?? undefined, now: () => now });

  it('admits runs until the next one would pass the daily token limit, then stops', async () => {
    const b = budget();
    let spent = 0;
    let runs = 0;
    for (;;) {
      const d = await b.admit('openai');
      if (!d.allowed) break;
      await b.record('openai', 200, 100);
      d.release();
      spent += 300;
      runs += 1;
      expect(runs).toBeLessThan(10);
    }
    expect(runs).toBe(3);
    expect(spent).toBeLessThanOrEqual(1_000);
    expect((await b.spend('openai'))).toMatchObject({ day: '2026-03-02', inputTokens: 600, outputTokens: 300, runs: 3 });
  });

  it('raises one budget.exhausted finding per provider per day, also across restarts', async () => {
    const b = budget({ ...limits, tokensPerDay: 100 });
    await b.admit('openai');
    await b.record('openai', 80, 40);
    const first = await b.admit('openai');
    expect(first.allowed).toBe(false);
    if (first.allowed) return;
    expect(first.finding).toMatchObject({ kind: 'budget.exhausted', severity: 'warning', target: 'openai', subject: '2026-03-02' });
    expect(first.finding?.evidence).toMatchObject({ tokens: 120, tokensPerDay: 100 });
    const again = await b.admit('openai');
    expect(!again.allowed && again.finding).toBe(null);
    const afterRestart = await budget({ ...limits, tokensPerDay: 100 }).admit('openai');
    expect(!afterRestart.allowed && afterRestart.finding).toBe(null);
    expect((await b.admit('anthropic')).allowed).toBe(true); // other providers are unaffected

    now = new Date('2026-03-03T00:00:01Z'); // a new UTC day
    const nextDay = await b.admit('openai');
    expect(nextDay.allowed).toBe(true);
  });

  it('counts in-flight runs against the limit', async () => {
    const b = budget({ ...limits, tokensPerDay: 1_000 });
    const d0 = await b.admit('p');
    await b.record('p', 200, 100);
    if (d0.allowed) d0.release();
    const a = await b.admit('p');
    const c = await b.admit('p');
    expect(a.allowed && c.allowed).toBe(true);
    expect((await b.admit('p')).allowed).toBe(false); // 300 spent + 2 x 300 in flight + 300 > 1000
  });

  it('enforces an estimated cost budget', async () => {
    const b = budget({ costPerDay: 0.001, inputPricePerMTok: 1, outputPricePerMTok: 4 });
    await b.record('p', 500, 100); // 0.0005 + 0.0004
    expect((await b.spend('p')).cost).toBeCloseTo(0.0009, 10);
    expect((await b.admit('p')).allowed).toBe(false);
  });

  it('never stops a provider without a budget', async () => {
    const b = budget(null);
    await b.record('p', 1e9, 1e9);
    expect((await b.admit('p')).allowed).toBe(true);
  });
});

describe('src/runtime/budget/headroom', () => {
  it('doubles the back-off while headroom stays low, caps it, and resets on recovery', async () => {
    let t = 0;
    const g = createHeadroomGovernor({ baseSeconds: () => 10, maxFactor: 4, now: () => t });
    expect(g.report('p', 0.2, { headroom: 0.5 })).toBe(0);
    expect(g.report('p', 0.2, { headroom: 0.1 })).toBe(10);
    expect(g.holdUntil('p')).toBe(10_000);
    t = 5_000;
    expect(g.report('p', 0.2, { headroom: 0.05 })).toBe(10); // same episode: no extra doubling
    t = 11_000;
    expect(g.report('p', 0.2, { headroom: 0.1 })).toBe(20);
    t = 40_000;
    expect(g.report('p', 0.2, { headroom: 0.1 })).toBe(40);
    t = 90_000;
    expect(g.report('p', 0.2, { headroom: 0.1 })).toBe(40); // cap: 4 x base
    expect(g.backoffSeconds('p')).toBe(40);
    t = 200_000;
    expect(g.report('p', 0.2, { headroom: 0.9 })).toBe(0);
    expect(g.holdUntil('p')).toBe(0);
    expect(g.backoffSeconds('other')).toBe(0);
  });

  it('honours Retry-After even when headroom is fine', async () => {
    let t = 1_000;
    const g = createHeadroomGovernor({ baseSeconds: () => 10, now: () => t });
    g.report('p', 0.2, { headroom: null, retryAfterSeconds: 30 });
    expect(g.holdUntil('p')).toBe(31_000);
    expect(g.backoffSeconds('p')).toBe(0);
    t = 31_001;
    expect(g.holdUntil('p')).toBe(0);
  });
});

describe('src/runtime/budget/headroom.ts: runs without rate-limit headers', () => {
  it('a run that reports no headroom (metadata endpoints) does not end a back-off', async () => {
    let t = 0;
    const g = createHeadroomGovernor({ baseSeconds: () => 10, now: () => t });
    expect(g.report('p', 0.5, { headroom: 0.1 })).toBe(10);
    t = 1_000;
    expect(g.report('p', 0.5, { headroom: null })).toBe(10);
    expect(g.holdUntil('p')).toBe(10_000);
    t = 2_000;
    expect(g.report('p', 0.5, { headroom: 0.9 })).toBe(0);
  });
});
