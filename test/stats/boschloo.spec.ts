import { describe, expect, it } from 'vitest';
import { binomialPmf } from '../../src/stats/binomial.js';
import { boschlooExact } from '../../src/stats/boschloo.js';
import { fisherExact } from '../../src/stats/fisher.js';

/** A seeded canary of 18 samples a cycle (agreeing, disagreeing) against a pool of 90. */
const [N1, N2] = [18, 90];

describe('src/stats/boschloo', () => {
  it('is never above Fisher and strictly below it where Fisher conditions away information', () => {
    for (let x = 0; x <= N1; x += 3) {
      for (let y = 80; y <= N2; y += 2) {
        expect(boschlooExact(x, N1 - x, y, N2 - y, 'less')).toBeLessThanOrEqual(fisherExact(x, N1 - x, y, N2 - y, 'less') + 1e-15);
      }
    }
    // 13 of 18 agree against 88 of 90: Fisher misses α = 0.001, Boschloo reaches it.
    expect(fisherExact(13, 5, 88, 2, 'less')).toBeGreaterThan(0.001);
    expect(boschlooExact(13, 5, 88, 2, 'less')).toBeLessThanOrEqual(0.001);
  });

  it('keeps its level: the rejection rate at α = 0.001 stays ≤ α for every common rate', () => {
    const reject: [number, number][] = [];
    for (let x = 0; x <= N1; x++) for (let y = 0; y <= N2; y++) if (boschlooExact(x, N1 - x, y, N2 - y, 'less') <= 0.001) reject.push([x, y]);
    for (const pi of [0.5, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995]) {
      const size = reject.reduce((s, [x, y]) => s + binomialPmf(x, N1, pi) * binomialPmf(y, N2, pi), 0);
      expect(size).toBeLessThanOrEqual(0.001 * (1 + 1e-6));
    }
  });

  it('mirrors for the other direction and returns 1 for an empty row', () => {
    expect(boschlooExact(5, 13, 2, 88, 'greater')).toBeCloseTo(boschlooExact(13, 5, 88, 2, 'less'), 12);
    expect(boschlooExact(0, 0, 5, 5, 'less')).toBe(1);
  });
});
