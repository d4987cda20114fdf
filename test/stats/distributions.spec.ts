import { describe, expect, it } from 'vitest';
import { chiSquareSf, gammaP, gammaQ, logGamma } from '../../src/stats/gamma.js';
import { normalCdf, normalSf } from '../../src/stats/normal.js';
import { createRng, seedFrom, shuffleInPlace } from '../../src/stats/prng.js';

// Reference values from scipy 1.17 (scipy.stats.norm / chi2, scipy.special).
describe('src/stats/normal.ts, gamma.ts', () => {
  it.each([
    [1.959963985, 0.975],
    [0, 0.5],
    [-1, 0.15865525393145707],
  ])('normalCdf(%f) = %f', (z, expected) => {
    expect(normalCdf(z)).toBeCloseTo(expected, 6);
  });

  it('keeps relative accuracy in the upper tail', () => {
    expect(normalSf(5) / 2.866515718791933e-7).toBeCloseTo(1, 5);
    expect(normalSf(3)).toBeCloseTo(0.0013498980316301035, 8);
  });

  it('logGamma matches ln((n-1)!)', () => {
    expect(logGamma(10)).toBeCloseTo(12.801827480081467, 9);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 9);
  });

  it.each([
    [3.841458820694124, 1, 0.05],
    [10, 5, 0.07523524614651217],
    [20, 10, 0.029252688076961124],
    [150, 100, 0.0009039320423540184],
    [10, 2, Math.exp(-5)],
  ])('chiSquareSf(%f, %i) = %f', (x, df, expected) => {
    expect(chiSquareSf(x, df) / expected).toBeCloseTo(1, 5);
  });

  it('P + Q = 1', () => {
    expect(gammaP(3, 2) + gammaQ(3, 2)).toBeCloseTo(1, 12);
    expect(gammaP(3, 10) + gammaQ(3, 10)).toBeCloseTo(1, 12);
  });
});

describe('src/stats/prng.ts', () => {
  it('is reproducible per seed and roughly uniform', () => {
    const a = createRng(7);
    const b = createRng(7);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    const m = xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(m).toBeGreaterThan(0.49);
    expect(m).toBeLessThan(0.51);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });

  it('shuffles to a permutation and seeds from text stably', () => {
    const s = shuffleInPlace([1, 2, 3, 4, 5, 6], createRng(1));
    expect([...s].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seedFrom('abc')).toBe(seedFrom('abc'));
    expect(seedFrom('abc')).not.toBe(seedFrom('abd'));
  });
});
