import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverInterruptedDeliveries } from '../../src/alerts/outbox/recover.js';
import { applyPersistence, clearPersistence, pruneStreaks } from '../../src/runtime/engine/persistence.js';
import { recordRun } from '../../src/runtime/engine/run-log.js';
import { createEpochFence, type EpochFence } from '../../src/runtime/ha/fence.js';
import { createLastRunStore, SLOT_CLAIM_RETENTION_MS } from '../../src/runtime/scheduler/last-runs.js';
import type { StateStore } from '../../src/runtime/state/store.js';
import type { CanaryRunResult } from '../../src/runtime/engine/types.js';
import { T0, managerFor, tokensFinding } from '../alerts/helpers.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { backends, type Backend } from './backends.js';

const all = await backends('fencing');
let hook: WebhookReceiver;
beforeAll(async () => {
  hook = await startWebhookReceiver('whsec-fencing-0000');
});
afterAll(async () => {
  await hook.close();
  for (const b of all) await b.cleanup();
});

const scope = { target: 'openai/gpt-4o-mini', canary: 'tokens-short' };
const run: CanaryRunResult = {
  ...scope, startedAt: new Date(T0).toISOString(), durationMs: 5, result: 'ok', findings: [], requests: 1, failedRequests: 0,
  inputTokens: 10, outputTokens: 5, metrics: {}, headroom: null,
};

/** Two replicas on one database, each with its own connection and its own epoch fence. */
async function replicas(backend: Backend) {
  const refused: { replica: string; epoch: number; current: number | null }[] = [];
  const open = async (replica: string): Promise<StateStore & { fence: EpochFence }> => {
    const store = await backend.open();
    return { ...store, fence: createEpochFence(store.db, { onStale: (r) => refused.push({ replica, ...r }) }) };
  };
  const a = await open('a');
  const b = await open('b');
  return { a, b, refused, close: async () => (await a.close(), await b.close()) };
}

