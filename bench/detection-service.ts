/**
 * Detection bench for the prompt-cache and latency probes (issue 20, items 1-2): power, cycles to
 * detect and tokens per cycle for each serving scenario of the simulator, and the false-alarm rate
 * over many no-drift stream-cycles, measured in-process (bench/detection-service/cycles.ts) with the
 * shipped canaries, the probes' defaults and the runtime's persistence rule (a finding is reported
 * once the same kind and subject fired on `confirmCycles` consecutive cycles).
 * Cycles stop as the runtime stops them (the probes' quiet stops); `--whole` sends every cycle whole,
 * for the figures without them.
 * `node dist/bench/detection-service.js [--quick] [--whole] [--only <canary file>]`; writes
 * bench/results/detection-service.md (not with --quick, --whole or --only).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Canary } from '../src/config/canary-schema.js';
import { cronRunsPerDay } from '../src/domain/cron.js';
import type { SuccessObservation } from '../src/domain/observation.js';
import { cache } from '../src/probes/cache/index.js';
import { latency } from '../src/probes/latency/index.js';
import type { Probe, ProbeContext } from '../src/probes/types.js';
import { nextBatchSize } from '../src/runtime/engine/sequential.js';
import { toSampleRecord } from '../src/snapshots/build.js';
import type { ServiceKnobs } from '../src/simulator/model/service.js';
import { mulberry32, type Rng } from '../src/simulator/rng.js';
import { knobsFor } from '../src/simulator/scenarios/index.js';
import { cacheCycle, latencyCycle, shippedCanary } from './detection-service/cycles.js';

const EVALUATION = { alpha: 0.001, confirmCycles: 2, warmupCycles: 10 } as const;
/** Requests in flight per provider by default (providers' maxConcurrency): the runtime's batch sizes. */
const LANES = 4;
const quick = process.argv.includes('--quick');
/** `--whole`: every cycle sent whole, without the quiet stops (the figures before them). */
const whole = process.argv.includes('--whole');
/** `--only <canary file>`: one watch (to re-measure it; no results file is written). */
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const POOLS = quick ? 10 : 50;
const FA_CYCLES = quick ? 100 : 1200;
const TRIALS = quick ? 40 : 200;
const MAX_CYCLES = 6;

interface Watch {
  file: string;
  probe: Probe;
  /** ms between cycles: the shipped canary's schedule, at its average runs per day. */
  every: number;
  cycle(canary: Canary, rng: Rng, at: number, service: ServiceKnobs): SuccessObservation[];
  scenarios: { id: string; kind: string }[];
}

/** The mean time between two runs of a shipped canary's schedule. */
function scheduledPeriod(file: string): number {
  const schedule = shippedCanary(file).schedule;
  if (schedule === undefined) throw new Error(`${file}: the bench needs a canary with its own schedule`);
  return 86_400_000 / cronRunsPerDay(schedule);
}

const WATCHES: Watch[] = [
  { file: 'prompt-cache.yaml', probe: cache, every: scheduledPeriod('prompt-cache.yaml'), cycle: cacheCycle, scenarios: [{ id: 'cache-off', kind: 'cache.hit_rate_dropped' }, { id: 'cache-half-evicted', kind: 'cache.hit_rate_dropped' }] },
  { file: 'latency.yaml', probe: latency, every: scheduledPeriod('latency.yaml'), cycle: latencyCycle, scenarios: [{ id: 'latency-tripled', kind: 'latency.shift' }, { id: 'latency-p95-tail', kind: 'latency.shift' }] },
];

const service = (scenario: string): ServiceKnobs => knobsFor(scenario === 'none' ? [] : [scenario], 'gpt-4o-mini').service;

interface Pool {
  baseline: { summary: unknown; samples: ReturnType<typeof toSampleRecord>[] };
  endsAt: number;
}

function collectPool(w: Watch, canary: Canary, ctx: ProbeContext, seed: number): Pool {
  const rng = mulberry32(seed);
  // Pools start at a random hour: the time-of-day swing meets every part of the day.
  let at = Date.UTC(2026, 0, 1) + Math.floor(rng.next() * 24) * 3_600_000;
  const samples: SuccessObservation[] = [];
  for (let c = 0; c < EVALUATION.warmupCycles; c++, at += w.every) samples.push(...w.cycle(canary, rng, at, service('none')));
  return { baseline: { summary: w.probe.summarize(samples, ctx), samples: samples.map(toSampleRecord) }, endsAt: at };
}

/**
 * What the runtime sends of a cycle (runtime/engine/sequential.ts): batches of 1, 1, 2, 4, …, asking
 * the probe's stop rule after each; a quiet stop ends the cycle there. The simulator draws each
 * request on its own, so cutting a whole generated cycle is the same as not sending the rest.
 */
function sent(w: Watch, pool: Pool, current: SuccessObservation[], ctx: ProbeContext): SuccessObservation[] {
  const rule = w.probe.sequential;
  if (!rule || whole) return current;
  for (let n = 0; n < current.length; ) {
    n += nextBatchSize(n, LANES);
    if (n < current.length && rule.verdict({ baseline: pool.baseline as never, current: current.slice(0, n), ctx }) === 'no-change') return current.slice(0, n);
  }
  return current;
}

