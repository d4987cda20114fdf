import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AlertsConfig } from '../../src/alerts/schema.js';
import { runAlertsStatus, runAlertsTest } from '../../src/commands/alerts.js';
import { runSilence } from '../../src/commands/silence.js';
import { startSlackStandIn, type SlackStandIn } from '../support/slack-stand-in.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { T0, captureStream, managerFor, tempState, tokensFinding } from './helpers.js';

const TOKEN = 'xoxb-cmd-token-44aa10';
const HOOK_SECRET = 'whsec-cmd-19fe';
let slack: SlackStandIn;
let hook: WebhookReceiver;
let state: Awaited<ReturnType<typeof tempState>>;

beforeAll(async () => {
  [slack, hook] = await Promise.all([startSlackStandIn(), startWebhookReceiver(HOOK_SECRET)]);
});
afterAll(async () => {
  await Promise.all([slack.close(), hook.close()]);
});
beforeEach(async () => {
  state = await tempState();
});
afterEach(async () => state.cleanup());

const loaded = () => ({
  config: {
    alerts: AlertsConfig.parse({
      channels: [
        { type: 'console' },
        { type: 'slack', name: 'team-slack', token: TOKEN, channel: '#c', apiUrl: slack.apiUrl },
        { type: 'webhook', url: hook.url, secret: HOOK_SECRET },
      ],
    }),
  },
  secrets: [TOKEN, HOOK_SECRET],
});

describe('src/commands/alerts.ts', () => {
  it('alerts test sends a clearly marked test alert through every channel', async () => {
    const out = captureStream();
    const err = captureStream();
    expect(await runAlertsTest({ loaded: loaded(), out: out.stream, err: err.stream })).toBe(0);
    expect(out.text()).toContain('== [TEST] tripline alert test — no action needed');
    expect(out.text()).toContain('team-slack: test alert sent\nwebhook: test alert sent\n');
    expect(slack.calls.at(-1)?.body['text']).toBe('[TEST] tripline alert test — no action needed');
    expect(hook.deliveries.at(-1)?.verified).toBe(true);
    expect(err.text()).toBe('');
  });

  it('alerts test --channel picks one; an unknown name or a failing channel exits 2 without secrets', async () => {
    const out = captureStream();
    const err = captureStream();
    const before = hook.deliveries.length;
    expect(await runAlertsTest({ loaded: loaded(), channelName: 'team-slack', out: out.stream, err: err.stream })).toBe(0);
    expect(hook.deliveries.length).toBe(before);
    expect(await runAlertsTest({ loaded: loaded(), channelName: 'nope', out: out.stream, err: err.stream })).toBe(2);
    expect(err.text()).toContain('no alert channel named nope; configured: console, team-slack, webhook');
    hook.respondWith(500);
    expect(await runAlertsTest({ loaded: loaded(), channelName: 'webhook', out: out.stream, err: err.stream })).toBe(2);
    hook.respondWith(200);
    expect(err.text()).toContain('webhook: test alert failed: webhook: HTTP 500');
    expect(out.text() + err.text()).not.toContain(TOKEN);
    expect(out.text() + err.text()).not.toContain(HOOK_SECRET);
  });

  it('alerts status prints the outbox per channel and the open alerts', async () => {
    const clock = { now: T0 };
    const m = managerFor(state.store, { channels: [{ type: 'webhook', url: 'http://127.0.0.1:1/x', secret: HOOK_SECRET }] }, clock);
    await m.processCycle({ findings: [tokensFinding()], evaluated: [] });
    await m.flushOutbox();
    clock.now += 5 * 60_000;
    const out = captureStream();
    expect(await runAlertsStatus({ db: state.store.db, out: out.stream, now: () => clock.now })).toBe(0);
    expect(out.text()).toBe(
      [
        'CHANNEL       PENDING  FAILED  DELIVERED  OLDEST  LAST ERROR',
        'webhook       1        0       0          5m      webhook: connection failed',
        '',
        'open alerts: 1',
        '  WARNING tokens.input_changed on openai/gpt-4o-mini (tokens-short) since 2025-06-01T12:00:00.000Z',
        '',
      ].join('\n'),
    );
  });
});

