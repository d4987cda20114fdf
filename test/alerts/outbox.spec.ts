import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/runtime/state/store.js';
import { startSlackStandIn, type SlackStandIn } from '../support/slack-stand-in.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { T0, captureStream, managerFor, tempState, tokensFinding } from './helpers.js';

const TOKEN = 'xoxb-outbox-token-91c3f0';
const HOOK_SECRET = 'whsec-outbox-8d2c44';
const SMTP_PASSWORD = 'smtp-outbox-pw-e5a9';
const SECRETS = [TOKEN, HOOK_SECRET, SMTP_PASSWORD];
const evaluated = [{ target: 'openai/gpt-4o-mini', canary: 'tokens-short' }];
const shape = (after: string) =>
  tokensFinding({ kind: 'shape.field_removed', severity: 'critical', subject: 'choices[].logprobs', evidence: { before: 'object', after } });

let slack: SlackStandIn;
let hook: WebhookReceiver;
let state: Awaited<ReturnType<typeof tempState>>;
let clock: { now: number };

beforeAll(async () => {
  [slack, hook] = await Promise.all([startSlackStandIn(), startWebhookReceiver(HOOK_SECRET, () => clock.now / 1000)]);
});
afterAll(async () => {
  await Promise.all([slack.close(), hook.close()]);
});
beforeEach(async () => {
  state = await tempState();
  clock = { now: T0 };
  slack.calls.length = 0;
  hook.deliveries.length = 0;
});
afterEach(async () => state.cleanup());

const alertsConfig = (extra: Record<string, unknown> = {}) => ({
  channels: [
    { type: 'slack', token: TOKEN, channel: '#llm-contracts', apiUrl: slack.apiUrl },
    { type: 'webhook', url: hook.url, secret: HOOK_SECRET },
    { type: 'email', url: `smtp://tripline:${SMTP_PASSWORD}@127.0.0.1:1`, from: 'a@example.com', to: ['b@example.com'] },
  ],
  resolveAfterCycles: 1,
  remindEveryMinutes: 0,
  fallbackAfterFailures: 0,
  ...extra,
});

async function dumpDb(): Promise<string> {
  const db = state.store.db;
  const tables = ['alerts', 'alert_events', 'alert_deliveries', 'alert_threads', 'alert_channel_health', 'silences'];
  const dumps: string[] = [];
  for (const t of tables) dumps.push(JSON.stringify(await db.query(`SELECT * FROM ${t}`)));
  return dumps.join('\n');
}