const runCount = async (s: StateStore): Promise<number> =>
  (await s.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM runs'))?.n ?? -1;

/** Fencing (the leader epoch) and run-slot claims, on each backend: docs/storage.md, "Fencing". */
describe.each(all)('fencing and run-slot claims on $name', (backend) => {
  it('a write under a superseded epoch is refused as a value, is not made, and tells its replica once to step down', async () => {
    const { a, b, refused, close } = await replicas(backend);
    // Not leading yet: refused quietly (a standby has nothing to step down from).
    expect(await recordRun(a.fence, run)).toMatchObject({ ok: false, epoch: null });
    const first = await a.fence.takeLead('a');
    expect(await recordRun(a.fence, run)).toEqual({ ok: true, value: expect.anything() });
    const second = await b.fence.takeLead('b');
    expect(second).toBe(first + 1);
    expect(await recordRun(a.fence, run)).toEqual({ ok: false, epoch: first, current: second });
    expect(await recordRun(a.fence, run)).toEqual({ ok: false, epoch: first, current: second });
    expect((await recordRun(b.fence, run)).ok).toBe(true);
    expect(await runCount(a)).toBe(2);
    expect(refused).toEqual([{ replica: 'a', epoch: first, current: second }]);
    await close();
  });

  it("a superseded leader transitions no alert and delivers nothing; the new leader ends the old epoch's lease at once and sends it", async () => {
    const { a, b, close } = await replicas(backend);
    await a.db.run('DELETE FROM alert_deliveries');
    const config = { channels: [{ type: 'webhook', url: hook.url, secret: 'whsec-fencing-0000' }], remindEveryMinutes: 0 };
    const clock = { now: T0 };
    const oldLeader = managerFor(a, config, clock, { fence: a.fence });
    const newLeader = managerFor(b, config, clock, { fence: b.fence });
    await a.fence.takeLead('a');
    const opened = await oldLeader.processCycle({ findings: [tokensFinding()], evaluated: [scope] });
    expect(opened.map((e) => e.type)).toEqual(['opened']);
    // The old leader claims the delivery (lease 60 s) and is paused mid-send.
    hook.holdResponses(true);
    const sending = oldLeader.flushOutbox();
    await expect.poll(() => hook.deliveries.length).toBe(1);
    const epoch = await b.fence.takeLead('b');
    // No waiting out the lease: the old epoch's claim is ended now and marked in doubt.
    expect(await recoverInterruptedDeliveries(b.db, epoch)).toBe(1);
    hook.holdResponses(false);
    expect(await sending).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    const shape = tokensFinding({ kind: 'shape.field_removed', severity: 'critical', subject: 'x', evidence: { before: 'object', after: 'absent' } });
    expect(await oldLeader.processCycle({ findings: [shape], evaluated: [scope] })).toEqual([]);
    expect((await a.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM alerts WHERE kind = 'shape.field_removed'"))?.n).toBe(0);
    expect(await newLeader.flushOutbox()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(await b.db.get('SELECT status, claim_epoch FROM alert_deliveries')).toEqual({ status: 'delivered', claim_epoch: epoch });
    // The webhook is at least once: the in-doubt resend carries the same event id as the held one.
    expect(new Set(hook.deliveries.map((d) => (d.body as { id: string }).id)).size).toBe(1);
    hook.deliveries.length = 0;
    await close();
  });

  it('a superseded leader neither moves a finding streak nor confirms it, nor clears the streaks of a pair', async () => {
    const { a, b, close } = await replicas(backend);
    const draft = { kind: 'tokens.output_shift' as const, severity: 'warning' as const, summary: 's', evidence: {}, action: 'a' };
    const streaks = async () => b.db.query('SELECT canary, kind, subject, streak FROM finding_streaks WHERE target = ?', [scope.target]);
    await a.fence.takeLead('a');
    expect(await applyPersistence(a.fence, scope, [draft], 2, '2026-01-01T00:00:00Z')).toEqual([]);
    await b.fence.takeLead('b');
    // The second sighting would confirm; under the old epoch it is neither counted nor reported.
    expect(await applyPersistence(a.fence, scope, [draft], 2, '2026-01-01T00:30:00Z')).toEqual([]);
    await clearPersistence(a.fence, scope);
    expect(await streaks()).toEqual([{ canary: scope.canary, kind: draft.kind, subject: '', streak: 1 }]);
    expect(await applyPersistence(b.fence, scope, [draft], 2, '2026-01-01T00:30:00Z')).toEqual([draft]);
    await clearPersistence(b.fence, scope);
    expect(await streaks()).toEqual([]);
    await close();
  });

  it("only the leader prunes the streaks of pairs its config no longer has; a standby's older config deletes nothing", async () => {
    const { a, b, close } = await replicas(backend);
    const draft = { kind: 'tokens.output_shift' as const, severity: 'warning' as const, summary: 's', evidence: {}, action: 'a' };
    const removed = { target: scope.target, canary: 'tokens-removed' };
    const canaries = async () => (await b.db.query<{ canary: string }>('SELECT DISTINCT canary FROM finding_streaks ORDER BY canary')).map((r) => r.canary);
    await b.fence.takeLead('b');
    await applyPersistence(b.fence, scope, [draft], 2, '2026-01-01T00:00:00Z');
    await applyPersistence(b.fence, removed, [draft], 2, '2026-01-01T00:00:00Z');
    // Replica a is a standby whose config knows neither pair: refused, nothing deleted.
    expect(await pruneStreaks(a.fence, [])).toBe(false);
    expect(await canaries()).toEqual([removed.canary, scope.canary]);
    // The leader's config has only `scope`: the removed canary's streak goes, the configured one stays.
    expect(await pruneStreaks(b.fence, [scope])).toBe(true);
    expect(await canaries()).toEqual([scope.canary]);
    await clearPersistence(b.fence, scope);
    await close();
  });

  it('a (job, slot) is claimed once across replicas; a later slot is claimed; a fenced-out leader claims nothing', async () => {
    const { a, b, close } = await replicas(backend);
    const claim = (store: StateStore & { fence: EpochFence }, slotAt: number) =>
      createLastRunStore(store.db, store.fence).claim({ key: 'pair|x/m|c', schedule: '* * * * *', slotAt, startedAt: slotAt + 10, nextDueAt: slotAt + 60_000 });
    await a.fence.takeLead('a');
    expect(await claim(a, T0)).toBe('claimed');
    await b.fence.takeLead('b');
    expect(await claim(a, T0 + 60_000)).toBe('fenced');
    expect(await claim(b, T0)).toBe('taken');
    expect(await claim(b, T0 + 60_000)).toBe('claimed');
    expect(await b.db.query('SELECT slot_at FROM run_slots ORDER BY slot_at')).toEqual([{ slot_at: T0 }, { slot_at: T0 + 60_000 }]);
    // Claims older than the retention are pruned as newer slots are claimed: bounded rows.
    expect(await claim(b, T0 + SLOT_CLAIM_RETENTION_MS + 60_000)).toBe('claimed');
    expect(await b.db.query('SELECT slot_at FROM run_slots ORDER BY slot_at')).toEqual([{ slot_at: T0 + 60_000 }, { slot_at: T0 + SLOT_CLAIM_RETENTION_MS + 60_000 }]);
    await close();
  });
});
