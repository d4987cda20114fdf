import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/finding.js';
import { startPagerDutyStandIn, type PagerDutyStandIn } from '../support/pagerduty-stand-in.js';
import { startSlackStandIn, type SlackStandIn } from '../support/slack-stand-in.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { T0, captureStream, managerFor, tempState, tokensFinding } from './helpers.js';

const TOKEN = 'xoxb-update-rule-4e1a';
const HOOK_SECRET = 'whsec-update-rule-77b2';
const SMTP_PASSWORD = 'smtp-update-rule-c3';
const ROUTING_KEY = 'UPDATERULE0123456789abcdef012345';
const MINI = 'openai/gpt-4o-mini';
const evaluated = [{ target: MINI, canary: 'tokens-short' }];
const at = (cycle: number) => new Date(T0 + cycle * 30 * 60_000).toISOString();

/** identity.model_changed as the identity probe writes it: `lastSeen` moves every cycle. */
const modelChanged = (cycle: number, after = 'gpt-4o-mini-2025-09-01'): Finding =>
  tokensFinding({
    kind: 'identity.model_changed',
    subject: after,
    summary: `gpt-4o-mini now reports model ${after} (baseline: gpt-4o-mini-2024-07-18)`,
    evidence: { before: ['gpt-4o-mini-2024-07-18'], after, mapping: { alias: 'gpt-4o-mini', after }, firstSeen: at(0), lastSeen: at(cycle) },
    detectedAt: at(cycle),
  });

/** tokens.output_shift as the length probe writes it: every statistic is re-estimated each cycle. */
const outputShift = (cycle: number): Finding =>
  tokensFinding({
    kind: 'tokens.output_shift',
    subject: 'output_tokens',
    summary: `outputs got longer: mean 100 → ${150 + cycle} tokens`,
    evidence: { direction: 'longer', before: { mean: 100, n: 400 }, after: { mean: 150 + cycle, n: 40 }, pValue: 1e-5 / (cycle + 1), effectSize: 0.5 + cycle / 100, poolSize: 400 + cycle * 40 },
    detectedAt: at(cycle),
  });

let slack: SlackStandIn;
let hook: WebhookReceiver;
let smtp: SmtpSink;
let pd: PagerDutyStandIn;
let state: Awaited<ReturnType<typeof tempState>>;
let clock: { now: number };

beforeAll(async () => {
  [slack, hook, smtp, pd] = await Promise.all([
    startSlackStandIn(),
    startWebhookReceiver(HOOK_SECRET, () => clock.now / 1000),
    startSmtpSink('tripline', SMTP_PASSWORD),
    startPagerDutyStandIn(),
  ]);
});
afterAll(async () => {
  await Promise.all([slack.close(), hook.close(), smtp.close(), pd.close()]);
});
beforeEach(async () => {
  state = await tempState();
  clock = { now: T0 };
  slack.calls.length = 0;
  hook.deliveries.length = 0;
  smtp.mails.length = 0;
  pd.events.length = 0;
});
afterEach(async () => state.cleanup());

function everyChannel(remindEveryMinutes = 1440) {
  return {
    channels: [
      { type: 'console', minSeverity: 'warning' },
      { type: 'slack', token: TOKEN, channel: '#llm-contracts', apiUrl: slack.apiUrl, minSeverity: 'warning' },
      { type: 'webhook', url: hook.url, secret: HOOK_SECRET, minSeverity: 'warning' },
      { type: 'email', url: `smtp://tripline:${SMTP_PASSWORD}@127.0.0.1:${smtp.port}`, from: 'a@example.com', to: ['b@example.com'], minSeverity: 'warning' },
      { type: 'pagerduty', routingKey: ROUTING_KEY, apiUrl: pd.apiUrl, minSeverity: 'warning' },
    ],
    remindEveryMinutes,
  };
}

/** Runs `n` half-hourly cycles through the manager and its outbox; returns the event types raised. */
async function run(m: ReturnType<typeof managerFor>, n: number, finding: (cycle: number) => Finding): Promise<string[]> {
  const types: string[] = [];
  for (let cycle = 0; cycle < n; cycle++) {
    clock.now = T0 + cycle * 30 * 60_000;
    types.push(...(await m.processCycle({ findings: [finding(cycle)], evaluated })).map((e) => e.type));
    const report = await m.flushOutbox();
    expect(report).toMatchObject({ failed: 0 });
  }
  return types;
}

