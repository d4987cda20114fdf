import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import { isValidSchedule, scheduleIntervalMs } from './cron.js';
import { defaultMaxJitterMs } from './jitter.js';
import type { ScheduledJob } from './types.js';

/** All jobs sharing one cron expression: one node-cron task fires them all, each at its own jitter. */
export interface CronGroup<R = unknown> {
  schedule: string;
  jobs: ScheduledJob<R>[];
  /** Smallest gap between fire times, ms. */
  intervalMs: number;
  /** Jitter ceiling of this schedule, ms. */
  maxJitterMs: number;
  task: ScheduledTask;
  /** The last answer of nextSlotAt and when it was asked: valid until that slot comes. */
  next?: { from: number; at: number };
}

export interface CronGroupOptions<R> {
  timezone?: string;
  maxJitterMs?: number;
  logger: Logger;
  /** Called at every slot of a group with the slot time (epoch ms). */
  onSlot: (group: CronGroup<R>, slotAt: number) => void;
}

/** Builds and starts one node-cron task per distinct expression; invalid expressions are logged and left out. */
export function buildCronGroups<R>(jobs: ScheduledJob<R>[], opts: CronGroupOptions<R>): Map<string, CronGroup<R>> {
  const bySchedule = new Map<string, ScheduledJob<R>[]>();
  for (const job of jobs) {
    const list = bySchedule.get(job.schedule) ?? [];
    list.push(job);
    bySchedule.set(job.schedule, list);
  }
  const cronLogger = {
    info: (m: string) => opts.logger.debug({ detail: m }, 'cron'),
    warn: (m: string) => opts.logger.debug({ detail: m }, 'cron warning'),
    error: (m: string | Error) => opts.logger.warn({ detail: String(m) }, 'cron error'),
    debug: (m: string | Error) => opts.logger.trace({ detail: String(m) }, 'cron'),
  };
  const groups = new Map<string, CronGroup<R>>();
  for (const [schedule, list] of bySchedule) {
    if (!isValidSchedule(schedule)) {
      opts.logger.error({ schedule, jobs: list.length }, 'invalid schedule, jobs not scheduled');
      continue;
    }
    const intervalMs = scheduleIntervalMs(schedule, opts.timezone);
    const maxJitterMs = Math.min(opts.maxJitterMs ?? defaultMaxJitterMs(intervalMs), Math.max(0, intervalMs - 1));
    let group: CronGroup<R> | undefined;
    const task = cron.createTask(
      schedule,
      (ctx) => {
        if (group) opts.onSlot(group, ctx.date.getTime());
      },
      { ...(opts.timezone ? { timezone: opts.timezone } : {}), suppressMissedWarning: true, logger: cronLogger },
    );
    group = { schedule, jobs: list, intervalMs, maxJitterMs, task };
    void task.start();
    groups.set(schedule, group);
  }
  return groups;
}

/** Destroys the node-cron tasks of the groups. */
export function destroyCronGroups(groups: Map<string, CronGroup>): void {
  for (const g of groups.values()) void g.task.destroy();
  groups.clear();
}

/**
 * The next fire time of a group (epoch ms), from the running task. Every run asks (its claim records
 * when the job is next due) and node-cron computes it through Intl each time, so the answer is kept
 * until that slot comes: no slot lies between the time it was asked and the answer.
 */
export function nextSlotAt(group: CronGroup, fallbackFrom: number): number {
  const known = group.next;
  if (known && known.from <= fallbackFrom && fallbackFrom < known.at) return known.at;
  const at = group.task.getNextRun()?.getTime();
  if (at === undefined) return fallbackFrom + group.intervalMs;
  group.next = { from: fallbackFrom, at };
  return at;
}
