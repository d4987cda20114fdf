/**
 * The verbosity canary's stop rule (docs/statistics.md#sequential-sampling): each answer's log
 * output count against its own prompt's jitter; a quiet cycle stops for "no change" once the
 * smallest change of the mean the whole cycle detects (and a doubled or halved spread) has become
 * implausible; a cycle that may be drifting is sent whole and judged by the same tests as before.
 */
import { describe, expect, it } from 'vitest';
import { createLengthProbe } from '../../src/probes/length/create.js';
import { LENGTH_WEIGHTS, lengthTest, SHIFT_WEIGHTS } from '../../src/probes/length/detector.js';
import { detectableMeanChange, lengthQuietStop } from '../../src/probes/length/sequential.js';
import { QUIET_BETA } from '../../src/stats/rate-stop.js';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { createRng, randomNormal, type Rng } from '../../src/stats/prng.js';
import { at, canary, context, obs } from '../stats/support/synthetic.js';

const ALPHA = 0.001;
const SAMPLES = 4;
const items = Array.from({ length: 14 }, (_, i) => ({ id: `p${i}`, prompt: `Question ${i}?` }));
/** Prompts differ in length far more than answers to one prompt do. */
const MEDIANS = items.map((_, i) => 60 + 45 * i);
const SPREAD = 0.35;
const verbosity = canary({ request: { messages: [{ role: 'user', content: 'q' }], params: { maxTokens: 1024 } }, items, samples: SAMPLES, probes: ['length'] });
const implicit = canary({ request: { messages: [{ role: 'user', content: 'Write forever.' }] }, items, samples: SAMPLES, probes: ['length'] });
const PLANNED = items.length * SAMPLES;
const probe = createLengthProbe();
const ctx = context(verbosity, ALPHA);

/** One cycle in the runtime's order (every prompt once before any second answer); counts × `scale`, log spread × `spread`. */
function cycle(c: number, rng: Rng, scale = 1, spread = 1): SuccessObservation[] {
  return Array.from({ length: SAMPLES }, (_, s) =>
    items.map((item, i) => {
      const raw = Math.round(MEDIANS[i]! * scale * Math.exp(SPREAD * spread * randomNormal(rng)));
      const output = Math.min(raw, 1024);
      return obs({ item: item.id, sample: s, timestamp: at(c, s, i), finishReason: raw >= 1024 ? 'length' : 'stop', usage: { input: 12, output, cached: null, reasoning: null, total: 12 + output } });
    }),
  ).flat();
}

const pool = Array.from({ length: 10 }, (_, c) => cycle(c, createRng(100 + c))).flat();
const baseline = { summary: probe.summarize(pool, ctx), samples: pool };
const verdict = (current: SuccessObservation[], c = ctx) => probe.sequential!.verdict({ baseline, current, ctx: c });
const LOOKS = [1, 2, 4, 8, 16, 32, PLANNED];
const meanAlpha = ALPHA * LENGTH_WEIGHTS.shift * SHIFT_WEIGHTS.mean;

/** Share of `trials` cycles at `scale`/`spread` that the rule stops for "no change" at any look before the end. */
function earlyQuiet(scale: number, spread: number, trials: number, seed: number): number {
  const rng = createRng(seed);
  let early = 0;
  for (let t = 0; t < trials; t++) {
    const current = cycle(500 + t, rng, scale, spread);
    // Every prefix, not only the runtime's looks: Ville's bound holds however often it is read.
    for (let n = 1; n < PLANNED; n++) {
      if (lengthQuietStop(current.slice(0, n), pool, PLANNED, meanAlpha)?.verdict === 'no-change') {
        early++;
        break;
      }
    }
  }
  return early / trials;
}

describe('length: the quiet stop of a verbosity cycle', () => {
  it('a quiet cycle stops for "no change" within its first 32 of 56 answers, never on its first answer', () => {
    const rng = createRng(1);
    for (let k = 0; k < 5; k++) {
      const quiet = cycle(200 + k, rng);
      const looks = LOOKS.map((n) => verdict(quiet.slice(0, n)));
      expect(looks[0]).toBe('continue');
      expect(looks.indexOf('no-change')).toBeGreaterThan(0);
      expect(LOOKS[looks.indexOf('no-change')]).toBeLessThanOrEqual(32);
    }
  });

  it('is designed on the smallest change of the mean the whole cycle detects with power 0.95: longer or shorter by that much, it stops early in at most β = 5% of cycles (Ville)', () => {
    const counts = pool.map((s) => s.usage.output!);
    const m = counts.reduce((a, b) => a + b, 0) / counts.length;
    const cv = Math.sqrt(counts.reduce((a, x) => a + (x - m) ** 2, 0) / (counts.length - 1)) / m;
    const r = detectableMeanChange(PLANNED, pool.length, cv, meanAlpha);
    expect(lengthQuietStop(cycle(300, createRng(2)), pool, PLANNED, meanAlpha)!.shift).toBeCloseTo(Math.log1p(r), 9);
    expect(r).toBeGreaterThan(0.1);
    expect(earlyQuiet(1 + r, 1, 400, 3)).toBeLessThanOrEqual(QUIET_BETA);
    expect(earlyQuiet(1 / (1 + r), 1, 400, 4)).toBeLessThanOrEqual(QUIET_BETA);
  });

  it('a doubled spread at the same centre (what the KS guard looks for) is not stopped early either', () => {
    expect(earlyQuiet(1, 2, 400, 5)).toBeLessThanOrEqual(QUIET_BETA);
  });

  it('never stops for a change: a 1.5× verbosity shift is sent whole and the permutation test reports it', () => {
    const drifting = cycle(301, createRng(6), 1.5);
    for (const n of LOOKS) expect(verdict(drifting.slice(0, n))).toBe('continue');
    expect(probe.evaluate({ baseline, current: drifting, state: null, ctx }).findings.map((f) => f.kind)).toContain('tokens.output_shift');
  });

  it('a cycle stopped early has answers to some prompts only: the pooled tests would compare another mix of prompts, so it reports no shift', () => {
    // The eight longest prompts, each at its usual length: the pooled mean is far above the pool's.
    const longest = cycle(302, createRng(7)).filter((s) => Number(s.item!.slice(1)) >= 6);
    const meanOf = (xs: SuccessObservation[]) => xs.reduce((n, s) => n + s.usage.output!, 0) / xs.length;
    expect(meanOf(longest)).toBeGreaterThan(1.4 * meanOf(pool));
    expect(lengthTest(longest, pool)!.pMean).toBeLessThan(meanAlpha);
    expect(verdict(longest)).toBe('no-change');
    expect(probe.evaluate({ baseline, current: longest, state: null, ctx }).findings).toEqual([]);
  });

  it('the implicit-cap canary (no explicit cap) measures the cap and is never stopped early', () => {
    const quiet = cycle(303, createRng(8));
    expect(verdict(quiet.slice(0, 16), context(implicit, ALPHA))).toBe('continue');
  });
});