describe('--json on the commands that print tables', () => {
  it('alerts status --json: the outbox per channel and the open alerts as one document', async () => {
    const clock = { now: T0 };
    const m = managerFor(state.store, { channels: [{ type: 'webhook', url: 'http://127.0.0.1:1/x', secret: HOOK_SECRET }] }, clock);
    await m.processCycle({ findings: [tokensFinding()], evaluated: [] });
    await m.flushOutbox();
    clock.now += 5 * 60_000;
    const out = captureStream();
    expect(await runAlertsStatus({ db: state.store.db, out: out.stream, now: () => clock.now, json: true })).toBe(0);
    expect(JSON.parse(out.text())).toEqual({
      channels: [
        { channel: 'webhook', pending: 1, failed: 0, delivered: 0, oldestPendingSeconds: 300, lastError: 'webhook: connection failed', consecutiveFailures: 1 },
      ],
      open: [
        {
          key: 'openai/gpt-4o-mini|tokens-short|tokens.input_changed|',
          kind: 'tokens.input_changed',
          target: 'openai/gpt-4o-mini',
          canary: 'tokens-short',
          severity: 'warning',
          summary: 'input tokens for the same prompt rose 12% (100 -> 112)',
          openedAt: '2025-06-01T12:00:00.000Z',
          announced: true,
        },
      ],
    });
  });

  it('silence list --json: every silence with its state', async () => {
    const out = captureStream();
    const io = { db: state.store.db, out: out.stream, err: captureStream().stream, now: () => T0, author: 'alice' };
    await runSilence({ action: 'add', match: ['provider=openai'], duration: '2h', reason: 'incident 42' }, io);
    const json = captureStream();
    expect(await runSilence({ action: 'list', json: true }, { ...io, out: json.stream })).toBe(0);
    expect(JSON.parse(json.text())).toEqual([
      expect.objectContaining({ match: { providers: ['openai'] }, until: '2025-06-01T14:00:00.000Z', reason: 'incident 42', author: 'alice', state: 'active' }),
    ]);
  });
});

describe('src/commands/silence.ts', () => {
  it('add, list and remove, with expiry and an audit trail', async () => {
    const out = captureStream();
    const err = captureStream();
    const io = { db: state.store.db, out: out.stream, err: err.stream, now: () => T0, author: 'alice' };
    expect(await runSilence({ action: 'add', match: ['provider=openai', 'kind=shape.*'], duration: '2h', reason: 'incident 42' }, io)).toBe(0);
    const id = /silence (s-[0-9a-f]+) added/.exec(out.text())?.[1] ?? '';
    expect(out.text()).toBe(`silence ${id} added: provider=openai kind=shape.* until 2025-06-01T14:00:00.000Z (incident 42)\n`);
    expect(await runSilence({ action: 'list' }, io)).toBe(0);
    expect(out.text()).toContain(`${id}  active  provider=openai kind=shape.*  until 2025-06-01T14:00:00.000Z  created 2025-06-01T12:00:00.000Z by alice  reason: incident 42`);
    expect(await runSilence({ action: 'remove', id }, io)).toBe(0);
    expect(await runSilence({ action: 'remove', id }, io)).toBe(2);
    expect(await runSilence({ action: 'list' }, io)).toBe(0);
    expect(out.text()).toContain(`${id}  removed 2025-06-01T12:00:00.000Z by alice`);
    expect(await runSilence({ action: 'add', match: ['model=x'], duration: '2h' }, io)).toBe(2);
    expect(await runSilence({ action: 'add', match: ['provider=openai'], duration: 'soon' }, io)).toBe(2);
    expect(err.text()).toContain('--match model=x: expected provider=, target=, canary= or kind= with a value');
  });
});
