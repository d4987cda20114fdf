/**
 * Daemon benchmark (not part of npm test): N targets x C canaries scheduled against the simulator.
 * The simulator and the daemon (`tripline start`, the real command) each run in their own process;
 * RSS is read from /proc, lag and queue wait from the daemon's /metrics. Prints a markdown table.
 *
 *   node dist/bench/daemon.js [targets=1000] [canaries=5] [cycles=4] [schedule="* * * * *"]
 *   BENCH_NODE_ARGS="--cpu-prof" to profile the daemon (default: the deployed --max-semi-space-size=1).
 *   BENCH_STOP_AFTER_RUNS=N: SIGTERM as soon as N runs finished (mid-cycle), then check the state
 *   (integrity, every recorded baseline readable, no temp file) and restart on it.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { readSnapshot } from '../src/snapshots/index.js';
import { countOf, quantileBound, runsDone, scrape, since, type Scrape } from './support/prom.js';
import { cpuSecondsOf, distRoot, freePort, rssOf, sleep, startNode, waitForOutput } from './support/processes.js';

const [targets = 1000, canaries = 5, cycles = 4] = process.argv.slice(2, 5).map(Number);
const schedule = process.argv[5] ?? '* * * * *';
const PROVIDERS = 10;
// The default maxConcurrency: 40 requests in flight are plenty against a local simulator.
const CONCURRENCY = 4;
const TIME_LIMIT_MS = Math.max(12, cycles + 3) * 60_000;
const STOP_AFTER_RUNS = Number(process.env.BENCH_STOP_AFTER_RUNS ?? 0);

const dir = mkdtempSync(join(tmpdir(), 'tripline-bench-'));
mkdirSync(join(dir, 'canaries'));
for (let c = 0; c < canaries; c++) {
  const canary = {
    id: `bench-${c}`,
    request: { messages: [{ role: 'user', content: `Reply with the single word: ready ${c}` }], params: { temperature: 0, maxTokens: 1 } },
    samples: 1,
    probes: ['shape', 'tokens'],
  };
  writeFileSync(join(dir, 'canaries', `bench-${c}.yaml`), stringify(canary));
}

const sim = startNode('src/simulator/main.js', ['--port', '0', '--seed', '3']);
const simUrl = await waitForOutput(sim, /listening on (http:\/\/\S+)/);
const address = `127.0.0.1:${await freePort()}`;
const providers = Object.fromEntries(
  Array.from({ length: PROVIDERS }, (_, p) => [
    `p${p}`,
    // minHeadroom 0: the simulator has one 10,000 requests/min window for every key, fewer than this
    // bench sends; the deliberate back-off would hold runs back and measure nothing about the scheduler.
    { type: 'openai', baseUrl: `${simUrl}/v1`, apiKey: 'sk-bench-000000', maxConcurrency: CONCURRENCY, maxRetries: 0, minHeadroom: 0 },
  ]),
);
const config = {
  providers,
  targets: Array.from({ length: targets }, (_, t) => `p${t % PROVIDERS}/gpt-4o-mini-${t}`),
  canaries: './canaries',
  snapshots: './snapshots',
  stateDir: './state',
  schedule,
  // The first cycle records the baselines; every later one compares (the steady state).
  evaluation: { warmupCycles: 1 },
  server: { listen: address },
  logging: { level: 'warn' },
  alerts: { channels: [{ type: 'console', minSeverity: 'critical' }] },
};
writeFileSync(join(dir, 'tripline.yaml'), stringify(config));

// The deployed V8 flag (deploy/docker/Dockerfile, deploy/systemd) unless BENCH_NODE_ARGS says otherwise.
const nodeArgs = [
  ...(process.env.BENCH_NODE_ARGS ?? '--max-semi-space-size=1').split(' ').filter(Boolean),
  '--expose-gc',
  '--import',
  pathToFileURL(join(distRoot, 'bench/support/gc-on-signal.js')).href,
];
// Minute schedules: start just after a minute turns, so the daemon idles ~55 s before its first slot.
if (schedule.trim().split(/\s+/).length === 5) await sleep((61_000 - (Date.now() % 60_000)) % 60_000);
const spawnedAt = Date.now();
const daemon = startNode('src/cli.js', ['start', '--config', join(dir, 'tripline.yaml')], { nodeArgs, cwd: dir });
const pid = daemon.proc.pid ?? 0;
for (;;) {
  const up = await fetch(`http://${address}/healthz`).then((r) => r.ok, () => false);
  if (up) break;
  if (daemon.proc.exitCode !== null || Date.now() - spawnedAt > 30_000) throw new Error(`daemon did not start:\n${daemon.output()}`);
  await sleep(100);
}
const startupMs = Date.now() - spawnedAt;

// Progress comes from the state database (read-only, WAL), not /metrics: a 2.5 MB scrape every few
// seconds is garbage the daemon would not see from a Prometheus scraping every 60 s (deploy/).
const db = new Database(join(dir, 'state', 'tripline.db'), { readonly: true, fileMustExist: true });
const finished = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM runs WHERE finished_at IS NOT NULL');
const runsInDb = (): number => finished.get()?.n ?? 0;

// Idle: the last RSS reading (one per second, at least 5 s after start) taken before the first slot
// (the cron time of the first claimed run). Readings are kept until the first run finishes; the ones
// after the slot are the cycle's beginning (thousands of runs dispatched at once), not idle.
const firstSlot = db.prepare<[], { at: number | null }>('SELECT min(slot_at) AS at FROM run_slots');
const idleReadings: { at: number; mem: ReturnType<typeof rssOf> }[] = [];
while (runsInDb() === 0 && Date.now() - spawnedAt < 120_000) {
  if (Date.now() - spawnedAt >= 5_000) idleReadings.push({ at: Date.now(), mem: rssOf(pid) });
  await sleep(1_000);
}
const firstSlotAt = firstSlot.get()?.at ?? Date.now();
const lastIdle = idleReadings.filter((r) => r.at < firstSlotAt).at(-1) ?? idleReadings[0];
const idle = lastIdle?.mem ?? rssOf(pid);
const idleAt = lastIdle ? Math.round((lastIdle.at - spawnedAt) / 1000) : 0;

// Runs: one reading every 5 s; a cycle is over when the run count has not moved for 15 s (V8 gives
// memory back a few seconds after a burst). /metrics is scraped once per cycle, after the RSS reading.
const started = Date.now();
const cpuAtStart = cpuSecondsOf(pid);
const simCpuAtStart = cpuSecondsOf(sim.proc.pid ?? 0);
const quiet: { runs: number; rss: number; anon: number; gcRss: number; heap: number; at: number; lag: [number, number][] }[] = [];
const lastHeapUsed = (): number => Number([...daemon.output().matchAll(/bench-gc heapUsed=(\d+)/g)].at(-1)?.[1] ?? NaN) / 1048576;
let peak = idle.rss;
let last = runsInDb();
let still = 0;
let s: Scrape = await scrape(address);
while (STOP_AFTER_RUNS > 0 && runsInDb() < STOP_AFTER_RUNS && Date.now() - started < TIME_LIMIT_MS) await sleep(200);
while (STOP_AFTER_RUNS === 0 && quiet.length < cycles && Date.now() - started < TIME_LIMIT_MS) {
  await sleep(5_000);
  const mem = rssOf(pid);
  peak = Math.max(peak, mem.rss);
  const done = runsInDb();
  still = done === last ? still + 1 : 0;
  last = done;
  if (still === 3) {
    // Then a full GC (the preload's SIGUSR2): what is left is live memory, not heap slack.
    process.kill(pid, 'SIGUSR2');
    await sleep(1_000);
    const gcRss = rssOf(pid).rss;
    s = await scrape(address);
    quiet.push({ runs: runsDone(s), rss: mem.rss, anon: mem.anon, gcRss, heap: lastHeapUsed(), at: Math.round((Date.now() - started) / 1000), lag: s.lag });
  }
}
const elapsed = (Date.now() - started) / 1000;
const cpu = cpuSecondsOf(pid) - cpuAtStart;
const simCpu = cpuSecondsOf(sim.proc.pid ?? 0) - simCpuAtStart;
const hwm = rssOf(pid).peak;
const stopAt = Date.now();
s = await scrape(address);
db.close();
const exitCode = await daemon.stop();
const stopMs = Date.now() - stopAt;
const afterStop = STOP_AFTER_RUNS > 0 ? await checkStateAfterStop() : '';
await sim.stop();
rmSync(dir, { recursive: true, force: true });

/** After a mid-cycle SIGTERM: the state is intact, every recorded baseline is on disk, and a restart serves. */
async function checkStateAfterStop(): Promise<string> {
  const state = new Database(join(dir, 'state', 'tripline.db'), { readonly: true, fileMustExist: true });
  const integrity = state.prepare<[], { integrity_check: string }>('PRAGMA integrity_check').get()?.integrity_check;
  const recorded = state
    .prepare<[], { target: string; canary: string }>("SELECT target, canary FROM runs WHERE result = 'recorded' AND canary != '@metadata'")
    .all();
  state.close();
  let unreadable = 0;
  for (const r of recorded) {
    try {
      if (!readSnapshot(join(dir, 'snapshots'), r.target, r.canary)) unreadable++;
    } catch {
      unreadable++;
    }
  }
  const temp = readdirSync(join(dir, 'snapshots'), { recursive: true }).filter((f) => String(f).endsWith('.tmp')).length;
  const again = startNode('src/cli.js', ['start', '--config', join(dir, 'tripline.yaml')], { nodeArgs, cwd: dir });
  const restartAt = Date.now();
  let up = false;
  while (!up && again.proc.exitCode === null && Date.now() - restartAt < 30_000) {
    up = await fetch(`http://${address}/healthz`).then((r) => r.ok, () => false);
    if (!up) await sleep(100);
  }
  const restartMs = Date.now() - restartAt;
  await again.stop();
  return `integrity_check ${String(integrity)}; ${recorded.length} baselines recorded, ${unreadable} missing or unreadable; ${temp} temp files; restart ${up ? `serves /healthz after ${restartMs} ms` : 'FAILED'}`;
}