/** Runs one stream; returns per cycle whether a candidate fired and whether a finding of `kind` was confirmed. */
function runStream(w: Watch, canary: Canary, ctx: ProbeContext, pool: Pool, seed: number, scenario: string, cycles: number, kind: string | null, stopAtAlert: boolean) {
  const rng = mulberry32(seed);
  const knobs = service(scenario);
  let state: unknown = null;
  let previous = new Set<string>();
  let candidates = 0;
  let alerts = 0;
  let detectedAt: number | null = null;
  let tokensIn = 0;
  let tokensOut = 0;
  let requests = 0;
  for (let c = 1, at = pool.endsAt; c <= cycles; c++, at += w.every) {
    const current = sent(w, pool, w.cycle(canary, rng, at, knobs), ctx);
    requests += current.length;
    tokensIn += current.reduce((n, o) => n + (o.usage.input ?? 0), 0);
    tokensOut += current.reduce((n, o) => n + (o.usage.output ?? 0), 0);
    const result = w.probe.evaluate({ baseline: pool.baseline as never, current, state, ctx });
    state = result.state === null ? null : (JSON.parse(JSON.stringify(result.state)) as unknown);
    const keys = new Set(result.findings.filter((f) => kind === null || f.kind === kind).map((f) => `${f.kind}/${f.subject ?? ''}`));
    const all = new Set(result.findings.map((f) => `${f.kind}/${f.subject ?? ''}`));
    if (all.size) candidates++;
    const confirmed = [...all].some((k) => previous.has(k));
    if (confirmed) alerts++;
    if ([...keys].some((k) => previous.has(k)) && detectedAt === null) {
      detectedAt = c;
      if (stopAtAlert) break;
    }
    previous = all;
  }
  return { candidates, alerts, detectedAt, tokensIn, tokensOut, requests };
}

const lines: string[] = [];
const fa: string[] = [];
const upper95 = (k: number): number => (k === 0 ? 3 : (k + 1) * (1 - 1 / (9 * (k + 1)) + 1.645 / (3 * Math.sqrt(k + 1))) ** 3);
const int = (x: number): string => Math.round(x).toLocaleString('en-US');
const started = Date.now();
for (const w of WATCHES.filter((x) => only === undefined || x.file === only)) {
  const canary = shippedCanary(w.file);
  const ctx: ProbeContext = { canary, target: 'sim/gpt-4o-mini', alpha: EVALUATION.alpha, supports: { seed: true, logprobs: true, temperature: true } };
  const pools = Array.from({ length: POOLS }, (_, i) => collectPool(w, canary, ctx, 1000 + i));
  let cyclesAll = 0;
  let candidates = 0;
  let alerts = 0;
  let aaMax = 0;
  let quietRequests = 0;
  for (const [i, pool] of pools.entries()) {
    const r = runStream(w, canary, ctx, pool, 50_000 + i, 'none', FA_CYCLES, null, false);
    cyclesAll += FA_CYCLES;
    quietRequests += r.requests;
    candidates += r.candidates;
    alerts += r.alerts;
    aaMax = Math.max(aaMax, (pool.baseline.summary as { aaFalseAlarmRate?: number }).aaFalseAlarmRate ?? 0);
  }
  const bound = upper95(alerts) / cyclesAll;
  fa.push(`| ${canary.id} (${w.probe.id}) | ${(quietRequests / cyclesAll).toFixed(1)} of ${canary.samples} | ${int(cyclesAll)} | ${candidates} (${(candidates / cyclesAll).toExponential(1)}) | ${alerts} | ${bound.toExponential(1)} | ${aaMax.toFixed(3)} | ${bound <= 1e-4 ? 'yes' : 'no'} |`);
  for (const s of w.scenarios) {
    const detected: (number | null)[] = [];
    let tokensIn = 0;
    let tokensOut = 0;
    let cycles = 0;
    let requests = 0;
    for (let t = 0; t < TRIALS; t++) {
      const r = runStream(w, canary, ctx, pools[t % POOLS]!, 90_000 + t, s.id, MAX_CYCLES, s.kind, true);
      detected.push(r.detectedAt);
      tokensIn += r.tokensIn;
      tokensOut += r.tokensOut;
      requests += r.requests;
      cycles += r.detectedAt ?? MAX_CYCLES;
    }
    const within = (k: number): string => (detected.filter((d) => d !== null && d <= k).length / TRIALS).toFixed(2);
    const sorted = detected.map((d) => d ?? Infinity).sort((a, b) => a - b);
    const q = (p: number): string => {
      const v = sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
      return Number.isFinite(v) ? String(v) : `>${MAX_CYCLES}`;
    };
    lines.push(`| ${s.id} | ${canary.id} (${w.probe.id}) | ${(requests / cycles).toFixed(1)} of ${canary.samples} | ${int(tokensIn / cycles)} / ${int(tokensOut / cycles)} | ${within(2)} | ${within(3)} | ${q(0.5)} / ${q(0.95)} | ${TRIALS} |`);
  }
}

const text = [
  '#### Prompt cache and latency (shipped canaries, α = 0.001, a second sighting confirms: the next cycle or its confirmAfter re-run)',
  '',
  '| Scenario | Canary (probe) | Calls / cycle | Tokens / cycle (in / out) | Power within 2 cycles | Power within 3 cycles | Cycles to detect (median / p95) | Trials |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...lines,
  '',
  '| Canary (probe) | Requests / quiet cycle (quiet stop) | No-drift stream-cycles | Per-cycle test fired | Alerts after persistence | 95% upper bound, direct | Largest A/A rate of a pool | Target ≤ 1e-4 |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...fa,
  '',
  `${POOLS} baseline pools of ${EVALUATION.warmupCycles} cycles per canary (starting at random hours), ${FA_CYCLES} no-drift cycles per pool, ${TRIALS} drift trials per scenario of at most ${MAX_CYCLES} cycles; ${((Date.now() - started) / 1000).toFixed(0)} s.`,
  '',
].join('\n');
if (!quick && !whole && only === undefined) {
  const dir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}detection-service.md`, text);
}
process.stdout.write(text);
