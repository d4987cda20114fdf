import { findingKey, type Finding } from '../../domain/finding.js';
import type { AlertsConfig, ChannelConfig } from '../schema.js';
import type { AlertEvent, AlertEventType } from '../types.js';
import type { AlertStore } from './alert-store.js';
import { groupProviderOutages, type Evaluated } from './group.js';
import { isLegacyHash, materialHash } from './material.js';
import { routeChannels } from './routing.js';
import type { AlertRow } from './rows.js';
import type { Suppressor } from './suppression.js';

/** Everything one pass over the alert state needs; built per call by the manager. */
export interface CycleContext {
  store: AlertStore;
  alerts: AlertsConfig;
  channels: readonly ChannelConfig[];
  suppressor: Suppressor;
  nowMs: number;
}

/** What the runtime reports after a cycle. */
export interface CycleInput {
  /** Every finding of the cycle (any severity). */
  findings: Finding[];
  /** The (target, canary) pairs that were evaluated; an alert can only clear where it was looked at. */
  evaluated: Evaluated[];
}

const pushBit = (window: string, bit: '0' | '1', size: number): string => `${window}${bit}`.slice(-size);
const ones = (window: string): number => [...window].filter((b) => b === '1').length;

/** Raises one event for an alert row: recorded always, queued per routed channel unless silenced. */
export async function emit(
  ctx: CycleContext,
  row: AlertRow,
  type: AlertEventType,
  finding: Finding,
  extra: Pick<AlertEvent, 'resolution'> = {},
): Promise<AlertEvent> {
  const at = new Date(ctx.nowMs).toISOString();
  const grouped = row.grouped_targets ? { groupedTargets: row.grouped_targets } : {};
  const id = await ctx.store.nextEventId(row.key, type);
  const event: AlertEvent = { id, alertKey: row.key, type, finding, openedAt: row.opened_at ?? at, at, ...grouped, ...extra };
  // A resolution always goes out to those who saw the opening, so no message is left looking open.
  const silencedBy = type === 'resolved' ? undefined : ctx.suppressor.silencedBy(finding);
  if (silencedBy !== undefined) event.silencedBy = silencedBy;
  const routed = routeChannels(finding, ctx.channels);
  const channels = type === 'opened' ? routed : [...new Set([...row.channels, ...routed])];
  await ctx.store.recordEvent(event, row.id, channels, ctx.nowMs);
  // What an opening or update said is what later cycles are compared with (silenced or not: a
  // silenced change is recorded once, not again every cycle).
  if (type === 'opened' || type === 'updated') await ctx.store.update(row.id, { evidenceHash: materialHash(finding, row.grouped_targets) });
  if (silencedBy === undefined) {
    await ctx.store.update(row.id, { announced: row.announced === 1 || type === 'opened', channels, lastNotifiedAt: ctx.nowMs });
  }
  return event;
}

/** Closes an open alert; tells people only if they were told it opened (and it is not info). */
export async function resolveAlert(ctx: CycleContext, row: AlertRow, resolution: 'cleared' | 'baseline_accepted'): Promise<AlertEvent[]> {
  const at = new Date(ctx.nowMs).toISOString();
  await ctx.store.update(row.id, { state: 'resolved', resolvedAt: at, resolution });
  if (row.announced !== 1 || row.finding.severity === 'info') return [];
  return [await emit(ctx, row, 'resolved', row.finding, { resolution })];
}

function covers(evaluated: Evaluated[], row: AlertRow): boolean {
  return evaluated.some(
    (e) => e.target === row.target && (e.canary === undefined || row.canary === null || e.canary === row.canary),
  );
}

