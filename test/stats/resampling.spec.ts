import { describe, expect, it } from 'vitest';
import { aaCheck, effectiveAlpha } from '../../src/stats/aa-check.js';
import { brierScore, expectedCalibrationError } from '../../src/stats/calibration-metrics.js';
import { groupCycles } from '../../src/stats/cycles.js';
import { eDetectorAlarm, pToE, updateEDetector } from '../../src/stats/e-detector.js';
import { ltStatistic, ltTest } from '../../src/stats/lt-statistic.js';
import { hammingKernel, mmdTest, ngramKernel } from '../../src/stats/mmd.js';
import { permutationTest, stratifiedPermutationTest } from '../../src/stats/permutation.js';
import { createRng } from '../../src/stats/prng.js';

const meanDiff = (x: readonly number[], y: readonly number[]): number =>
  Math.abs(x.reduce((s, v) => s + v, 0) / x.length - y.reduce((s, v) => s + v, 0) / y.length);

describe('src/stats resampling, kernels, calibration, sequential', () => {
  it('permutationTest approaches the exact permutation p (2 of 20 splits as extreme)', () => {
    const r = permutationTest([1, 2, 3], [4, 5, 6], meanDiff, { permutations: 9999, rng: createRng(3) });
    expect(r.pValue).toBeGreaterThan(0.09);
    expect(r.pValue).toBeLessThan(0.11);
    expect(r.statistic).toBe(3);
  });

  it('Besag-Clifford early stop: a quiet sample stops at h exceedances with p = h / drawn, a shifted one runs in full', () => {
    const quiet = permutationTest([1, 2, 3], [4, 5, 6], meanDiff, { permutations: 9999, rng: createRng(3), stopAfter: 20 });
    expect(quiet.permutations).toBeLessThan(400);
    expect(quiet.pValue).toBeCloseTo(20 / quiet.permutations, 12);
    const x = [10, 11, 12, 13, 14, 15];
    const y = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4];
    const full = permutationTest(x, y, meanDiff, { permutations: 9999, rng: createRng(4) });
    const early = permutationTest(x, y, meanDiff, { permutations: 9999, rng: createRng(4), stopAfter: 20 });
    expect(early).toEqual(full);
    expect(full.pValue).toBeLessThan(0.001);
  });

  it('Besag-Clifford p-values stay valid under the null: P(p ≤ u) ≤ u', () => {
    const rng = createRng(5);
    const draw = (n: number): number[] => Array.from({ length: n }, () => rng());
    const ps = Array.from({ length: 2000 }, () => permutationTest(draw(8), draw(12), meanDiff, { permutations: 999, rng, stopAfter: 10 }).pValue);
    for (const u of [0.01, 0.05, 0.2, 0.5]) {
      // Binomial(2000, u) sd is at most 22; allow 3 sd over u.
      expect(ps.filter((p) => p <= u).length).toBeLessThanOrEqual(2000 * u + 3 * Math.sqrt(2000 * u * (1 - u)));
    }
  });

  it('hamming and n-gram kernels', () => {
    expect(hammingKernel(['a', 'b', 'c'], ['a', 'x'])).toBeCloseTo(1 / 3, 12);
    expect(hammingKernel([], [])).toBe(1);
    expect(ngramKernel(1)(['a', 'b'], ['b', 'a'])).toBeCloseTo(1, 12);
    expect(ngramKernel(2)(['a', 'b'], ['b', 'a'])).toBe(0);
  });

  it('mmdTest separates different distributions and not equal ones', () => {
    const rng = createRng(11);
    const draw = (tokens: string[]): string[] => Array.from({ length: 5 }, () => tokens[Math.floor(rng() * tokens.length)]!);
    const same = [0, 1, 2].map(() => ({
      x: Array.from({ length: 10 }, () => draw(['a', 'b'])),
      y: Array.from({ length: 40 }, () => draw(['a', 'b'])),
    }));
    const differ = [0, 1, 2].map(() => ({
      x: Array.from({ length: 10 }, () => draw(['a', 'c'])),
      y: Array.from({ length: 40 }, () => draw(['a', 'b'])),
    }));
    expect(mmdTest(same, hammingKernel, { permutations: 499, rng }).pValue).toBeGreaterThan(0.05);
    expect(mmdTest(differ, hammingKernel, { permutations: 499, rng }).pValue).toBeLessThan(0.01);
  });

  it('ltStatistic left-censors missing tokens at the sample minimum', () => {
    // union {a, b, c}; x: a −0.1, b −2, c −2 (censored); y: a −0.2, b −3 (censored), c −3
    expect(ltStatistic([{ a: -0.1, b: -2 }], [{ a: -0.2, c: -3 }])).toBeCloseTo((0.1 + 1 + 1) / 3, 12);
  });

  it('ltTest reports movers and a small p for a shifted window', () => {
    const rng = createRng(5);
    const sample = (shift: number): Record<string, number> => ({ a: -0.5 + shift + 0.05 * rng(), b: -1.2 - shift + 0.05 * rng() });
    const r = ltTest([{ x: Array.from({ length: 10 }, () => sample(0.2)), y: Array.from({ length: 100 }, () => sample(0)) }], {
      permutations: 999,
      rng,
      names: ['x'],
    });
    expect(r.pValue).toBeLessThanOrEqual(0.002);
    expect(r.movers[0]!.after - r.movers[0]!.before).toBeCloseTo(r.movers[0]!.token === 'a' ? 0.2 : -0.2, 1);
  });

  it("ltTest's permutation test is the LT statistic recomputed from scratch on every relabelling (same draws, same p)", () => {
    const draw = createRng(11);
    const sample = (): Record<string, number> => Object.fromEntries(['a', 'b', 'c', 'd'].filter(() => draw() < 0.8).map((t) => [t, -3 * draw()]));
    const strata = [0, 1].map(() => ({ x: Array.from({ length: 10 }, sample), y: Array.from({ length: 60 }, sample) }));
    const fast = ltTest(strata, { permutations: 499, rng: createRng(3) });
    const fromScratch = stratifiedPermutationTest(strata, (s) => (ltStatistic(s[0]!.x, s[0]!.y) + ltStatistic(s[1]!.x, s[1]!.y)) / 2, { permutations: 499, rng: createRng(3) });
    expect(fast.statistic).toBeCloseTo(fromScratch.statistic, 12);
    expect(fast.pValue).toBe(fromScratch.pValue);
    expect(fast.pValue).toBeGreaterThan(0.01);
  });

  it('ECE with equal-mass bins and multi-class Brier', () => {
    expect(expectedCalibrationError(new Array(10).fill(0.9), new Array(10).fill(true))).toBeCloseTo(0.1, 12);
    const correct = Array.from({ length: 100 }, (_, i) => i % 10 < 8);
    expect(expectedCalibrationError(new Array(100).fill(0.8), correct)).toBeCloseTo(0, 12);
    expect(brierScore([[1, 0], [0.5, 0.5]], [0, 0])).toBeCloseTo(0.25, 12);
  });

  it('e-detector: calibrator, growth under small p, decay under large p', () => {
    expect(pToE(0.01, 0.5)).toBeCloseTo(5, 12);
    let s = updateEDetector(null, 0.01, { kappa: 0.5, threshold: 100 });
    s = updateEDetector(s, 0.01, { kappa: 0.5, threshold: 100 });
    expect(s.m).toBeCloseTo(25, 10);
    expect(eDetectorAlarm(s, { kappa: 0.5, threshold: 100 })).toBe(false);
    s = updateEDetector(s, 0.01, { kappa: 0.5, threshold: 100 });
    expect(eDetectorAlarm(s, { kappa: 0.5, threshold: 100 })).toBe(true);
    const calm = updateEDetector({ m: 0.2, cycles: 3, lastE: 0.5 }, 1);
    expect(calm.m).toBe(0.5); // max(M, 1)·e: no credit is banked below 1
  });

  it('aaCheck counts alarms over disjoint windows; effectiveAlpha widens past 2α', () => {
    const units = Array.from({ length: 20 }, (_, i) => i);
    const r = aaCheck(units, (w) => (w[0]! % 10 === 0 ? 0.0001 : 0.5), { alpha: 0.01 });
    expect(r).toEqual({ falseAlarmRate: 0.1, windows: 20, alarms: 2, alpha: 0.01 });
    expect(aaCheck([1, 2, 3], () => 0.5, { alpha: 0.01 })).toBeNull();
    expect(effectiveAlpha(0.01, r)).toEqual({ alpha: 0.001, widened: true });
    expect(effectiveAlpha(0.01, { falseAlarmRate: 0.02 })).toEqual({ alpha: 0.01, widened: false });
  });

  it('groupCycles splits a pool where (item, sample) repeats', () => {
    const pool = [0, 1, 2, 0, 1, 2, 0].map((sample, i) => ({ sample, timestamp: `2026-01-01T00:00:0${i}Z` }));
    expect(groupCycles(pool).map((c) => c.length)).toEqual([3, 3, 1]);
  });
});
