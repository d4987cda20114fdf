import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/finding.js';
import { addSilence } from '../../src/alerts/lifecycle/silences.js';
import { T0, captureStream, managerFor, tempState, tokensFinding } from './helpers.js';

const MINI = 'openai/gpt-4o-mini';
const evaluated = [{ target: MINI, canary: 'tokens-short' }];
let state: Awaited<ReturnType<typeof tempState>>;
let clock: { now: number };
const out = captureStream();
const consoleOnly = { channels: [{ type: 'console', minSeverity: 'info' }], remindEveryMinutes: 0 };

beforeEach(async () => {
  state = await tempState();
  clock = { now: T0 };
});
afterEach(async () => state.cleanup());

async function cycles<T>(n: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    clock.now += 30 * 60_000;
    out.push(await fn(i));
  }
  return out;
}

/** `items.map(fn)`, one after another: cycles must not overlap. */
async function inOrder<I, T>(items: readonly I[], fn: (item: I) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const item of items) out.push(await fn(item));
  return out;
}

describe('src/alerts/lifecycle', () => {
  it('ten cycles of the same drift: one opening, updates only when the evidence changed, one resolution', async () => {
    const m = managerFor(state.store, { ...consoleOnly, resolveAfterCycles: 2 }, clock, { stdout: out.stream });
    const after = [112, 112, 112, 115, 115, 115, 115, 118, 118, 118];
    const types = await cycles(10, async (i) =>
      (await m.processCycle({ findings: [tokensFinding({ evidence: { before: 100, after: after[i] } })], evaluated })).map((e) => e.type),
    );
    expect(types.flat()).toEqual(['opened', 'updated', 'updated']);
    const clearing = await cycles(4, async () => (await m.processCycle({ findings: [], evaluated })).map((e) => e.type));
    expect(clearing.flat()).toEqual(['resolved']);
    expect(clearing[1]).toEqual(['resolved']);
  });

  it('an alert is not resolved while its target/canary is not evaluated', async () => {
    const m = managerFor(state.store, consoleOnly, clock);
    await m.processCycle({ findings: [tokensFinding()], evaluated });
    const idle = await cycles(5, async () => await m.processCycle({ findings: [], evaluated: [{ target: 'openai/gpt-4o', canary: 'tokens-short' }] }));
    expect(idle.flat()).toEqual([]);
    expect((await m.outboxStatus()).open).toHaveLength(1);
  });

  it('a condition that returns after resolving opens a new alert', async () => {
    const m = managerFor(state.store, { ...consoleOnly, resolveAfterCycles: 1 }, clock);
    const seq = await inOrder([true, false, true], async (present) =>
      (await m.processCycle({ findings: present ? [tokensFinding()] : [], evaluated })).map((e) => e.type),
    );
    expect(seq).toEqual([['opened'], ['resolved'], ['opened']]);
  });

  it('flap suppression: opens only when present in N of the last M evaluated cycles', async () => {
    const m = managerFor(state.store, { ...consoleOnly, flap: { openAfter: 3, window: 5 } }, clock);
    const pattern = [true, false, true, false, false, false, false, true, true, false, true];
    const opened = await inOrder(pattern, async (p) => (await m.processCycle({ findings: p ? [tokensFinding()] : [], evaluated })).length);
    // 1 0 1 0 0 -> 2 of 5; window empties; 1 1 0 1 -> 3 of the last 5 at the eleventh cycle.
    expect(opened).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('reminds at the configured interval while open', async () => {
    const m = managerFor(state.store, { ...consoleOnly, remindEveryMinutes: 60 }, clock);
    const types = await cycles(6, async () => (await m.processCycle({ findings: [tokensFinding()], evaluated })).map((e) => e.type));
    expect(types.flat()).toEqual(['opened', 'reminder', 'reminder']);
  });

  it('accepting a baseline resolves the drift alerts of that target and canary only', async () => {
    const m = managerFor(state.store, consoleOnly, clock);
    const avail = tokensFinding({ kind: 'availability.error', severity: 'critical', summary: 'HTTP 503' });
    await m.processCycle({ findings: [tokensFinding(), avail], evaluated });
    const events = await m.resolveByBaseline(MINI, 'tokens-short');
    expect(events.map((e) => [e.type, e.resolution, e.finding.kind])).toEqual([['resolved', 'baseline_accepted', 'tokens.input_changed']]);
    expect((await m.outboxStatus()).open.map((a) => a.kind)).toEqual(['availability.error']);
  });

  it('routing: minSeverity, kind globs and providers pick the channels; info goes to console only', async () => {
    const m = managerFor(
      state.store,
      {
        channels: [
          { type: 'console', minSeverity: 'info' },
          { type: 'webhook', name: 'shape-hook', url: 'http://127.0.0.1:9/x', secret: 'whsec-routing', match: { kinds: ['shape.*'] } },
          { type: 'webhook', name: 'anthropic-hook', url: 'http://127.0.0.1:9/y', secret: 'whsec-routing', match: { providers: ['anthropic'] } },
          { type: 'pagerduty', routingKey: 'rk-routing-test', minSeverity: 'critical' },
        ],
      },
      clock,
    );
    const findings: Finding[] = [
      tokensFinding({ kind: 'shape.field_removed', subject: 'choices[].logprobs', severity: 'critical' }),
      tokensFinding({ kind: 'tokens.input_changed' }),
      tokensFinding({ kind: 'baseline.recorded', severity: 'info', target: 'anthropic/claude-3-5-haiku' }),
    ];
    await m.processCycle({ findings, evaluated });
    const rows = await state.store.db.query(
      `SELECT e.type, json_extract(e.event, '$.finding.kind') AS kind, d.channel
       FROM alert_deliveries d JOIN alert_events e ON e.seq = d.event_seq ORDER BY d.channel, kind`,
    );
    expect(rows).toEqual([
      { type: 'opened', kind: 'baseline.recorded', channel: 'console' },
      { type: 'opened', kind: 'shape.field_removed', channel: 'console' },
      { type: 'opened', kind: 'tokens.input_changed', channel: 'console' },
      { type: 'opened', kind: 'shape.field_removed', channel: 'pagerduty' },
      { type: 'opened', kind: 'shape.field_removed', channel: 'shape-hook' },
    ]);
  });

  it('silences from config and from the CLI record the alert without sending; it is sent once the silence ends', async () => {
    const m = managerFor(
      state.store,
      { ...consoleOnly, silences: [{ match: { kinds: ['shape.*'] }, until: '2099-01-01T00:00:00Z', reason: 'known' }] },
      clock,
    );
    const cli = await addSilence(state.store.db, { match: { providers: ['openai'], kinds: ['tokens.*'] }, forMs: 3_600_000, nowMs: clock.now });
    const first = await m.processCycle({ findings: [tokensFinding(), tokensFinding({ kind: 'shape.field_added', subject: 'x' })], evaluated });
    expect(first.map((e) => [e.type, e.silencedBy])).toEqual([
      ['opened', cli.id],
      ['opened', 'config:0'],
    ]);
    expect((await m.outboxStatus()).channels).toEqual([]);
    clock.now += 2 * 3_600_000;
    const later = await m.processCycle({ findings: [tokensFinding(), tokensFinding({ kind: 'shape.field_added', subject: 'x' })], evaluated });
    expect(later.map((e) => [e.type, e.finding.kind, e.silencedBy])).toEqual([['opened', 'tokens.input_changed', undefined]]);
  });

  it('while silenced: no reminders; a resolution still reaches those who saw the opening', async () => {
    const m = managerFor(state.store, { ...consoleOnly, remindEveryMinutes: 30, resolveAfterCycles: 1 }, clock);
    expect((await m.processCycle({ findings: [tokensFinding()], evaluated })).map((e) => e.type)).toEqual(['opened']);
    await addSilence(state.store.db, { match: { targets: ['openai/*'] }, forMs: 86_400_000, nowMs: clock.now });
    const quiet = await cycles(3, async () => await m.processCycle({ findings: [tokensFinding()], evaluated }));
    expect(quiet.flat()).toEqual([]);
    const cleared = (await cycles(1, async () => await m.processCycle({ findings: [], evaluated })))[0] ?? [];
    expect(cleared.map((e) => [e.type, e.silencedBy])).toEqual([['resolved', undefined]]);
    expect((await m.outboxStatus()).channels).toMatchObject([{ channel: 'console', pending: 2 }]);
  });

  it('maintenance windows (cron + duration in a time zone, and one-off) hold notifications back', async () => {
    const daily = { cron: '0 14 * * *', duration: '1h', timezone: 'Europe/Berlin', name: 'nightly' };
    const m = managerFor(state.store, { ...consoleOnly, maintenance: [daily] }, clock);
    clock.now = Date.parse('2025-06-01T12:30:00Z'); // 14:30 in Berlin (CEST)
    expect((await m.processCycle({ findings: [tokensFinding()], evaluated }))[0]?.silencedBy).toBe('maintenance:nightly');
    clock.now = Date.parse('2025-06-01T13:30:00Z'); // 15:30 Berlin: window over, the held-back opening goes out
    expect((await m.processCycle({ findings: [tokensFinding()], evaluated })).map((e) => [e.type, e.silencedBy])).toEqual([['opened', undefined]]);
    const oneOff = managerFor(state.store, { ...consoleOnly, maintenance: [{ start: '2025-06-01T13:00:00Z', end: '2025-06-01T15:00:00Z' }] }, clock);
    expect((await oneOff.processCycle({ findings: [tokensFinding({ kind: 'shape.field_added' })], evaluated }))[0]?.silencedBy).toBe('maintenance:0');
  });

  it('provider-wide outage: one grouped alert instead of one per target, resolved when the provider answers', async () => {
    const m = managerFor(state.store, { ...consoleOnly, resolveAfterCycles: 1 }, clock);
    const down = (target: string): Finding =>
      tokensFinding({ kind: 'availability.error', severity: 'critical', target, canary: 'tokens-short', summary: `${target}: HTTP 503` });
    const both = [{ target: MINI, canary: 'tokens-short' }, { target: 'openai/gpt-4o', canary: 'tokens-short' }];
    const first = await m.processCycle({ findings: [down(MINI), down('openai/gpt-4o')], evaluated: both });
    expect(first.map((e) => [e.type, e.finding.kind, e.finding.target, e.groupedTargets])).toEqual([
      ['opened', 'availability.provider_down', 'openai', ['openai/gpt-4o', 'openai/gpt-4o-mini']],
    ]);
    expect((await m.processCycle({ findings: [down(MINI), down('openai/gpt-4o')], evaluated: both }))).toEqual([]);
    const back = await m.processCycle({ findings: [], evaluated: both });
    expect(back.map((e) => [e.type, e.finding.kind])).toEqual([['resolved', 'availability.provider_down']]);
    // One target down alone is reported on its own.
    const single = await m.processCycle({ findings: [down(MINI)], evaluated: both });
    expect(single.map((e) => [e.type, e.finding.kind, e.finding.target])).toEqual([['opened', 'availability.error', MINI]]);
  });

  it('state survives a restart: a new manager on the same database does not reopen', async () => {
    const m1 = managerFor(state.store, consoleOnly, clock);
    expect((await m1.processCycle({ findings: [tokensFinding()], evaluated }))).toHaveLength(1);
    const m2 = managerFor(await state.reopen(), consoleOnly, clock);
    expect((await m2.processCycle({ findings: [tokensFinding()], evaluated }))).toEqual([]);
  });
});