/** One cycle: open, update, count absences, resolve, announce late, remind. Run inside a transaction. */
export async function runCycle(ctx: CycleContext, input: CycleInput, targets: readonly string[]): Promise<AlertEvent[]> {
  const { flap, resolveAfterCycles, remindEveryMinutes } = ctx.alerts;
  const nowIso = new Date(ctx.nowMs).toISOString();
  const g = groupProviderOutages(input.findings, input.evaluated, targets);
  const current = new Map<string, Finding>();
  for (const f of g.findings) current.set(findingKey(f), f);
  const events: AlertEvent[] = [];
  // Rows outside this cycle's keys and evaluated targets are neither seen nor covered: left as they are.
  const scope = [...new Set(g.evaluated.map((e) => e.target))];
  const active = new Map((await ctx.store.activeFor([...current.keys()], scope)).map((r) => [r.key, r]));

  for (const [key, f] of current) {
    const row = active.get(key) ?? (await ctx.store.insert(key, f, nowIso, g.groupedTargets.get(key)));
    const window = pushBit(row.window, '1', flap.window);
    if (row.state === 'candidate') {
      if (ones(window) < flap.openAfter) {
        await ctx.store.update(row.id, { window, finding: f, lastSeenAt: nowIso });
        continue;
      }
      await ctx.store.update(row.id, { state: 'open', openedAt: nowIso, window, finding: f, absentCycles: 0, lastSeenAt: nowIso });
      events.push(await emit(ctx, await ctx.store.get(row.id), 'opened', f));
      continue;
    }
    // Compared with what people were last told, not with the previous cycle: only a material change
    // (a new value, severity or affected target; never a timestamp or counter) is an update.
    const hash = materialHash(f, row.grouped_targets);
    const legacy = isLegacyHash(row.evidence_hash);
    const changed = !legacy && hash !== row.evidence_hash;
    await ctx.store.update(row.id, { window, finding: f, absentCycles: 0, lastSeenAt: nowIso, ...(legacy ? { evidenceHash: hash } : {}) });
    // At most one update per alert and cycle (one finding per key).
    if (changed && row.announced === 1) events.push(await emit(ctx, await ctx.store.get(row.id), 'updated', f));
  }

  for (const row of active.values()) {
    if (current.has(row.key)) continue;
    if (g.inhibited.has(row.key)) {
      await ctx.store.update(row.id, { absentCycles: 0, lastSeenAt: nowIso });
      continue;
    }
    if (!covers(g.evaluated, row)) continue;
    const window = pushBit(row.window, '0', flap.window);
    if (row.state === 'candidate') {
      if (ones(window) === 0) await ctx.store.remove(row.id);
      else await ctx.store.update(row.id, { window });
      continue;
    }
    const absent = row.absent_cycles + 1;
    if (absent >= resolveAfterCycles) events.push(...(await resolveAlert(ctx, await ctx.store.get(row.id), 'cleared')));
    else await ctx.store.update(row.id, { window, absentCycles: absent });
  }

  events.push(...(await announceAndRemind(ctx, remindEveryMinutes)));
  return events;
}

/** Opens held back by a silence that has since ended are sent now; open alerts remind at an interval. */
async function announceAndRemind(ctx: CycleContext, remindEveryMinutes: number): Promise<AlertEvent[]> {
  const events: AlertEvent[] = [];
  const remindBefore = remindEveryMinutes > 0 ? ctx.nowMs - remindEveryMinutes * 60_000 : null;
  for (const row of await ctx.store.openToAnnounce(remindBefore)) {
    if (row.announced !== 1) {
      if (ctx.suppressor.silencedBy(row.finding) === undefined) events.push(await emit(ctx, row, 'opened', row.finding));
      continue;
    }
    const due = remindEveryMinutes > 0 && ctx.nowMs - (row.last_notified_at ?? ctx.nowMs) >= remindEveryMinutes * 60_000;
    const silenced = ctx.suppressor.silencedBy(row.finding) !== undefined;
    if (due && !silenced && row.finding.severity !== 'info') events.push(await emit(ctx, row, 'reminder', row.finding));
  }
  return events;
}
