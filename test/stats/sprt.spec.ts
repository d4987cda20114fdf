import { describe, expect, it } from 'vitest';
import { CALIBRATION_DESIGN } from '../../src/probes/calibration/sequential.js';
import { LOGPROBS_DESIGN } from '../../src/probes/logprobs/sequential.js';
import { itemJitter, jitterScore, moderated } from '../../src/stats/item-jitter.js';
import { createRng, randomNormal, type Rng } from '../../src/stats/prng.js';
import { mixtureSprt, type SprtDesign, type SequentialVerdict } from '../../src/stats/sprt.js';
import { normalUpperQuantile, studentTSf } from '../../src/stats/student-t.js';

const ALPHA = 0.001;

/** Feeds `draw(i)` one call per item (items in order), judging after every call as the runtime does. */
function run(items: number, draw: (i: number) => number, design: SprtDesign, samples = 1): { verdict: SequentialVerdict; calls: number } {
  const scores: number[][] = Array.from({ length: items }, () => []);
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < items; i++) {
      scores[i]!.push(draw(i));
      const o = mixtureSprt(scores, ALPHA, design);
      if (o.verdict !== 'continue') return { verdict: o.verdict, calls: o.calls };
    }
  }
  return { verdict: 'continue', calls: items * samples };
}

describe('src/stats/sprt: the mixture SPRT stop rules (docs/statistics.md#sequential-sampling)', () => {
  it('no change: 1,000 seeded 100-item cycles looked at after every call stop for "no change" after ~45 calls and never alarm', () => {
    const rng = createRng(17);
    const runs = Array.from({ length: 1000 }, () => run(100, () => randomNormal(rng), CALIBRATION_DESIGN));
    const alarms = runs.filter((r) => r.verdict === 'change').length;
    const quiet = runs.filter((r) => r.verdict === 'no-change');
    // Ville: P(ever ≥ 1/α) ≤ α, so at most ~1 of 1,000 even looking 100 times each.
    expect(alarms).toBeLessThanOrEqual(1);
    // The rest stop early, but for a few whose scores never settle the whole canary is sent.
    expect(quiet.length).toBeGreaterThanOrEqual(950);
    const meanCalls = quiet.reduce((n, r) => n + r.calls, 0) / quiet.length;
    // A 5 % sticky swap is implausible once ~45 distinct items looked normal: (0.95)^45 ≈ 0.1.
    expect(meanCalls).toBeGreaterThan(35);
    expect(meanCalls).toBeLessThan(60);
  });

  it('a rescale (every item moved by many jitter SDs) is decided by the first call', () => {
    const rng = createRng(3);
    expect(run(100, () => 40 + randomNormal(rng), CALIBRATION_DESIGN)).toEqual({ verdict: 'change', calls: 1 });
    // A shift of 6 SDs on every item: still one or two calls.
    expect(run(100, () => 6 + randomNormal(rng), CALIBRATION_DESIGN).calls).toBeLessThanOrEqual(2);
  });

  it('a sticky partial swap is decided at the first swapped item reached, not before and without a quiet stop ahead of it', () => {
    const rng = createRng(5);
    const swapped = new Set([12, 57]);
    expect(run(100, (i) => (swapped.has(i) ? 30 : randomNormal(rng)), CALIBRATION_DESIGN)).toEqual({ verdict: 'change', calls: 13 });
  });

  it('stopping for "no change" early costs little power against the design alternative (a 5 % swap of 8 SDs)', () => {
    const rng = createRng(11);
    let detected = 0;
    for (let t = 0; t < 500; t++) {
      const swapped = new Set(Array.from({ length: 100 }, (_, i) => i).filter(() => rng() < 0.05));
      if (swapped.size === 0) swapped.add(Math.floor(rng() * 100));
      if (run(100, (i) => (swapped.has(i) ? 8 : 0) + randomNormal(rng), CALIBRATION_DESIGN).verdict === 'change') detected++;
    }
    // Power is P(a swapped item comes before the quiet stop): with ≥ 1 of 100 swapped, ≈ 0.75 or more.
    expect(detected / 500).toBeGreaterThan(0.7);
  });

  it('one prompt sampled repeatedly (logprob tracking): a quiet cycle sends all 10 calls (the window test needs them), a 5-SD shift stops within 2', () => {
    const rng = createRng(23);
    const quiet = Array.from({ length: 500 }, () => run(1, () => randomNormal(rng), LOGPROBS_DESIGN, 10));
    expect(quiet.filter((r) => r.verdict === 'change').length).toBeLessThanOrEqual(1);
    expect(quiet.filter((r) => r.verdict === 'no-change')).toEqual([]);
    expect(quiet.filter((r) => r.verdict !== 'change').every((r) => r.calls === 10)).toBe(true);
    const moved = Array.from({ length: 500 }, () => run(1, () => 5 + randomNormal(rng), LOGPROBS_DESIGN, 10));
    expect(moved.filter((r) => r.verdict === 'change' && r.calls <= 2).length).toBeGreaterThanOrEqual(475);
  });
});

describe('src/stats/item-jitter: a new value against an item\'s own baseline runs', () => {
  it('the predictive t score is standard normal under no change, even from 5 runs (a plain z would have t tails)', () => {
    const rng = createRng(41);
    let tScoreTail = 0;
    let plainZTail = 0;
    const draws = 40_000;
    const cut = normalUpperQuantile(0.0005); // two-sided 1e-3
    for (let k = 0; k < draws; k++) {
      const runs = Array.from({ length: 5 }, () => 0.003 * randomNormal(rng));
      const x = 0.003 * randomNormal(rng);
      const j = itemJitter(runs)!;
      if (Math.abs(jitterScore(x, j, 0)) > cut) tScoreTail++;
      if (Math.abs((x - j.mean) / j.sd) > cut) plainZTail++;
    }
    expect(tScoreTail / draws).toBeGreaterThan(0.0003);
    expect(tScoreTail / draws).toBeLessThan(0.002);
    expect(plainZTail / draws).toBeGreaterThan(0.02);
  });

  it('the floor keeps a bit-exact baseline from turning rounding into evidence', () => {
    const j = itemJitter([-0.5, -0.5, -0.5, -0.5, -0.5])!;
    expect(j.sd).toBe(0);
    expect(Math.abs(jitterScore(-0.5 + 1e-9, j, 0.01))).toBeLessThan(1e-3);
    // 30 floors away, but from 5 runs (4 degrees of freedom): a score of about 4.4, not 30.
    expect(jitterScore(-0.2, j, 0.01)).toBeGreaterThan(4);
  });

  it('moderation pulls a suspiciously tight item toward the pooled spread and adds the prior degrees of freedom', () => {
    const rng: Rng = createRng(8);
    const items = Array.from({ length: 20 }, () => itemJitter(Array.from({ length: 6 }, () => randomNormal(rng)))!);
    items.push({ mean: 0, sd: 0.01, runs: 6, df: 5 });
    const out = moderated(items);
    expect(out.at(-1)!.sd).toBeGreaterThan(0.5);
    expect(out.at(-1)!.df).toBe(9);
  });

  it('Student t tail and normal quantile agree with tables', () => {
    expect(studentTSf(2.262, 9)).toBeCloseTo(0.025, 4);
    expect(studentTSf(-1, 5)).toBeCloseTo(1 - 0.18161, 4);
    expect(normalUpperQuantile(0.025)).toBeCloseTo(1.959964, 5);
    expect(normalUpperQuantile(1e-12)).toBeCloseTo(7.034484, 4);
    expect(normalUpperQuantile(0.975)).toBeCloseTo(-1.959964, 5);
  });
});
