import { describe, expect, it } from 'vitest';
import type { CacheReading, SuccessObservation } from '../../src/domain/observation.js';
import { cache } from '../../src/probes/cache/index.js';
import type { CacheSummary } from '../../src/probes/cache/schema.js';
import { toSampleRecord } from '../../src/snapshots/build.js';
import { createRng, type Rng } from '../../src/stats/prng.js';
import { at, canary, context, obs } from '../stats/support/synthetic.js';

const promptCache = canary({ request: { system: 'long prefix', messages: [{ role: 'user', content: 'q' }], params: { maxTokens: 4, promptCache: true } }, samples: 20 });
const ctx = context(promptCache, 0.001);
const PROMPT = 4200;
const PREFIX = 4096;
const OPENAI_FIELDS = ['usage.prompt_tokens_details.cached_tokens'];
const ANTHROPIC_FIELDS = ['usage.cache_creation.ephemeral_1h_input_tokens', 'usage.cache_creation.ephemeral_5m_input_tokens', 'usage.cache_creation_input_tokens', 'usage.cache_read_input_tokens'];

/** An Anthropic-style reading: a hit reads the prefix, a miss writes it (5-minute TTL unless told). */
function anthropic(hit: boolean, over: Partial<CacheReading> = {}): CacheReading {
  return { prompt: PROMPT, read: hit ? PREFIX : 0, write: hit ? 0 : PREFIX, write5m: hit ? 0 : PREFIX, write1h: 0, fields: ANTHROPIC_FIELDS, retention: null, ...over };
}

function openai(hit: boolean, over: Partial<CacheReading> = {}): CacheReading {
  return { prompt: PROMPT, read: hit ? PREFIX : 0, write: null, write5m: null, write1h: null, fields: OPENAI_FIELDS, retention: null, ...over };
}

/** One cycle: the first request writes, each later one hits unless evicted (probability `evict`). */
function cycle(c: number, rng: Rng, evict: number, read: (hit: boolean) => CacheReading = anthropic): SuccessObservation[] {
  return Array.from({ length: 20 }, (_, s) => obs({ sample: s, timestamp: at(c, s), cache: read(s > 0 && rng() >= evict) }));
}

const rng = createRng(20);
const pool = Array.from({ length: 10 }, (_, c) => cycle(c, rng, 0.05)).flat();
const summary = cache.summarize(pool, ctx);
const baseline = { summary, samples: pool.map(toSampleRecord) };
const judge = (current: SuccessObservation[], b: { summary: CacheSummary; samples: ReturnType<typeof toSampleRecord>[] } = baseline) => cache.evaluate({ baseline: b, current, state: null, ctx });
const kinds = (current: SuccessObservation[]) => judge(current).findings.map((f) => `${f.kind}:${f.subject}`);

