import { afterAll, describe, expect, it } from 'vitest';
import { addSilence, activeSilences, removeSilence } from '../../src/alerts/lifecycle/silences.js';
import { loadSourceState, markAnnounced, markReminders, recordFailure, recordRows } from '../../src/deprecations/state.js';
import { createHistory } from '../../src/history/store.js';
import { createBudget } from '../../src/runtime/budget/budget.js';
import { applyPersistence } from '../../src/runtime/engine/persistence.js';
import { recordRun } from '../../src/runtime/engine/run-log.js';
import { createLastRunStore } from '../../src/runtime/scheduler/last-runs.js';
import { checkReadiness } from '../../src/runtime/server/readiness.js';
import { T0, captureStream, managerFor, tokensFinding } from '../alerts/helpers.js';
import { backends } from './backends.js';

const all = await backends('features');
afterAll(async () => {
  for (const b of all) await b.cleanup();
});

const scope = { target: 'openai/gpt-4o-mini', canary: 'tokens-short' };

/** Every feature that keeps state, through its own code, on each backend. */
describe.each(all)('every stateful feature on $name', (backend) => {
  it('runs, finding streaks and the scheduler times', async () => {
    const store = await backend.open();
    await recordRun(store.fence, {
      ...scope, startedAt: new Date(T0).toISOString(), durationMs: 5, result: 'ok', findings: [], requests: 2, failedRequests: 0,
      inputTokens: 10, outputTokens: 5, metrics: {}, headroom: null,
    });
    expect(await store.db.get('SELECT requests, input_tokens FROM runs WHERE target = ?', [scope.target])).toEqual({ requests: 2, input_tokens: 10 });
    const draft = { kind: 'tokens.input_changed' as const, severity: 'warning' as const, summary: 's', evidence: {}, action: 'a' };
    expect(await applyPersistence(store.fence, scope, [draft], 2, '2026-01-01T00:00:00Z')).toEqual([]);
    expect(await applyPersistence(store.fence, scope, [draft], 2, '2026-01-01T00:30:00Z')).toHaveLength(1);
    const lastRuns = createLastRunStore(store.db);
    await lastRuns.seed([{ key: 'pair|a|b', schedule: '* * * * *', nextDueAt: T0 + 60_000 }]);
    expect(await lastRuns.claim({ key: 'pair|a|b', schedule: '* * * * *', slotAt: T0, startedAt: T0, nextDueAt: T0 + 120_000 })).toBe('claimed');
    expect((await lastRuns.load()).get('pair|a|b')).toEqual({ key: 'pair|a|b', schedule: '* * * * *', lastRunAt: T0, nextDueAt: T0 + 120_000 });
    expect(await checkReadiness({ configLoaded: () => true, db: () => store.db, lastTickAt: () => T0, tickAgeLimitMs: () => 60_000, now: () => T0 })).toMatchObject({ ready: true });
    await store.close();
  });

  it('alerts, the outbox and silences', async () => {
    const store = await backend.open();
    const out = captureStream();
    const clock = { now: T0 };
    const m = managerFor(store, { channels: [{ type: 'console', minSeverity: 'info' }], remindEveryMinutes: 0, resolveAfterCycles: 1 }, clock, { stdout: out.stream });
    const evaluated = [scope];
    expect((await m.processCycle({ findings: [tokensFinding()], evaluated })).map((e) => e.type)).toEqual(['opened']);
    expect(await m.flushOutbox()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(await m.flushOutbox()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(out.text().match(/^== /gm)).toHaveLength(1);
    clock.now += 60_000;
    expect((await m.processCycle({ findings: [], evaluated })).map((e) => e.type)).toEqual(['resolved']);
    const silence = await addSilence(store.db, { match: { providers: ['openai'] }, forMs: 3_600_000, nowMs: clock.now });
    expect((await activeSilences(store.db, clock.now)).map((s) => s.id)).toEqual([silence.id]);
    expect((await m.processCycle({ findings: [tokensFinding()], evaluated }))[0]?.silencedBy).toBe(silence.id);
    expect(await removeSilence(store.db, silence.id, clock.now)).toBe(true);
    expect((await m.outboxStatus()).channels).toMatchObject([{ channel: 'console', delivered: 1, pending: 1 }]);
    await store.close();
  });

  it('deprecation rows, announcements, reminders and budgets', async () => {
    const store = await backend.open();
    const row = { provider: 'openai', modelId: 'gpt-4', status: 'deprecated' as const, section: 'Deprecations', text: 'gpt-4 deprecated' };
    await recordRows(store.db, 'openai@x', new Map([['b', { ...row, modelId: 'gpt-b' }], ['a', { ...row, modelId: 'gpt-a' }]]), new Date(T0));
    const state = await loadSourceState(store.db, 'openai@x');
    expect([...state.rows.keys()]).toEqual(['b', 'a']);
    expect(state.seenBefore).toBe(true);
    expect(await recordFailure(store.db, 'openai@x', 'HTTP 500')).toBe(1);
    expect(await recordFailure(store.db, 'openai@x', 'HTTP 500')).toBe(2);
    expect(await markAnnounced(store.db, 'openai@x', 't', 'gpt-a', new Date(T0))).toBe(true);
    expect(await markAnnounced(store.db, 'openai@x', 't', 'gpt-a', new Date(T0))).toBe(false);
    expect(await markReminders(store.db, 't', 'gpt-a', '2026-01-01', [30, 7], new Date(T0))).toEqual([30, 7]);
    expect(await markReminders(store.db, 't', 'gpt-a', '2026-01-01', [30, 7, 1], new Date(T0))).toEqual([1]);
    const budget = createBudget({ db: store.db, limits: () => ({ tokensPerDay: 100, inputPricePerMTok: 1, outputPricePerMTok: 2 }), now: () => new Date(T0) });
    await budget.record('openai', 60, 50);
    expect(await budget.spend('openai')).toMatchObject({ inputTokens: 60, outputTokens: 50, runs: 1 });
    expect((await budget.spend('openai')).cost).toBeCloseTo(0.00016, 10);
    const decision = await budget.admit('openai');
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.finding?.kind).toBe('budget.exhausted');
    await store.close();
  });

  it('the history of measurements', async () => {
    const store = await backend.open();
    const history = createHistory(store.db);
    await history.recordRun({ ...scope, startedAt: new Date(T0).toISOString(), result: 'ok', metrics: { 'tokens.inputTokens': 10 }, headroom: null, findings: [tokensFinding()] });
    await history.recordRun({ ...scope, startedAt: new Date(T0).toISOString(), result: 'ok', metrics: { 'tokens.inputTokens': 11 }, headroom: null, findings: [] });
    expect(await history.points(scope.target, scope.canary, 0)).toHaveLength(1);
    expect(await history.lastResults(scope.target, scope.canary, 5)).toEqual(['ok']);
    expect((await history.events(scope.target, 0)).map((e) => e.type)).toEqual(['finding']);
    await history.maintain(T0 + 400 * 86_400_000, 90);
    expect(await history.points(scope.target, scope.canary, 0)).toEqual([]);
    await store.close();
  });
});