describe('src/alerts/outbox', () => {
  it('Slack down for three cycles with restarts in between: every alert arrives exactly once, in order, threaded', async () => {
    const logs = captureStream();
    const out = captureStream();
    const logger = pino({ level: 'info' }, logs.stream);
    const make = () => managerFor(state.store, alertsConfig(), clock, { logger, stdout: out.stream });
    await slack.stop();
    const reports: unknown[] = [];
    const steps = [
      [tokensFinding(), shape('absent')],
      [tokensFinding({ evidence: { before: 100, after: 118 } }), shape('absent')],
      [tokensFinding({ evidence: { before: 100, after: 118 } })],
    ];
    for (const findings of steps) {
      const m = make();
      await m.processCycle({ findings, evaluated });
      reports.push(await m.flushOutbox());
      await state.reopen();
      clock.now += 30 * 60_000;
    }
    expect(slack.calls).toEqual([]);
    expect(hook.deliveries.map((d) => (d.body as { type: string }).type)).toEqual(['opened', 'opened', 'updated', 'resolved']);
    expect((await make().outboxStatus()).channels.find((c) => c.channel === 'slack')).toMatchObject({ pending: 4, failed: 0, delivered: 0 });

    await slack.start();
    // Two managers on two connections flush at the same time: claims keep each delivery single.
    const other = await openStateStore(state.dir);
    const [a, b] = await Promise.all([make().flushOutbox(), managerFor(other, alertsConfig(), clock).flushOutbox()]);
    await other.close();
    await make().flushOutbox();
    expect((a.delivered ?? 0) + (b.delivered ?? 0)).toBeGreaterThanOrEqual(1);

    const tsA = '1700000000.000001';
    const tsB = '1700000000.000002';
    expect(slack.calls.map((c) => [c.method, c.body['text'], c.body['thread_ts'] ?? c.body['ts'] ?? null])).toEqual([
      ['chat.postMessage', 'WARNING tokens.input_changed on openai/gpt-4o-mini (tokens-short)', null],
      ['chat.postMessage', 'CRITICAL shape.field_removed on openai/gpt-4o-mini (tokens-short)', null],
      ['chat.postMessage', 'UPDATED tokens.input_changed on openai/gpt-4o-mini (tokens-short)', tsA],
      ['chat.update', 'RESOLVED shape.field_removed on openai/gpt-4o-mini (tokens-short)', tsB],
      ['chat.postMessage', 'RESOLVED shape.field_removed on openai/gpt-4o-mini (tokens-short)', tsB],
    ]);
    expect((await make().outboxStatus()).channels.find((c) => c.channel === 'slack')).toMatchObject({ pending: 0, delivered: 4 });
    // Flushing again sends nothing more.
    await make().flushOutbox();
    expect(slack.calls).toHaveLength(5);
    expect(hook.deliveries.every((d) => d.verified)).toBe(true);

    // No secret anywhere: payloads, webhook headers, stdout, logs, stored rows, status, reports.
    const everything = [
      ...slack.calls.map((c) => c.raw),
      ...hook.deliveries.map((d) => JSON.stringify(d.headers) + d.raw),
      out.text(),
      logs.text(),
      await dumpDb(),
      JSON.stringify((await make().outboxStatus())),
      JSON.stringify(reports),
    ].join('\n');
    expect(logs.text()).toContain('alert delivery failed');
    expect((await make().outboxStatus()).channels.find((c) => c.channel === 'email')?.lastError).toMatch(/^smtp /);
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
  });

  it('backs off exponentially between attempts and gives up on permanent errors', async () => {
    const m = managerFor(state.store, alertsConfig({ channels: [{ type: 'webhook', url: hook.url, secret: HOOK_SECRET }] }), clock);
    hook.respondWith(503);
    await m.processCycle({ findings: [tokensFinding()], evaluated });
    const attempts = () => state.store.db.get('SELECT attempts, next_attempt_at, status FROM alert_deliveries');
    await m.flushOutbox();
    expect(await attempts()).toEqual({ attempts: 1, next_attempt_at: clock.now + 30_000, status: 'pending' });
    clock.now += 10_000;
    await m.flushOutbox();
    expect(hook.deliveries).toHaveLength(1);
    clock.now += 20_000;
    await m.flushOutbox();
    expect(await attempts()).toEqual({ attempts: 2, next_attempt_at: clock.now + 60_000, status: 'pending' });
    hook.respondWith(400);
    clock.now += 60_000;
    expect(await m.flushOutbox()).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    expect((await m.outboxStatus()).channels).toEqual([
      { channel: 'webhook', pending: 0, failed: 1, delivered: 0, oldestPendingSeconds: null, lastError: 'webhook: HTTP 400', consecutiveFailures: 3 },
    ]);
    hook.respondWith(200);
  });

  it('a channel failing K times in a row raises one "notifier broken" warning on the other channels', async () => {
    const config = alertsConfig({
      channels: [
        { type: 'webhook', url: hook.url, secret: HOOK_SECRET },
        { type: 'slack', token: TOKEN, channel: '#c', apiUrl: slack.apiUrl },
      ],
      fallbackAfterFailures: 2,
    });
    const m = managerFor(state.store, config, clock);
    hook.respondWith(500);
    await m.processCycle({ findings: [tokensFinding()], evaluated });
    for (let i = 0; i < 4; i++) {
      await m.flushOutbox();
      clock.now += 15 * 60_000;
    }
    const texts = slack.calls.map((c) => c.body['text']);
    expect(texts).toEqual(['WARNING tokens.input_changed on openai/gpt-4o-mini (tokens-short)', 'WARNING alert channel webhook is failing']);
    hook.respondWith(200);
    await m.flushOutbox();
    expect(hook.deliveries.filter((d) => d.verified)).toHaveLength(5);
    expect((await m.outboxStatus()).channels.find((c) => c.channel === 'webhook')).toMatchObject({ pending: 0, delivered: 1, consecutiveFailures: 0 });
  });

  it('silenced events are recorded but queue no delivery', async () => {
    const m = managerFor(state.store, alertsConfig({ silences: [{ match: { providers: ['openai'] }, until: '2099-01-01T00:00:00Z' }] }), clock);
    const events = await m.processCycle({ findings: [tokensFinding()], evaluated });
    expect(events.map((e) => e.silencedBy)).toEqual(['config:0']);
    await m.flushOutbox();
    expect(slack.calls).toEqual([]);
    expect(await state.store.db.get('SELECT COUNT(*) AS n FROM alert_events')).toEqual({ n: 1 });
  });
});
