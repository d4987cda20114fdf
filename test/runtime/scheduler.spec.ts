import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createScheduler, defaultMaxJitterMs, jitterMs, type ScheduledJob, type SchedulerOptions } from '../../src/runtime/scheduler/index.js';
import type { StateStore } from '../../src/runtime/state/store.js';
import { silentLogger, tempStore } from './helpers.js';

const T0 = new Date('2026-03-02T10:00:00.000Z');

function jobs(n: number, schedule: string, group = 'p'): ScheduledJob[] {
  return Array.from({ length: n }, (_, i) => ({ key: `pair|${group}/m${i}|c`, group, schedule, ref: null }));
}

function options(store: StateStore, overrides: Partial<SchedulerOptions>): SchedulerOptions {
  return {
    jobs: [],
    run: () => Promise.resolve(),
    db: store.db,
    logger: silentLogger(),
    timezone: 'UTC',
    concurrency: () => 4,
    ...overrides,
  };
}

describe('src/runtime/scheduler', () => {
  let store: StateStore;
  beforeEach(async () => {
    vi.useFakeTimers({ now: T0 });
    store = (await tempStore()).store;
  });
  afterEach(async () => {
    vi.useRealTimers();
    await store.close();
  });

  it('jitter is deterministic per key, bounded, and spreads a fleet', () => {
    expect(jitterMs('pair|a/b|c', 30_000)).toBe(jitterMs('pair|a/b|c', 30_000));
    const offsets = Array.from({ length: 1000 }, (_, i) => jitterMs(`pair|p/m${i}|c`, 30_000));
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offsets)).toBeLessThan(30_000);
    expect(new Set(offsets.map((o) => Math.floor(o / 3_000))).size).toBe(10);
    expect(jitterMs('x', 0)).toBe(0);
  });

  it.each([
    [2_000, 200],
    [60_000, 6_000],
    [30 * 60_000, 30_000],
  ])('default jitter ceiling for a %i ms interval is %i ms', (interval, max) => {
    expect(defaultMaxJitterMs(interval)).toBe(max);
  });

  it('fires every pair once per slot, at its jitter offset after the slot', async () => {
    const starts: { key: string; at: number }[] = [];
    const s = createScheduler(options(store, {
      jobs: jobs(3, '*/10 * * * * *'),
      run: (job) => (starts.push({ key: job.key, at: Date.now() }), Promise.resolve()),
    }));
    await s.start();
    await vi.advanceTimersByTimeAsync(31_000);
    s.stop();
    expect(starts).toHaveLength(9);
    for (const st of starts) {
      const offset = (st.at - T0.getTime()) % 10_000;
      expect(offset).toBe(jitterMs(st.key, 1_000));
    }
  });

  it('accepts a leading seconds field and honours the timezone', async () => {
    const starts: number[] = [];
    const s = createScheduler(options(store, {
      jobs: [{ key: 'k', group: 'p', schedule: '0 30 11 * * *', ref: null }],
      timezone: 'Europe/Berlin',
      maxJitterMs: 0,
      run: () => (starts.push(Date.now()), Promise.resolve()),
    }));
    await s.start();
    await vi.advanceTimersByTimeAsync(3_600_000);
    s.stop();
    // 11:30 in Berlin (UTC+1 in March) is 10:30 UTC.
    expect(starts.map((t) => new Date(Math.floor(t / 1000) * 1000).toISOString())).toEqual(['2026-03-02T10:30:00.000Z']);
  });

  it('never overlaps runs of the same pair: a busy pair skips its slot and counts it', async () => {
    let active = 0;
    let maxActive = 0;
    const overlaps: string[] = [];
    const s = createScheduler(options(store, {
      jobs: jobs(1, '*/2 * * * * *'),
      maxJitterMs: 0,
      run: async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 5_000));
        active -= 1;
      },
      onOverlap: (job) => overlaps.push(job.key),
    }));
    await s.start();
    await vi.advanceTimersByTimeAsync(20_000);
    s.stop();
    expect(maxActive).toBe(1);
    expect(s.stats().skippedOverlap).toBeGreaterThanOrEqual(5);
    expect(overlaps.length).toBe(s.stats().skippedOverlap);
  });

  it('hands each run and each overlap the job\'s ref as it was given, whatever the key looks like', async () => {
    // A target with the key's separator in it: nothing decodes the key, so nothing can mistake it.
    const refs = [{ target: 'p/a|b', canary: 'c' }, { source: 'openai' }];
    const runs: unknown[] = [];
    const overlaps: unknown[] = [];
    const s = createScheduler(options(store, {
      jobs: refs.map((ref, i) => ({ key: `opaque-${i}`, group: 'p', schedule: '*/2 * * * * *', ref })),
      maxJitterMs: 0,
      run: async (job) => {
        runs.push(job.ref);
        await new Promise((r) => setTimeout(r, 3_000));
      },
      onOverlap: (job) => overlaps.push(job.ref),
    }));
    await s.start();
    await vi.advanceTimersByTimeAsync(4_500);
    s.stop();
    expect(runs[0]).toBe(refs[0]);
    expect(runs[1]).toBe(refs[1]);
    expect(overlaps).toContain(refs[0]);
    expect(overlaps).toContain(refs[1]);
  });

  it('two schedulers on one state (a leader and the one taking over) run each pair once per slot, each run told its slot', async () => {
    const runs: { key: string; slotAt: number }[] = [];
    const make = () =>
      createScheduler(options(store, {
        jobs: jobs(3, '*/10 * * * * *'),
        run: (job, ctx) => (runs.push({ key: job.key, slotAt: ctx.slotAt }), Promise.resolve()),
      }));
    const [a, b] = [make(), make()];
    await a.start();
    await b.start();
    await vi.advanceTimersByTimeAsync(31_000);
    a.stop();
    b.stop();
    // Both fired slots 10:00:10, :20 and :30 for the three pairs: the run_slots claim lets one run each.
    expect(runs).toHaveLength(9);
    expect(new Set(runs.map((r) => `${r.key}@${r.slotAt}`)).size).toBe(9);
    for (const r of runs) expect((r.slotAt - T0.getTime()) % 10_000).toBe(0);
    expect(a.stats().skippedClaimed + b.stats().skippedClaimed).toBe(9);
  });

  it('caps concurrency per provider group', async () => {
    const active = new Map<string, number>();
    const peak = new Map<string, number>();
    const s = createScheduler(options(store, {
      jobs: [...jobs(6, '*/10 * * * * *', 'a'), ...jobs(6, '*/10 * * * * *', 'b')],
      concurrency: (g) => (g === 'a' ? 2 : 3),
      run: async (job) => {
        active.set(job.group, (active.get(job.group) ?? 0) + 1);
        peak.set(job.group, Math.max(peak.get(job.group) ?? 0, active.get(job.group) ?? 0));
        await new Promise((r) => setTimeout(r, 1_500));
        active.set(job.group, (active.get(job.group) ?? 0) - 1);
      },
    }));
    await s.start();
    await vi.advanceTimersByTimeAsync(10_000 + 8_000);
    s.stop();
    expect(peak.get('a')).toBe(2);
    expect(peak.get('b')).toBe(3);
    expect(s.stats().started).toBe(12);
  });

  it('reports lag up to dispatch and the wait for a concurrency slot separately', async () => {
    const lags: number[] = [];
    const waits: number[] = [];
    const s = createScheduler(options(store, {
      jobs: jobs(3, '*/10 * * * * *'),
      maxJitterMs: 0,
      concurrency: () => 1,
      run: () => new Promise((r) => setTimeout(r, 2_000)),
      onLag: (sec) => lags.push(sec),
      onQueueWait: (sec) => waits.push(sec),
    }));
    await s.start();
    await vi.advanceTimersByTimeAsync(10_000 + 7_000);
    s.stop();
    // Fake timers fire on time (node-cron adds a millisecond): no lag; the second and third runs
    // queue behind the first, 2 s each, and that wait is not lag.
    expect(lags).toHaveLength(3);
    for (const lag of lags) expect(lag).toBeLessThan(0.01);
    expect(waits.map((w) => Math.round(w))).toEqual([0, 2, 4]);
  });

  it('runs a slot missed during downtime once, not once per missed slot', async () => {
    const hourly = jobs(4, '0 * * * *');
    const first: string[] = [];
    const a = createScheduler(options(store, { jobs: hourly, run: (j) => (first.push(j.key), Promise.resolve()) }));
    await a.start();
    await vi.advanceTimersByTimeAsync(3_600_000 + 60_000); // the 11:00 slot ran
    a.stop();
    expect(first).toHaveLength(4);

    // Five hours down (11:01 -> 16:01): slots 12:00..16:00 were missed.
    vi.setSystemTime(new Date(Date.now() + 5 * 3_600_000));
    const second: { key: string; at: number }[] = [];
    const b = createScheduler(options(store, { jobs: hourly, run: (j) => (second.push({ key: j.key, at: Date.now() }), Promise.resolve()) }));
    const restartAt = Date.now();
    await b.start();
    expect(b.stats().catchUps).toBe(4);
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    b.stop();
    expect(second.map((r) => r.key).sort()).toEqual(hourly.map((j) => j.key).sort());
    // Spread by each pair's jitter, not all at the restart instant.
    const offsets = second.map((r) => r.at - restartAt);
    expect(new Set(offsets).size).toBe(4);
    for (const o of offsets) expect(o).toBeLessThan(30_000);
  });

  it('does not catch up after a restart within the same slot', async () => {
    const hourly = jobs(2, '0 * * * *');
    const a = createScheduler(options(store, { jobs: hourly }));
    await a.start();
    await vi.advanceTimersByTimeAsync(3_600_000 + 60_000);
    a.stop();
    vi.setSystemTime(new Date(Date.now() + 10 * 60_000));
    const b = createScheduler(options(store, { jobs: hourly }));
    await b.start();
    expect(b.stats().catchUps).toBe(0);
    b.stop();
  });

  it('holds a group back until its back-off ends, then runs once', async () => {
    let holdUntil = T0.getTime() + 7_000;
    const starts: number[] = [];
    const s = createScheduler(options(store, {
      jobs: jobs(1, '*/2 * * * * *'),
      maxJitterMs: 0,
      holdUntil: () => (holdUntil > Date.now() ? holdUntil : 0),
      run: () => (starts.push(Date.now() - T0.getTime()), Promise.resolve()),
    }));
    await s.start();
    await vi.advanceTimersByTimeAsync(9_500);
    s.stop();
    holdUntil = 0;
    expect(starts[0]).toBe(7_000);
    expect(starts.filter((t) => t < 7_000)).toEqual([]);
  });

  it('ticks for readiness and drains: waits, then aborts in-flight runs after the timeout', async () => {
    let aborted = false;
    const s = createScheduler(options(store, {
      jobs: jobs(1, '*/2 * * * * *'),
      maxJitterMs: 0,
      run: (_job, ctx) =>
        new Promise<void>((resolve) => {
          ctx.signal.addEventListener('abort', () => ((aborted = true), resolve()));
        }),
    }));
    await s.start();
    await vi.advanceTimersByTimeAsync(2_100);
    expect(Date.now() - s.lastTickAt()).toBeLessThan(s.tickAgeLimitMs());
    expect(s.tickAgeLimitMs()).toBe(4_000);
    const drained = s.drain(3_000);
    await vi.advanceTimersByTimeAsync(3_100);
    expect(await drained).toBe(false);
    expect(aborted).toBe(true);
  });
});
