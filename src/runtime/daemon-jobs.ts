import type { TriplineConfig } from '../config/schema.js';
import { parseTarget } from '../domain/target.js';
import type { Engine } from './engine/types.js';
import { scheduleIntervalMs, type ScheduledJob } from './scheduler/index.js';

/** Group of deprecation-source jobs; their concurrency is fixed. */
export const DEPRECATIONS_GROUP = '#deprecations';
const PAIR_PREFIX = 'pair|';
const SOURCE_PREFIX = 'deprecations|';

/** A scheduled job is either one canary on one target or one deprecation source. */
export type JobRef = { kind: 'pair'; target: string; canary: string } | { kind: 'source'; source: string };

/** Scheduler jobs: one per (target, canary) pair and one per deprecation source. */
export function jobsOf(engine: Engine, config: TriplineConfig, sourceIds: readonly string[]): ScheduledJob[] {
  const pairs = engine.pairs().map((p) => ({
    key: `${PAIR_PREFIX}${p.target}|${p.canary}`,
    group: parseTarget(p.target)?.provider ?? p.target,
    schedule: p.schedule,
  }));
  const schedule = config.deprecations?.schedule;
  const sources = schedule
    ? sourceIds.map((id) => ({ key: `${SOURCE_PREFIX}${id}`, group: DEPRECATIONS_GROUP, schedule }))
    : [];
  return [...pairs, ...sources];
}

/** What a job key refers to. */
export function refOf(key: string): JobRef | null {
  if (key.startsWith(SOURCE_PREFIX)) return { kind: 'source', source: key.slice(SOURCE_PREFIX.length) };
  if (!key.startsWith(PAIR_PREFIX)) return null;
  const rest = key.slice(PAIR_PREFIX.length);
  // Canary ids contain no `|`; the target is everything before the last one.
  const bar = rest.lastIndexOf('|');
  return bar > 0 ? { kind: 'pair', target: rest.slice(0, bar), canary: rest.slice(bar + 1) } : null;
}

/** Per provider, the smallest interval of its canary schedules in seconds: the first back-off step. */
export function providerIntervals(engine: Engine, timezone?: string): Map<string, number> {
  const byProvider = new Map<string, number>();
  const cache = new Map<string, number>();
  for (const p of engine.pairs()) {
    const provider = parseTarget(p.target)?.provider ?? p.target;
    let ms = cache.get(p.schedule);
    if (ms === undefined) {
      try {
        ms = scheduleIntervalMs(p.schedule, timezone);
      } catch {
        ms = 60_000;
      }
      cache.set(p.schedule, ms);
    }
    byProvider.set(provider, Math.min(byProvider.get(provider) ?? Number.POSITIVE_INFINITY, ms / 1000));
  }
  return byProvider;
}
