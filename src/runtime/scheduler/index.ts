import { setMaxListeners } from 'node:events';
import { buildCronGroups, destroyCronGroups, nextSlotAt, type CronGroup } from './cron-groups.js';
import { delay } from './delay.js';
import { createDueQueue, type DueEntry } from './due-queue.js';
import { jitterMs } from './jitter.js';
import { createLastRunStore } from './last-runs.js';
import { createSemaphore, type Semaphore } from './semaphore.js';
import type { ScheduledJob, Scheduler, SchedulerOptions } from './types.js';

export type { RunContext, ScheduledJob, Scheduler, SchedulerOptions, SchedulerStats } from './types.js';
export { defaultMaxJitterMs, jitterMs } from './jitter.js';
export { isValidSchedule, scheduleIntervalMs } from './cron.js';

/**
 * The scheduler: one node-cron task per distinct expression, a deterministic jitter per job, one
 * timer over a due queue, per-group concurrency caps, no overlapping runs of one job, and
 * last-run times in SQLite so that a slot missed while down runs once and a restart does not stampede.
 */
export function createScheduler<R>(opts: SchedulerOptions<R>): Scheduler<R> {
  const now = opts.now ?? Date.now;
  const lastRuns = createLastRunStore(opts.db, opts.fence);
  const queue = createDueQueue();
  const semaphores = new Map<string, Semaphore>();
  const busy = new Set<string>();
  const inflight = new Set<Promise<void>>();
  const stopping = new AbortController();
  const aborting = new AbortController();
  // Every waiting and running job listens on these signals: thousands is expected, not a leak.
  setMaxListeners(0, stopping.signal, aborting.signal);
  let groups = new Map<string, CronGroup<R>>();
  // Job by key; its cron group is the one of its schedule (no entry object per job: thousands of pairs).
  let jobsByKey = new Map<string, ScheduledJob<R>>();
  const groupOf = (job: ScheduledJob<R>): CronGroup<R> | undefined => groups.get(job.schedule);
  let timer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let lastTick = now();
  let stopped = false;
  const stats = { started: 0, skippedOverlap: 0, catchUps: 0, skippedClaimed: 0 };

  const smallestInterval = (): number => Math.min(60_000, ...[...groups.values()].map((g) => g.intervalMs));
  const tickMs = (): number => Math.max(1_000, Math.min(15_000, smallestInterval()));
  const tick = (): void => {
    lastTick = now();
  };

  const semaphoreOf = (group: string): Semaphore => {
    let s = semaphores.get(group);
    if (!s) {
      s = createSemaphore(opts.concurrency(group));
      semaphores.set(group, s);
    }
    return s;
  };

  const arm = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const head = queue.peek();
    if (!head || stopped) return;
    timer = setTimeout(drainDue, Math.max(0, head.dueAt - now()));
  };

  function drainDue(): void {
    tick();
    const t = now();
    for (let head = queue.peek(); head && head.dueAt <= t; head = queue.peek()) {
      queue.pop();
      dispatch(head);
    }
    arm();
  }

  const onSlot = (group: CronGroup<R>, slotAt: number): void => {
    tick();
    if (stopped) return;
    for (const job of group.jobs) {
      queue.push({ dueAt: slotAt + jitterMs(job.key, group.maxJitterMs), key: job.key, slotAt, reason: 'scheduled' });
    }
    arm();
  };

  function dispatch(entry: DueEntry): void {
    const job = jobsByKey.get(entry.key);
    const group = job && groupOf(job);
    if (!job || !group || stopped) return;
    if (busy.has(entry.key)) {
      stats.skippedOverlap += 1;
      opts.onOverlap?.(job);
      return;
    }
    busy.add(entry.key);
    const dispatchedAt = now();
    opts.onLag?.(Math.max(0, dispatchedAt - entry.dueAt) / 1000);
    const p = execute(job, group, entry, dispatchedAt).finally(() => {
      busy.delete(entry.key);
      inflight.delete(p);
    });
    inflight.add(p);
  }

  async function execute(job: ScheduledJob<R>, group: CronGroup<R>, entry: DueEntry, dispatchedAt: number): Promise<void> {
    let readyAt = dispatchedAt;
    try {
      // Back-off: wait out the group's hold; the job stays busy, so its next slots are skipped.
      for (let hold = opts.holdUntil?.(job.group) ?? 0; hold > now(); hold = opts.holdUntil?.(job.group) ?? 0) {
        readyAt = hold + jitterMs(job.key, group.maxJitterMs);
        if (!(await delay(readyAt - now(), stopping.signal))) return;
      }
      let release = await semaphoreOf(job.group).acquire(stopping.signal);
      if (!release) return;
      // A run that waits (to confirm a suspicion) does not keep its provider's other pairs waiting.
      const pause = async (ms: number): Promise<boolean> => {
        release?.();
        release = null;
        if (!(await delay(ms, stopping.signal))) return false;
        release = await semaphoreOf(job.group).acquire(stopping.signal);
        return release !== null;
      };
      try {
        const startedAt = now();
        opts.onQueueWait?.(Math.max(0, startedAt - readyAt) / 1000);
        // One run per (job, slot) whoever leads: a slot a previous leader already ran is skipped,
        // and a process that no longer leads runs nothing.
        const claim = await lastRuns.claim({ key: job.key, schedule: job.schedule, slotAt: entry.slotAt, startedAt, nextDueAt: nextSlotAt(group, startedAt) });
        if (claim !== 'claimed') {
          if (claim === 'taken') {
            stats.skippedClaimed += 1;
            opts.logger.info({ job: job.key, slotAt: new Date(entry.slotAt).toISOString() }, 'slot already ran; skipped');
          }
          return;
        }
        stats.started += 1;
        // One signal per run: signals derived from it (AbortSignal.any in the HTTP client) are then
        // collected with the run instead of piling up on the scheduler's long-lived one.
        const run = new AbortController();
        const abortRun = (): void => run.abort();
        aborting.signal.addEventListener('abort', abortRun, { once: true });
        try {
          await opts.run(job, { signal: run.signal, dueAt: entry.dueAt, slotAt: entry.slotAt, reason: entry.reason, pause });
        } finally {
          aborting.signal.removeEventListener('abort', abortRun);
        }
      } finally {
        release?.();
      }
    } catch (err) {
      if (stopping.signal.aborted && !aborting.signal.aborted) return;
      opts.logger.error({ err, job: job.key }, 'scheduled run failed');
    }
  }

  const install = (jobs: ScheduledJob<R>[]): void => {
    destroyCronGroups(groups);
    groups = buildCronGroups(jobs, { timezone: opts.timezone, maxJitterMs: opts.maxJitterMs, logger: opts.logger, onSlot });
    jobsByKey = new Map();
    for (const g of groups.values()) for (const job of g.jobs) jobsByKey.set(job.key, job);
    for (const [group, s] of semaphores) s.setLimit(opts.concurrency(group));
    const t = now();
    lastRuns
      .seed([...groups.values()].flatMap((group) => group.jobs.map((job) => ({ key: job.key, schedule: job.schedule, nextDueAt: nextSlotAt(group, t) }))))
      .catch((err: unknown) => opts.logger.error({ err }, 'recording scheduler jobs failed'));
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = setInterval(tick, tickMs());
  };

  return {
    async start() {
      const persisted = await lastRuns.load();
      install(opts.jobs);
      const t = now();
      for (const group of groups.values()) for (const job of group.jobs) {
        const row = persisted.get(job.key);
        if (!row || row.schedule !== job.schedule || row.nextDueAt > t) continue;
        // Missed while down: once, not once per missed slot, spread by the job's jitter.
        stats.catchUps += 1;
        queue.push({ dueAt: t + jitterMs(job.key, group.maxJitterMs), key: job.key, slotAt: row.nextDueAt, reason: 'catch-up' });
      }
      tick();
      arm();
    },
    reload(jobs) {
      if (stopped) return;
      install(jobs);
      tick();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      stopping.abort();
      destroyCronGroups(groups);
      queue.clear();
      if (timer) clearTimeout(timer);
      if (heartbeat) clearInterval(heartbeat);
    },
    async drain(timeoutMs) {
      this.stop();
      const all = (): Promise<unknown> => Promise.allSettled([...inflight]);
      const timeout = new AbortController();
      const inTime = await Promise.race([all().then(() => true), delay(timeoutMs, timeout.signal).then(() => false)]);
      timeout.abort();
      if (inTime) return true;
      aborting.abort();
      const grace = new AbortController();
      await Promise.race([all(), delay(1_000, grace.signal)]);
      grace.abort();
      return false;
    },
    lastTickAt: () => lastTick,
    tickAgeLimitMs: () => Math.max(2 * tickMs(), Math.min(2 * smallestInterval(), 60_000)),
    stats: () => ({ ...stats, busy: busy.size, queued: queue.size() }),
  };
}
