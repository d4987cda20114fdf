/**
 * The cache probe's stop rule (docs/statistics.md#quiet-stops): a quiet cycle of the prompt-cache
 * canary stops once "reads miss the cache at the smallest rate the cycle's Fisher test detects" has
 * become implausible (stats/rate-stop.ts); a cycle that may be drifting sends every sample and the
 * Fisher test judges it, as before. The accounting checks read each response on its own and lose
 * nothing when the cycle is shorter.
 *
 * The design rate is the fixed test's own: the fewest misses among the cycle's planned reads that
 * the one-sided Fisher test against this pool calls significant at α, and the miss rate that reaches
 * them with probability 0.95. With a pool that never missed and nineteen planned reads that is three
 * misses, a rate of about 0.3, so a quiet cycle stops after the write and nine hits: ten of twenty
 * requests; a natural eviction on the way costs a few more. A target that reports no cache reads
 * never stops early (the whole cycle, as before).
 */
import { fisherDetectableRate, isRateQuiet } from '../../stats/rate-stop.js';
import type { SequentialVerdict } from '../../stats/sprt.js';
import type { SampleRecord } from '../types.js';
import { expectedHits, isHit } from './hit-rate.js';

interface PoolMisses {
  misses: number;
  reads: number;
}

const pools = new WeakMap<readonly SampleRecord[], PoolMisses>();

function poolMisses(pool: readonly SampleRecord[]): PoolMisses {
  const known = pools.get(pool);
  if (known) return known;
  const reads = expectedHits(pool);
  const counted = { misses: reads.filter((r) => !isHit(r)).length, reads: reads.length };
  pools.set(pool, counted);
  return counted;
}

/**
 * The verdict on this cycle's samples so far. `plannedReads` is how many samples of the whole cycle
 * should hit (every sample after each item's first), `alpha` the level of its Fisher test.
 */
export function cacheQuietVerdict(current: readonly Pick<SampleRecord, 'sample' | 'cache'>[], pool: readonly SampleRecord[], plannedReads: number, alpha: number): SequentialVerdict {
  const { misses, reads } = poolMisses(pool);
  const now = expectedHits(current);
  // No read reported yet, or a pool without any: nothing to judge, so nothing to stop on.
  if (reads === 0 || now.length === 0) return 'continue';
  const p1 = fisherDetectableRate({ planned: plannedReads, poolEvents: misses, poolTrials: reads, alpha });
  const missed = now.filter((r) => !isHit(r)).length;
  return isRateQuiet(missed, now.length, { events: misses, trials: reads }, p1) ? 'no-change' : 'continue';
}
