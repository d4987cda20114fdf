/**
 * The hit-rate test (docs/statistics.md#prompt-cache): among the requests a cycle expects to hit (every
 * sample after the first, which may have to write the prefix), how many read from the cache, against
 * the pool; one-sided Fisher exact test. Natural evictions are part of the pool's own rate, so they
 * page only when they become significantly more frequent.
 */
import type { CacheReading } from '../../domain/observation.js';
import { fisherExact } from '../../stats/fisher.js';
import { median } from '../../stats/ranks.js';
import type { SampleRecord } from '../types.js';

type Cached = Pick<SampleRecord, 'sample' | 'cache'>;

/** The readings of the samples that should hit: not the cycle's first, with a cache read reported. */
export function expectedHits(samples: readonly Cached[]): CacheReading[] {
  return samples.flatMap((s) => (s.sample > 0 && s.cache && s.cache.read !== null ? [s.cache] : []));
}

export function isHit(c: CacheReading): boolean {
  return (c.read ?? 0) > 0;
}

/** Median share of the prompt read from the cache on hits; null without hits. */
export function cachedShare(readings: readonly CacheReading[]): number | null {
  const shares = readings.flatMap((c) => (isHit(c) && c.prompt ? [(c.read ?? 0) / c.prompt] : []));
  return shares.length ? median(shares) : null;
}

export interface HitRateOutcome {
  before: { hits: number; expected: number; rate: number };
  after: { hits: number; expected: number; rate: number };
  /** One-sided Fisher p: fewer hits now than in the pool. */
  pValue: number;
}

/** Compares this cycle's hits with the pool's; null when either side has no expected hit. */
export function hitRateTest(current: readonly Cached[], pool: readonly Cached[]): HitRateOutcome | null {
  const now = expectedHits(current);
  const before = expectedHits(pool);
  if (now.length === 0 || before.length === 0) return null;
  const a = now.filter(isHit).length;
  const c = before.filter(isHit).length;
  return {
    before: { hits: c, expected: before.length, rate: c / before.length },
    after: { hits: a, expected: now.length, rate: a / now.length },
    pValue: fisherExact(a, now.length - a, c, before.length - c, 'less'),
  };
}
