/**
 * The seeded reproducibility canary's stop rule (docs/statistics.md#sequential-sampling): a quiet
 * cycle stops for "no change" once the smallest divergence rate the cycle's Boschloo test detects
 * has become implausible; a cycle that may be drifting is sent whole and judged as before.
 */
import { describe, expect, it } from 'vitest';
import { createReproducibilityProbe } from '../../src/probes/reproducibility/create.js';
import { reproducibilityQuietStop } from '../../src/probes/reproducibility/sequential.js';
import { QUIET_BETA } from '../../src/stats/rate-stop.js';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { detectableRate } from '../../src/stats/binomial.js';
import { createRng, type Rng } from '../../src/stats/prng.js';
import { at, canary, context, obs } from '../stats/support/synthetic.js';

const SAMPLES = 17;
const ALPHA = 0.001;
const probe = createReproducibilityProbe();
const seeded = canary({ request: { messages: [{ role: 'user', content: 'Describe a lighthouse.' }], params: { seed: 42, temperature: 0, maxTokens: 64 } }, samples: SAMPLES });
const ctx = context(seeded, ALPHA);
const canonical = 'the lamp turns slowly over the grey water';
const variant = (rng: Rng): string => `the lamp turns ${Math.floor(rng() * 1e9)} over the grey water`;

/** One cycle: each sample diverges from the canonical output with probability `rate`. */
function cycle(c: number, rng: Rng, rate: number): SuccessObservation[] {
  return Array.from({ length: SAMPLES }, (_, s) => obs({ sample: s, timestamp: at(c, s), text: rng() < rate ? variant(rng) : canonical }));
}

const pool = Array.from({ length: 10 }, (_, c) => cycle(c, createRng(100 + c), 0.02)).flat();
const baseline = { summary: probe.summarize(pool, ctx), samples: pool };
const verdict = (current: SuccessObservation[]) => probe.sequential!.verdict({ baseline, current, ctx });
/** The runtime's looks: after batches of 1, 1, 2, 4, 8, … and at the end. */
const LOOKS = [1, 2, 4, 8, 16, SAMPLES];

describe('reproducibility: the quiet stop of a seeded cycle', () => {
  it('a cycle whose samples all reproduce the pool stops for "no change" after 8 of its 17 requests (the look after the batch of 4 is still undecided)', () => {
    const quiet = cycle(200, createRng(1), 0);
    expect(LOOKS.map((n) => verdict(quiet.slice(0, n)))).toEqual(['continue', 'continue', 'continue', 'no-change', 'no-change', 'no-change']);
  });

  it('one diverged sample among the first eight (a 2% provider does that) keeps the cycle going to its end', () => {
    const quiet = cycle(201, createRng(2), 0);
    quiet[3] = obs({ ...quiet[3]!, text: variant(createRng(3)) });
    expect(verdict(quiet.slice(0, 8))).toBe('continue');
    expect(verdict(quiet.slice(0, 16))).toBe('continue');
  });

  it('is designed on the smallest divergence rate the full cycle detects with power 0.95, and stops early at that rate in at most β = 5% of cycles (Ville)', () => {
    const stop = reproducibilityQuietStop(cycle(202, createRng(4), 0), pool, SAMPLES, ALPHA)!;
    // In this pool every cycle's mode is the canonical output, so the cycle test's base rate is the share of variants.
    const base = pool.filter((s) => s.text !== canonical).length / pool.length;
    expect(stop.p1).toBeCloseTo(detectableRate(SAMPLES, base, ALPHA, 0.95), 6);
    expect(stop.p1).toBeGreaterThan(0.2);
    expect(stop.p1).toBeLessThan(0.6);
    const rng = createRng(5);
    let early = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      const drifting = cycle(300 + t, rng, stop.p1);
      // Any look at all, not only the runtime's: the bound holds however often it is read.
      if (drifting.some((_, n) => n < SAMPLES - 1 && verdict(drifting.slice(0, n + 1)) === 'no-change')) early++;
    }
    expect(early / trials).toBeLessThanOrEqual(QUIET_BETA);
  });

  it('never stops for a change: "seed lost" (50% divergence) is sent whole and the Boschloo test reports it as before', () => {
    const drifting = cycle(203, createRng(6), 0.5);
    for (let n = 1; n <= SAMPLES; n++) expect(verdict(drifting.slice(0, n))).toBe('continue');
    const r = probe.evaluate({ baseline, current: drifting, state: null, ctx });
    expect(r.findings.map((f) => f.kind)).toEqual(['reproducibility.degraded']);
  });

  it('a pool without a stable output (every sample different) never stops early: such a target costs what it did', () => {
    const noisy = Array.from({ length: 10 }, (_, c) => cycle(c, createRng(400 + c), 1)).flat();
    const noisyBaseline = { summary: probe.summarize(noisy, ctx), samples: noisy };
    const current = cycle(204, createRng(7), 1);
    for (const n of LOOKS) expect(probe.sequential!.verdict({ baseline: noisyBaseline, current: current.slice(0, n), ctx })).toBe('continue');
  });
});
