import { describe, expect, it } from 'vitest';
import { binomialTest, detectableRate, mcnemarExact } from '../../src/stats/binomial.js';
import { twoByK } from '../../src/stats/contingency.js';
import { fisherExact } from '../../src/stats/fisher.js';
import { kolmogorovSf, ksTwoSample } from '../../src/stats/ks.js';
import { mannWhitneyU } from '../../src/stats/mann-whitney.js';
import { signedRankCounts, wilcoxonSignedRank } from '../../src/stats/wilcoxon.js';

// Reference p-values from scipy 1.17 unless the comment gives a closed form.
describe('src/stats rank and exact tests', () => {
  it.each([
    [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 0, 0.012185780355344813],
    [[1, 1, 2, 3, 3, 4], [2, 3, 4, 4, 5, 6, 6], 6.5, 0.042262864655694614],
  ])('mannWhitneyU(%j, %j): U=%f p=%f (asymptotic, ties, continuity)', (x, y, u, p) => {
    const r = mannWhitneyU(x, y);
    expect(r.u).toBe(u);
    expect(r.pValue).toBeCloseTo(p, 6);
    expect(r.effectSize).toBeLessThan(0);
  });

  it('mannWhitneyU of constant samples is p = 1', () => {
    expect(mannWhitneyU([3, 3, 3], [3, 3]).pValue).toBe(1);
  });

  it('kolmogorovSf and ksTwoSample (Stephens-corrected asymptotic)', () => {
    expect(kolmogorovSf(1)).toBeCloseTo(0.26999967167735456, 7);
    expect(kolmogorovSf(1.36)).toBeCloseTo(0.049485876755377876, 7);
    const r = ksTwoSample([0.1, 0.5, 0.9, 1.3, 2.2, 2.5, 3.1, 4.0], [1.0, 2.0, 2.9, 3.5, 3.8, 4.4, 5.1, 5.5, 6.0, 7.2]);
    expect(r.d).toBeCloseTo(0.575, 10);
    expect(r.pValue).toBeCloseTo(0.06422121745909881, 6);
  });

  it('wilcoxonSignedRank exact (scipy docs, Darwin data): p = 0.041259765625', () => {
    const r = wilcoxonSignedRank([6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]);
    expect(r.exact).toBe(true);
    expect(r.wPlus).toBe(96);
    expect(r.pValue).toBeCloseTo(0.041259765625, 12);
    expect(r.effectSize).toBeCloseTo((96 - 24) / 120, 12);
  });

  it('wilcoxonSignedRank normal approximation with ties and zeros dropped', () => {
    const d = [1.5, -2, 2, 3, 3, -3, 4, 5, 5, 5, 6, -7, 8, 9, 10, 11, 12, -13, 14, 15, 16, 17, 18, 19, 20, 21, 22, -23, 24, 25];
    const r = wilcoxonSignedRank([0, 0, ...d]);
    expect(r.exact).toBe(false);
    expect(r.n).toBe(30);
    expect(r.pValue).toBeCloseTo(0.0006137960168579438, 6);
  });

  it('signedRankCounts matches brute-force enumeration', () => {
    const n = 8;
    const brute = new Array<number>(37).fill(0);
    for (let mask = 0; mask < 2 ** n; mask++) {
      let s = 0;
      for (let r = 1; r <= n; r++) if (mask & (1 << (r - 1))) s += r;
      brute[s]!++;
    }
    expect(signedRankCounts(n)).toEqual(brute);
  });

  it.each([
    // 2·P(X ≤ 1 | n = 10, ½) = 22/1024
    [1, 9, 22 / 1024],
    [5, 5, 1],
    [0, 0, 1],
  ])('mcnemarExact(b=%i, c=%i) = %f', (b, c, p) => {
    expect(mcnemarExact(b, c).pValue).toBeCloseTo(p, 12);
  });

  it.each([
    [3, 10, 0.5, 'two-sided', 0.34375],
    [7, 20, 0.3, 'two-sided', 0.6294979666766769],
    [2, 20, 0.5, 'less', 211 / 2 ** 20],
    [18, 20, 0.5, 'greater', 211 / 2 ** 20],
  ] as const)('binomialTest(%i, %i, %f, %s) = %f', (k, n, p, alt, expected) => {
    expect(binomialTest(k, n, p, alt)).toBeCloseTo(expected, 10);
  });

  it('detectableRate: at the rate it returns, the one-sided test of 17 trials from 2% (critical count 4 at α 0.001) fires with power 0.95', () => {
    const p1 = detectableRate(17, 0.02, 0.001, 0.95);
    expect(binomialTest(4, 17, 0.02, 'greater')).toBeLessThanOrEqual(0.001);
    expect(binomialTest(3, 17, 0.02, 'greater')).toBeGreaterThan(0.001);
    expect(1 - binomialTest(3, 17, p1, 'less')).toBeCloseTo(0.95, 8);
    expect(detectableRate(3, 0.5, 0.001, 0.95)).toBe(1); // no count of 3 reaches α
  });

  it('fisherExact one-sided (Fisher tea tasting: 17/70)', () => {
    expect(fisherExact(3, 1, 1, 3, 'greater')).toBeCloseTo(17 / 70, 12);
    expect(fisherExact(3, 1, 1, 3, 'less')).toBeCloseTo(69 / 70, 12);
    expect(fisherExact(0, 10, 10, 0, 'less')).toBeCloseTo(1 / 184756, 12);
  });

  it('twoByK chi² and G (scipy chi2_contingency without correction)', () => {
    const r = twoByK([10, 20, 30], [20, 20, 20]);
    expect(r.chi2).toBeCloseTo(5.333333333333334, 10);
    expect(r.pChi2).toBeCloseTo(0.0694834512228015, 8);
    expect(r.g).toBeCloseTo(5.4115320909768325, 10);
    expect(r.df).toBe(2);
    expect(twoByK([5, 0, 5], [5, 0, 5]).df).toBe(1);
  });
});
