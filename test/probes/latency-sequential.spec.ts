/**
 * The latency canary's stop rule (docs/statistics.md#quiet-stops): a quiet cycle stops for
 * "no change" once, for every check of the whole cycle, the smallest share of requests beyond its
 * threshold that the check detects has become implausible; a cycle that may be drifting is sent
 * whole and judged as before.
 */
import { describe, expect, it } from 'vitest';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { latency } from '../../src/probes/latency/index.js';
import { toSampleRecord } from '../../src/snapshots/build.js';
import { createRng, randomNormal, type Rng } from '../../src/stats/prng.js';
import { quantileShift } from '../../src/probes/latency/quantile-shift.js';
import { LATENCY_DESIGN_POWER } from '../../src/probes/latency/sequential.js';
import { fisherDetectableRate, QUIET_BETA } from '../../src/stats/rate-stop.js';
import { at, canary, context, obs } from '../stats/support/synthetic.js';

const SAMPLES = 40;
const latencyCanary = canary({ request: { messages: [{ role: 'user', content: 'Count to ten.' }], params: { maxTokens: 24, stream: true } }, samples: SAMPLES });
const ctx = context(latencyCanary, 0.001);

/** Heavy-tailed server times around 400 ms (lognormal body, 3% Pareto tail), streamed; `slowShare` of requests `slowFactor` times slower. */
function cycle(c: number, rng: Rng, slowShare = 0, slowFactor = 1, header = true): SuccessObservation[] {
  return Array.from({ length: SAMPLES }, (_, i) => {
    let server = 400 * Math.exp(0.3 * randomNormal(rng));
    if (rng() < 0.03) server *= 1.5 / Math.pow(1 - rng(), 1 / 2.5);
    if (rng() < slowShare) server *= slowFactor;
    server = Math.round(server);
    return obs({
      sample: i,
      timestamp: at(c, i),
      latencyMs: server + 60,
      usage: { input: 12, output: 20, cached: 0, reasoning: 0, total: 32 },
      timing: { firstByteMs: Math.round(server * 0.3) + 20, serverMs: header ? server : null, serverHeader: header ? 'openai-processing-ms' : null },
    });
  });
}

const pool = Array.from({ length: 10 }, (_, c) => cycle(c, createRng(1 + c))).flat();
const baseline = { summary: latency.summarize(pool, ctx), samples: pool.map(toSampleRecord) };
/** The p95 check's design rate for this pool: the share of requests beyond twice the pool's p95 the whole cycle detects with power 0.8. */
const P95_DESIGN_RATE = ((): number => {
  const totals = pool.map((o) => o.timing!.serverMs!);
  const p95 = quantileShift(totals, totals, 2)!.checks.find((c) => c.mode === 'p95_up')!;
  return fisherDetectableRate({ planned: SAMPLES, poolEvents: p95.poolBeyond, poolTrials: totals.length, alpha: 0.001 * 0.8 * 0.5, minEvents: 3, power: LATENCY_DESIGN_POWER });
})();
const verdict = (current: SuccessObservation[]) => latency.sequential!.verdict({ baseline, current, ctx });
/** The runtime's looks with the default maxConcurrency 4: after batches of 1, 1, 2, 4, 4, 4, … */
const LOOKS = [1, 2, 4, 8, 12, 16, 20, 24, 28, 32, 36, SAMPLES];
/** The first look that stops; the whole cycle when none does. */
const stopsAt = (c: SuccessObservation[]): number => LOOKS.find((n) => n < SAMPLES && verdict(c.slice(0, n)) === 'no-change') ?? SAMPLES;

describe('latency: the quiet stop of a latency cycle', () => {
  it('quiet cycles stop for "no change" after 20 of their 40 requests, most of them; one whose requests include one beyond the p95 check\'s threshold is sent whole', () => {
    const rng = createRng(7);
    const stops = Array.from({ length: 40 }, (_, i) => stopsAt(cycle(100 + i, rng)));
    expect(stops.filter((n) => n === 20).length).toBeGreaterThan(30);
    expect(stops.every((n) => n === 20 || n === SAMPLES)).toBe(true);
  });

  it('never stops for a change: latency tripled and a tail on one request in five are sent whole and reported as before', () => {
    const tripled = cycle(200, createRng(3)).map((o) => ({ ...o, latencyMs: o.latencyMs * 3, timing: { ...o.timing!, serverMs: o.timing!.serverMs! * 3, firstByteMs: o.timing!.firstByteMs! * 3 } }));
    for (let n = 1; n <= SAMPLES; n++) expect(verdict(tripled.slice(0, n))).toBe('continue');
    expect(latency.evaluate({ baseline, current: tripled, state: null, ctx }).findings.map((f) => f.subject)).toEqual(['total.median']);
  });

  it('a tail on one request in five (eight times slower), the scenario the canary is sized for, lies above the design rate (power 0.8): it stops a cycle early in at most 2% of cycles', () => {
    const rng = createRng(11);
    const trials = 400;
    let early = 0;
    for (let t = 0; t < trials; t++) if (stopsAt(cycle(300 + t, rng, 0.2, 8)) < SAMPLES) early++;
    expect(early / trials).toBeLessThanOrEqual(0.02);
  });

  it('at the design rate itself, any look at all stops early in at most β = 5% of cycles (Ville)', () => {
    const rng = createRng(13);
    const trials = 200;
    let early = 0;
    for (let t = 0; t < trials; t++) {
      // Requests beyond twice the pool's p95 at the p95 check's design rate for this pool.
      const current = cycle(700 + t, rng, P95_DESIGN_RATE, 8);
      if (current.some((_, n) => n < SAMPLES - 1 && verdict(current.slice(0, n + 1)) === 'no-change')) early++;
    }
    expect(early / trials).toBeLessThanOrEqual(QUIET_BETA);
  });

  it('a streamed pool is not ruled out before the first byte of a response has been seen', () => {
    const noFirstByte = cycle(400, createRng(12)).map((o) => ({ ...o, timing: { ...o.timing!, firstByteMs: null } }));
    for (const n of LOOKS) expect(verdict(noFirstByte.slice(0, n))).toBe('continue');
  });
});
