/**
 * The prompt-cache canary's stop rule (docs/statistics.md#quiet-stops): a quiet cycle stops for
 * "no change" once the smallest miss rate the cycle's Fisher test detects has become implausible;
 * a cycle that may be drifting is sent whole and judged as before.
 */
import { describe, expect, it } from 'vitest';
import type { CacheReading, SuccessObservation } from '../../src/domain/observation.js';
import { cache } from '../../src/probes/cache/index.js';
import { toSampleRecord } from '../../src/snapshots/build.js';
import { createRng, type Rng } from '../../src/stats/prng.js';
import { fisherDetectableRate, QUIET_BETA } from '../../src/stats/rate-stop.js';
import { at, canary, context, obs } from '../stats/support/synthetic.js';

const SAMPLES = 20;
const ALPHA = 0.001;
const promptCache = canary({ request: { system: 'long prefix', messages: [{ role: 'user', content: 'q' }], params: { maxTokens: 4, promptCache: true } }, samples: SAMPLES });
const ctx = context(promptCache, ALPHA);

function reading(hit: boolean): CacheReading {
  return { prompt: 1400, read: hit ? 1300 : 0, write: null, write5m: null, write1h: null, fields: ['usage.prompt_tokens_details.cached_tokens'], retention: null };
}

/** One cycle: the first request writes, each later one misses with probability `miss`. */
function cycle(c: number, rng: Rng, miss: number): SuccessObservation[] {
  return Array.from({ length: SAMPLES }, (_, s) => obs({ sample: s, timestamp: at(c, s), cache: reading(s > 0 && rng() >= miss) }));
}

const poolOf = (miss: number, seed: number) => {
  const samples = Array.from({ length: 10 }, (_, c) => cycle(c, createRng(seed + c), miss)).flat();
  return { summary: cache.summarize(samples, ctx), samples: samples.map(toSampleRecord) };
};
const clean = poolOf(0, 100);
const verdict = (current: SuccessObservation[], baseline = clean) => cache.sequential!.verdict({ baseline, current, ctx });
/** The runtime's looks: after batches of 1, 1, 2, 4, 8, … and at the end. */
const LOOKS = [1, 2, 4, 8, 16, SAMPLES];

describe('cache: the quiet stop of a prompt-cache cycle', () => {
  it('a cycle whose reads all hit a pool that never missed stops for "no change" after the write and nine hits, half the cycle', () => {
    const quiet = cycle(200, createRng(1), 0);
    const first = Array.from({ length: SAMPLES }, (_, n) => n + 1).find((n) => verdict(quiet.slice(0, n)) === 'no-change');
    expect(first).toBe(10);
    expect(LOOKS.map((n) => verdict(quiet.slice(0, n)))).toEqual(['continue', 'continue', 'continue', 'continue', 'no-change', 'no-change']);
  });

  it('is designed on the smallest miss rate the whole cycle\'s Fisher test detects with power 0.95 (three misses of nineteen against this pool: about 0.3)', () => {
    const p1 = fisherDetectableRate({ planned: SAMPLES - 1, poolEvents: 0, poolTrials: 190, alpha: ALPHA });
    expect(p1).toBeGreaterThan(0.25);
    expect(p1).toBeLessThan(0.35);
  });

  it('stops early at that rate in at most β = 5% of cycles, at any look (Ville)', () => {
    const p1 = fisherDetectableRate({ planned: SAMPLES - 1, poolEvents: 0, poolTrials: 190, alpha: ALPHA });
    const rng = createRng(5);
    let early = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      const drifting = cycle(300 + t, rng, p1);
      if (drifting.some((_, n) => n < SAMPLES - 1 && verdict(drifting.slice(0, n + 1)) === 'no-change')) early++;
    }
    expect(early / trials).toBeLessThanOrEqual(QUIET_BETA);
  });

  it('one miss on the way: against a pool that never missed it keeps the cycle going to its end; against a pool with natural evictions it costs a few more requests', () => {
    const quiet = cycle(201, createRng(2), 0).map((o) => (o.sample === 3 ? { ...o, cache: reading(false) } : o));
    expect(verdict(quiet.slice(0, SAMPLES - 1))).toBe('continue');
    const evicting = poolOf(0.05, 300);
    const stopAt = (c: SuccessObservation[]) => Array.from({ length: SAMPLES }, (_, n) => n + 1).find((n) => verdict(c.slice(0, n), evicting) === 'no-change') ?? SAMPLES;
    expect(stopAt(quiet)).toBeGreaterThan(stopAt(cycle(201, createRng(2), 0)));
    expect(stopAt(quiet)).toBeLessThan(SAMPLES);
  });

  it('never stops for a change: half the prefixes evicted is sent whole and the Fisher test reports it as before', () => {
    const drifting = cycle(203, createRng(6), 0.5);
    for (let n = 1; n <= SAMPLES; n++) expect(verdict(drifting.slice(0, n))).toBe('continue');
    const r = cache.evaluate({ baseline: clean, current: drifting, state: null, ctx });
    expect(r.findings.map((f) => f.kind)).toEqual(['cache.hit_rate_dropped']);
  });

  it('a target that reports no cache reads never stops early: it costs what it did', () => {
    const unreported = cycle(204, createRng(7), 0).map((o) => ({ ...o, cache: { ...o.cache!, read: null } }));
    for (const n of LOOKS) expect(verdict(unreported.slice(0, n))).toBe('continue');
  });
});
