import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { brokenBaselineWorkspace, until } from './crash-workspace.js';
import { sleep, spawnDaemon } from './daemon-harness.js';

const HOOK_SECRET = 'whsec-test-crash-9a8b7c6d';
const env = { SIM_API_KEY: 'sk-test-crash-1f2e3d4c', HOOK_SECRET };


interface EventBody {
  id: string;
  alertKey: string;
  type: string;
}

describe('e2e: kill -9 while a webhook delivery is in flight', () => {
  let sim: Simulator;
  let hook: WebhookReceiver;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 5 });
    hook = await startWebhookReceiver(HOOK_SECRET);
  });
  afterAll(async () => {
    await hook.close();
    await sim.close();
  });

  it('the restarted daemon re-sends the unanswered event with the same id (at-least-once, id as dedup key)', async () => {
    // A broken baseline file raises an alert on the first run, without waiting for drift.
    const ws = await brokenBaselineWorkspace(sim, { type: 'webhook', url: hook.url, secret: '${HOOK_SECRET}' }, env);
    hook.holdResponses(true);
    const first = spawnDaemon(ws.configPath, env);
    await first.address;
    await until(() => hook.deliveries.length > 0, 20_000);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const beforeCrash = hook.deliveries.length;
    const heldEvents = hook.deliveries.map((d) => d.body as EventBody);
    hook.holdResponses(false);

    const second = spawnDaemon(ws.configPath, env);
    await second.address;
    await until(() => hook.deliveries.length > beforeCrash, 20_000);
    await sleep(3_000);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    const events = hook.deliveries.map((d) => d.body as EventBody);
    expect(hook.deliveries.every((d) => d.verified)).toBe(true);
    expect(events.every((e) => typeof e.id === 'string' && e.id.length > 0)).toBe(true);
    expect(hook.deliveries.every((d, i) => d.headers['x-tripline-event-id'] === events[i]!.id)).toBe(true);
    // the delivery that was never answered comes again, with the same id
    const resent = events.slice(beforeCrash);
    for (const held of heldEvents) expect(resent.map((e) => e.id), `event ${held.id} is re-sent after the crash`).toContain(held.id);
    // one id per event: the same alert transition is never re-sent under a different id
    const idsByTransition = new Map<string, Set<string>>();
    for (const e of events) idsByTransition.set(`${e.alertKey} ${e.type}`, (idsByTransition.get(`${e.alertKey} ${e.type}`) ?? new Set()).add(e.id));
    for (const [transition, ids] of idsByTransition) expect([...ids], transition).toHaveLength(1);
  }, 90_000);
});
