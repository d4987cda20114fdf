import type { Probe, ProbeResult, SampleRecord } from '../types.js';
import { aaCheck, aaEvidence, aaSummary, effectiveAlpha, poolKeyOf, resolveAa, type AaResult } from '../../stats/aa-check.js';
import { groupCycles } from '../../stats/cycles.js';
import type { ProbeMetrics } from '../metric-units.js';
import { accountingChanges, commonFields } from './accounting.js';
import { cachedShare, expectedHits, hitRateTest, isHit, type HitRateOutcome } from './hit-rate.js';
import { withCachePrefixFor } from './prefix.js';
import { CacheState, CacheSummary } from './schema.js';
import { cacheQuietVerdict } from './sequential.js';

type Draft = ProbeResult<CacheState>['findings'][number];

const pct = (rate: number): string => `${(rate * 100).toFixed(0)}%`;

function hitRateDraft(o: HitRateOutcome, shares: { before: number | null; after: number | null }, evidence: Record<string, unknown>): Draft {
  return {
    kind: 'cache.hit_rate_dropped',
    severity: 'warning',
    subject: 'hit_rate',
    summary: `prompt-cache hit rate dropped: ${pct(o.before.rate)} → ${pct(o.after.rate)} of requests that repeat a cached prefix (${o.after.hits}/${o.after.expected} this cycle; Fisher p ${o.pValue.toPrecision(2)})`,
    evidence: { direction: 'lower', before: o.before, after: o.after, pValue: o.pValue, effectSize: o.before.rate - o.after.rate, cachedShareBefore: shares.before, cachedShareAfter: shares.after, ...evidence },
    action: 'Repeated prefixes are billed in full and answered slower: check the provider changelog and status for cache or tokenizer changes and your own cached-token figures; accept a new baseline once it is understood.',
  };
}

/** Builds the cache probe (docs/statistics.md#prompt-cache). */
function createCacheProbe(): Probe<CacheSummary, CacheState> {
  const replay = (pool: readonly SampleRecord[], alpha: number): AaResult | null =>
    aaCheck(groupCycles(pool), (w, rest) => hitRateTest(w.flat(), rest.flat())?.pValue ?? null, { alpha });

  return {
    id: 'cache',
    summarySchema: CacheSummary,
    adjustCanary: (canary, _section, target) => withCachePrefixFor(canary, target),
    sequential: {
      // Stops a quiet cycle early only (sequential.ts); a drifting one is sent whole and judged by the Fisher test.
      verdict({ baseline, current, ctx }) {
        const plannedReads = Math.max(1, ctx.canary.items?.length ?? 0) * Math.max(0, ctx.canary.samples - 1);
        return cacheQuietVerdict(current, baseline.samples, plannedReads, ctx.alpha);
      },
    },
    summarize(samples, ctx) {
      const expected = expectedHits(samples);
      const hits = expected.filter(isHit).length;
      const all = samples.flatMap((s) => (s.cache ? [s.cache] : []));
      return {
        expected: expected.length,
        hits,
        hitRate: expected.length ? hits / expected.length : null,
        cachedShare: cachedShare(expected),
        fields: commonFields(all),
        hitFields: commonFields(all.filter(isHit)),
        ...aaSummary(replay(samples, ctx.alpha)),
      };
    },
    evaluate({ baseline, current, state, ctx }) {
      const carried = CacheState.safeParse(state ?? {});
      const previous = carried.success ? carried.data : {};
      const pool = baseline.samples;
      const findings: Draft[] = accountingChanges(current, pool, baseline.summary).map((c) => ({
        kind: 'cache.accounting_changed',
        severity: 'warning',
        subject: c.subject,
        summary: c.summary,
        evidence: { before: c.before, after: c.after },
        action: 'Cost reports and cache-savings dashboards read these fields: check the provider changelog for a billing or cache change, update what parses them, then accept a new baseline.',
      }));
      const o = hitRateTest(current, pool);
      if (!o) return { findings, state: previous, metrics: {} };
      const aa = resolveAa(baseline.summary, previous.aa, poolKeyOf(pool), () => replay(pool, ctx.alpha), ctx.alpha);
      const alpha = effectiveAlpha(ctx.alpha, aa.result).alpha;
      const shareNow = cachedShare(expectedHits(current));
      const metrics: ProbeMetrics = { cacheHitRate: o.after.rate, pValue: o.pValue };
      if (shareNow !== null) metrics.cachedShare = shareNow;
      if (o.pValue <= alpha && o.after.rate < o.before.rate) {
        const evidence = { poolSize: o.before.expected, windowSize: o.after.expected, ...aaEvidence(ctx.alpha, aa.result) };
        findings.push(hitRateDraft(o, { before: baseline.summary.cachedShare, after: shareNow }, evidence));
      }
      return { findings, state: aa.cache ? { aa: aa.cache } : {}, metrics };
    },
  };
}

/** Prompt-cache probe: hit rate and cache accounting of a stable prefix sent twice or more per cycle. */
export const cache = createCacheProbe();