describe('src/alerts/lifecycle: an alert is updated only when its evidence changes materially', () => {
  it.each([
    ['identity.model_changed whose lastSeen moves every cycle', modelChanged],
    ['tokens.output_shift whose p-value, means and pool size move every cycle', outputShift],
  ])('10 cycles of one persistent change (%s): exactly one message on every channel', async (_name, finding) => {
    const out = captureStream();
    const m = managerFor(state.store, everyChannel(), clock, { stdout: out.stream });
    expect(await run(m, 10, finding)).toEqual(['opened']);
    expect(out.text().match(/ on openai\/gpt-4o-mini \(tokens-short\)/g)).toHaveLength(1);
    expect(slack.calls.map((c) => c.method)).toEqual(['chat.postMessage']);
    expect(hook.deliveries).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);
    expect(pd.events).toHaveLength(1);
  });

  it('a new value or a severity change is an update, once; the same material evidence again is not', async () => {
    const m = managerFor(state.store, { channels: [{ type: 'console', minSeverity: 'info' }], remindEveryMinutes: 0 }, { now: T0 });
    const cycle = async (f: Finding) => (await m.processCycle({ findings: [f], evaluated })).map((e) => e.type);
    const findingKeyed = (after: string, lastSeen: number, severity: Finding['severity'] = 'warning'): Finding => ({
      ...modelChanged(lastSeen),
      subject: 'model',
      severity,
      evidence: { ...modelChanged(lastSeen).evidence, after },
    });
    expect(await cycle(findingKeyed('m-2', 1))).toEqual(['opened']);
    expect(await cycle(findingKeyed('m-2', 2))).toEqual([]);
    expect(await cycle(findingKeyed('m-3', 3))).toEqual(['updated']);
    expect(await cycle(findingKeyed('m-3', 4, 'critical'))).toEqual(['updated']);
    expect(await cycle(findingKeyed('m-3', 5, 'critical'))).toEqual([]);
  });

  it('a provider outage that spreads to another target is an update; its changing error texts are not', async () => {
    const m = managerFor(state.store, { channels: [{ type: 'console', minSeverity: 'info' }], remindEveryMinutes: 0 }, { now: T0 });
    const down = (targets: string[], message: string): Finding =>
      tokensFinding({ kind: 'availability.provider_down', target: 'openai', canary: undefined, evidence: { targets, errors: { [MINI]: message } } });
    const cycle = async (f: Finding) => (await m.processCycle({ findings: [f], evaluated })).map((e) => e.type);
    expect(await cycle(down([MINI], 'HTTP 503'))).toEqual(['opened']);
    expect(await cycle(down([MINI], 'HTTP 502'))).toEqual([]);
    expect(await cycle(down([MINI, 'openai/gpt-4o'], 'timeout'))).toEqual(['updated']);
  });

  it('an alert stored before this rule (a full-evidence hash) is re-hashed silently, not updated', async () => {
    const m = managerFor(state.store, { channels: [{ type: 'console', minSeverity: 'info' }], remindEveryMinutes: 0 }, { now: T0 });
    expect((await m.processCycle({ findings: [modelChanged(0)], evaluated })).map((e) => e.type)).toEqual(['opened']);
    await state.store.db.run('UPDATE alerts SET evidence_hash = ?', ['0123456789abcdef0123456789abcdef']);
    expect((await m.processCycle({ findings: [modelChanged(1)], evaluated }))).toEqual([]);
    expect((await m.processCycle({ findings: [modelChanged(2)], evaluated }))).toEqual([]);
    expect((await m.processCycle({ findings: [{ ...modelChanged(3), severity: 'critical' }], evaluated })).map((e) => e.type)).toEqual(['updated']);
  });

  it('reminders follow alerts.remindEveryMinutes, whatever the evidence does', async () => {
    const out = captureStream();
    const m = managerFor(state.store, everyChannel(120), clock, { stdout: out.stream });
    // Cycles every 30 minutes: opened at 0, reminders at 120 and 240 minutes.
    expect(await run(m, 10, modelChanged)).toEqual(['opened', 'reminder', 'reminder']);
    expect(slack.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.postMessage', 'chat.postMessage']);
  });
});