const mb = (n: number | undefined): string => (n === undefined ? 'n/a' : `${Math.round(n)} MB`);
const runs = runsDone(s);
const after10k = quiet.find((q) => q.runs >= 10_000);
const lastQuiet = quiet.at(-1);
const perCycle = quiet.map((q, i) => quantileBound(since(q.lag, quiet[i - 1]?.lag ?? []), 0.99));
const steady = quiet[0] ? since(s.lag, quiet[0].lag) : [];
const results = Object.entries(s.runs).map(([k, v]) => `${k} ${v}`).join(', ');
process.stdout.write(
  [
    `| metric | value | target |`,
    `| --- | --- | --- |`,
    `| pairs | ${targets * canaries} canary pairs (+ side-check pairs), ${targets} targets x ${canaries} canaries, schedule \`${schedule}\`, ${PROVIDERS} providers x maxConcurrency ${CONCURRENCY} | |`,
    `| runs | ${runs} in ${Math.round(elapsed)} s (${results}) | >= 10000 |`,
    `| p99 scheduling lag (due -> dispatched; histogram bucket bound) | <= ${quantileBound(s.lag, 0.99)} s (p50 <= ${quantileBound(s.lag, 0.5)} s, n=${countOf(s.lag)}) | < 1 s |`,
    `| p99 scheduling lag per cycle (the first records baselines: 6,000 fsynced snapshot writes) | ${perCycle.map((p) => `<= ${p} s`).join(', ')} | |`,
    `| p99 scheduling lag after the first cycle (steady state) | <= ${quantileBound(steady, 0.99)} s (n=${countOf(steady)}) | < 1 s |`,
    `| p99 queue wait for a provider slot (capacity, not lag) | <= ${quantileBound(s.queueWait, 0.99)} s (p50 <= ${quantileBound(s.queueWait, 0.5)} s) | reported |`,
    `| idle RSS (${idleAt} s after start, before the first slot; anonymous part) | ${mb(idle.rss)} (${mb(idle.anon)}) | <= 60 MB |`,
    `| RSS between cycles, 15 s after the last run (anonymous part) | ${quiet.map((q) => `${mb(q.rss)} (${mb(q.anon)}) @ ${q.runs} runs`).join(', ')} | |`,
    `| RSS between cycles after a full GC (live JS heap) | ${quiet.map((q) => `${mb(q.gcRss)} (${mb(q.heap)}) @ ${q.runs} runs`).join(', ')} | |`,
    `| RSS after 10,000 runs -> at the end | ${mb(after10k?.rss)} -> ${mb(lastQuiet?.rss)} (${lastQuiet && after10k ? `${Math.round(lastQuiet.rss - after10k.rss)} MB` : 'n/a'}) | no growth |`,
    `| the same after a full GC (live JS heap) | ${mb(after10k?.gcRss)} (${mb(after10k?.heap)}) -> ${mb(lastQuiet?.gcRss)} (${mb(lastQuiet?.heap)}) | no growth |`,
    `| peak RSS while running | ${mb(Math.max(peak, hwm))} | |`,
    `| daemon CPU | ${cpu.toFixed(1)} s over ${Math.round(elapsed)} s (${((cpu / Math.max(runs, 1)) * 1000).toFixed(2)} ms/run) | |`,
    `| simulator CPU (separate process) | ${simCpu.toFixed(1)} s | |`,
    `| startup (spawn -> /healthz) / SIGTERM -> exit | ${startupMs} ms / ${stopMs} ms, exit ${String(exitCode)}${STOP_AFTER_RUNS > 0 ? ` (SIGTERM after ${STOP_AFTER_RUNS} runs)` : ''} | |`,
    ...(afterStop ? [`| state after that SIGTERM | ${afterStop} | |`] : []),
    `| /metrics size at the end | ${Math.round(s.bytes / 1024)} KB | |`,
    '',
  ].join('\n'),
);
