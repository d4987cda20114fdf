import { describe, expect, it } from 'vitest';
import { mannWhitneyU } from '../../src/stats/mann-whitney.js';
import { meanShiftPermutation } from '../../src/stats/mean-shift.js';
import { createRng, type Rng } from '../../src/stats/prng.js';

/** Answer lengths as the simulator draws them: round(Gamma(4, mean/4)), at least 1. */
function lengths(n: number, mean: number, rng: Rng): number[] {
  return Array.from({ length: n }, () => {
    let g = 0;
    for (let k = 0; k < 4; k++) g -= Math.log(1 - rng());
    return Math.max(1, Math.round((g * mean) / 4));
  });
}

function fireRate(datasets: number, scale: number, alpha: number, seed: number): { mean: number; mannWhitney: number } {
  const rng = createRng(seed);
  let [mean, mw] = [0, 0];
  for (let d = 0; d < datasets; d++) {
    const pool = lengths(150, 90, rng);
    const current = lengths(30, 90 * scale, rng);
    if (meanShiftPermutation(current, pool, { permutations: 999, rng }).pValue <= alpha) mean++;
    if (mannWhitneyU(current, pool).pValue <= alpha) mw++;
  }
  return { mean: mean / datasets, mannWhitney: mw / datasets };
}

describe('src/stats/mean-shift', () => {
  it('is exact without a shift: the no-drift fire rate stays near α', () => {
    const { mean } = fireRate(400, 1, 0.05, 11);
    expect(mean).toBeGreaterThan(0.02);
    expect(mean).toBeLessThan(0.09);
  });

  it('sees a 1.5× verbosity change more often than Mann-Whitney on the same answers', () => {
    const { mean, mannWhitney } = fireRate(300, 1.5, 0.005, 12);
    expect(mean).toBeGreaterThan(mannWhitney + 0.1);
  });

  it('is two-sided and reports the observed statistic', () => {
    const rng = createRng(3);
    const shorter = meanShiftPermutation(lengths(40, 45, rng), lengths(200, 90, rng), { permutations: 999, rng });
    expect(shorter.pValue).toBe(1 / 1000);
    expect(shorter.statistic).toBeGreaterThan(30);
  });
});
