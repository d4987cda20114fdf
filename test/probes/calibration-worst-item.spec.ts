import { describe, expect, it } from 'vitest';
import { NOISE_FLOOR, worstItemTest, type ItemSeries } from '../../src/probes/calibration/worst-item.js';
import { createRng, randomNormal } from '../../src/stats/prng.js';

const rng = createRng(11);
const noisy = (centre: number, n: number, sd: number): number[] => Array.from({ length: n }, () => centre + sd * randomNormal(rng));
const series = (shift: (i: number) => number, sd = 0.1): ItemSeries[] =>
  Array.from({ length: 100 }, (_, i) => ({ item: `q${i}`, base: noisy(i / 10, 8, sd), now: noisy(i / 10 + shift(i), 1, sd) }));

describe('src/probes/calibration/worst-item', () => {
  it('no item moved: the Bonferroni p of the worst item is not small', () => {
    const w = worstItemTest(series(() => 0))!;
    expect(w.pValue).toBeGreaterThan(0.01);
    expect(w.noise).toBeCloseTo(0.1, 1);
    expect(w.movedItems).toBe(0);
  });

  it('one item moved by 10 noise SDs: found, named, and p below 1e-6', () => {
    const w = worstItemTest(series((i) => (i === 37 ? 1 : 0)))!;
    expect(w).toMatchObject({ item: 'q37', movedItems: 1 });
    expect(w.change).toBeGreaterThan(0.7);
    expect(w.pValue).toBeLessThan(1e-6);
  });

  it('bit-exact baselines: the noise floor keeps a rounding-size change from alarming', () => {
    const exact: ItemSeries[] = Array.from({ length: 100 }, (_, i) => ({ item: `q${i}`, base: [1, 1, 1, 1, 1], now: [i === 5 ? 1 + NOISE_FLOOR / 2 : 1] }));
    const w = worstItemTest(exact)!;
    expect(w.noise).toBe(0);
    expect(w.pValue).toBe(1);
  });

  it('needs two baseline runs of some item', () => {
    expect(worstItemTest([{ item: 'q', base: [1], now: [2] }])).toBeNull();
    expect(worstItemTest([])).toBeNull();
  });
});