describe('src/probes/cache', () => {
  it('summarizes the pool: expected hits (not the first request of a cycle), hit rate, cached share, the fields always present, the A/A rate', () => {
    expect(summary.expected).toBe(190);
    expect(summary.hitRate!).toBeGreaterThan(0.9);
    expect(summary.hitRate!).toBeLessThan(1);
    expect(summary.cachedShare).toBeCloseTo(PREFIX / PROMPT);
    expect(summary.fields).toEqual(ANTHROPIC_FIELDS);
    expect(summary.aaWindows).toBe(10);
    expect(summary.aaFalseAlarmRate).toBe(0);
  });

  it('natural evictions at the pool\'s own rate raise nothing', () => {
    const quiet = createRng(77);
    for (let c = 20; c < 60; c++) expect(kinds(cycle(c, quiet, 0.05)), `cycle ${c}`).toEqual([]);
  });

  it('a cache that stopped serving hits is cache.hit_rate_dropped, with both rates, the p-value and the A/A rate', () => {
    const r = judge(cycle(20, createRng(3), 1));
    expect(r.findings.map((f) => f.kind)).toEqual(['cache.hit_rate_dropped']);
    expect(r.findings[0]!.evidence).toMatchObject({ direction: 'lower', after: { hits: 0, expected: 19, rate: 0 }, aaWindows: 10, nominalAlpha: 0.001 });
    expect(r.findings[0]!.evidence.pValue as number).toBeLessThan(1e-6);
    expect(r.metrics).toMatchObject({ cacheHitRate: 0 });
  });

  it('half the prefixes evicted is cache.hit_rate_dropped too', () => {
    const half = createRng(5);
    const fired = Array.from({ length: 10 }, (_, i) => kinds(cycle(20 + i, half, 0.5)).includes('cache.hit_rate_dropped:hit_rate'));
    expect(fired.filter(Boolean).length).toBeGreaterThanOrEqual(8);
  });

  it('the first request of a cycle may miss without counting: a cold cache each cycle is the design', () => {
    const cold = cycle(20, createRng(9), 0).map((o) => (o.sample === 0 ? { ...o, cache: anthropic(false) } : o));
    expect(kinds(cold)).toEqual([]);
  });

  describe('accounting (exact)', () => {
    const quiet = (): SuccessObservation[] => cycle(30, createRng(31), 0.05);
    const edit = (f: (c: CacheReading, s: number) => CacheReading) => quiet().map((o) => ({ ...o, cache: f(o.cache!, o.sample) }));

    it('a field the pool always carried is gone', () => {
      const gone = edit((c) => ({ ...c, write5m: null, write1h: null, fields: c.fields.filter((f) => !f.includes('cache_creation.')) }));
      const r = judge(gone);
      expect(r.findings.map((f) => `${f.kind}:${f.subject}`)).toEqual(['cache.accounting_changed:fields']);
      expect(r.findings[0]!.summary).toBe('cache accounting fields gone: usage.cache_creation.ephemeral_1h_input_tokens, usage.cache_creation.ephemeral_5m_input_tokens');
    });

    it('more tokens read from the cache than the prompt holds', () => {
      expect(kinds(edit((c, s) => (s === 3 ? { ...c, read: PROMPT + 1 } : c)))).toEqual(['cache.accounting_changed:cached_exceeds_prompt']);
    });

    it('a write split by TTL that does not add up to the tokens written', () => {
      expect(kinds(edit((c, s) => (s === 0 ? { ...c, write5m: 100 } : c)))).toEqual(['cache.accounting_changed:write_split']);
    });

    it('writes under another time to live (5m → 1h)', () => {
      const moved = edit((c) => ((c.write ?? 0) > 0 ? { ...c, write5m: 0, write1h: c.write } : c));
      const r = judge(moved);
      expect(r.findings.map((f) => `${f.kind}:${f.subject}`)).toEqual(['cache.accounting_changed:write_ttl']);
      expect(r.findings[0]!.evidence).toEqual({ before: ['5m'], after: ['1h'] });
    });

    it('hits that also write the prefix again', () => {
      expect(kinds(edit((c, s) => (s === 5 ? { ...c, read: PREFIX, write: PREFIX, write5m: PREFIX } : c)))).toEqual(['cache.accounting_changed:read_and_write']);
    });

    it('another prompt_cache_retention echoed (Responses API)', () => {
      const rrng = createRng(41);
      const withRetention = (hit: boolean): CacheReading => openai(hit, { retention: 'in-memory', fields: [...OPENAI_FIELDS, 'prompt_cache_retention'] });
      const rpool = Array.from({ length: 10 }, (_, c) => cycle(c, rrng, 0.05, withRetention)).flat();
      const b = { summary: cache.summarize(rpool, ctx), samples: rpool.map(toSampleRecord) };
      const now = cycle(20, rrng, 0.05, (hit) => openai(hit, { retention: '24h', fields: [...OPENAI_FIELDS, 'prompt_cache_retention'] }));
      const r = judge(now, b);
      expect(r.findings.map((f) => `${f.kind}:${f.subject}`)).toEqual(['cache.accounting_changed:retention']);
      expect(r.findings[0]!.evidence).toEqual({ before: ['in-memory'], after: ['24h'] });
    });

    it('Gemini reports its cached count only on hits: a miss without the field is not a field gone', () => {
      const grng = createRng(51);
      const gemini = (hit: boolean): CacheReading =>
        hit ? { ...openai(true), fields: ['usageMetadata.cachedContentTokenCount'] } : { ...openai(false), fields: [] };
      const gpool = Array.from({ length: 10 }, (_, c) => cycle(c, grng, 0.05, gemini)).flat();
      const b = { summary: cache.summarize(gpool, ctx), samples: gpool.map(toSampleRecord) };
      expect(b.summary).toMatchObject({ fields: [], hitFields: ['usageMetadata.cachedContentTokenCount'] });
      expect(judge(cycle(20, grng, 0.05, gemini), b).findings).toEqual([]);
      const hitsWithout = cycle(21, grng, 0.05, (hit) => ({ ...gemini(hit), fields: [] }));
      expect(judge(hitsWithout, b).findings.map((f) => `${f.kind}:${f.subject}`)).toEqual(['cache.accounting_changed:fields']);
    });
  });
});
