import type { TriplineConfig } from '../config/schema.js';
import { parseTarget } from '../domain/target.js';
import type { Engine } from './engine/types.js';
import { scheduleIntervalMs, type ScheduledJob } from './scheduler/index.js';

/** Group of deprecation-source jobs; their concurrency is fixed. */
export const DEPRECATIONS_GROUP = '#deprecations';

/** A scheduled job is either one canary on one target or one deprecation source. */
export type JobRef = { kind: 'pair'; target: string; canary: string } | { kind: 'source'; source: string };

/** A daemon job: the scheduler hands the ref back to the run as it was given. */
export type DaemonJob = ScheduledJob<JobRef>;

/**
 * The key a job's last-run row is stored under. Only ever built, never parsed: the run reads the
 * job's ref. The format is the one earlier versions stored, so catch-up survives an upgrade.
 */
export function jobKey(ref: JobRef): string {
  // Joined rather than concatenated: a flat string, where a template literal leaves a rope node
  // besides it for as long as the key lives (one per pair, thousands of pairs).
  return ref.kind === 'pair' ? ['pair', ref.target, ref.canary].join('|') : `deprecations|${ref.source}`;
}

/** Scheduler jobs: one per (target, canary) pair and one per deprecation source. */
export function jobsOf(engine: Engine, config: TriplineConfig, sourceIds: readonly string[]): DaemonJob[] {
  const pairs = engine.pairs().map((p): DaemonJob => {
    const ref: JobRef = { kind: 'pair', target: p.target, canary: p.canary };
    return { key: jobKey(ref), ref, group: parseTarget(p.target)?.provider ?? p.target, schedule: p.schedule };
  });
  const schedule = config.deprecations?.schedule;
  const sources = schedule
    ? sourceIds.map((id): DaemonJob => {
        const ref: JobRef = { kind: 'source', source: id };
        return { key: jobKey(ref), ref, group: DEPRECATIONS_GROUP, schedule };
      })
    : [];
  return [...pairs, ...sources];
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
