import { describe, expect, it } from 'vitest';
import { createReproducibilityProbe, determinismMode } from '../../src/probes/reproducibility/create.js';
import { firstDivergence, measureCycle } from '../../src/probes/reproducibility/detector.js';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { createRng, type Rng } from '../../src/stats/prng.js';
import { at, canary, context, obs } from '../stats/support/synthetic.js';

const probe = createReproducibilityProbe();
const seeded = canary({ request: { messages: [{ role: 'user', content: 'Write a haiku.' }], params: { seed: 42, temperature: 0, maxTokens: 64 } }, samples: 5 });
const canonical = 'the quiet river carries light to the sea tonight';
// Divergent continuations rarely coincide: each non-canonical sample differs from the canonical
// output from a random token on.
const variant = (rng: Rng): string => `the quiet river carries ${Math.floor(rng() * 1e6)} to the sea tonight`;

/** One cycle of 5 samples: the canonical output with probability q, else a divergent one. */
function cycle(c: number, rng: Rng, q: number, fingerprint = 'fp_a'): SuccessObservation[] {
  return Array.from({ length: 5 }, (_, s) =>
    obs({ sample: s, timestamp: at(c, s), text: rng() < q ? canonical : variant(rng), fingerprint }),
  );
}

const poolOf = (cycles: number, rng: Rng, q = 0.9): SuccessObservation[] => Array.from({ length: cycles }, (_, c) => cycle(c, rng, q)).flat();

describe('src/probes/reproducibility', () => {
  const ctx = context(seeded, 0.01);
  const pool = poolOf(14, createRng(3));
  const summary = probe.summarize(pool, ctx);

  it('measures pairs and the first divergent token', () => {
    expect(firstDivergence(['a ', 'b ', 'c'], ['a ', 'x ', 'c'])).toBe(1);
    expect(firstDivergence(['a'], ['a'])).toBeNull();
    const m = measureCycle([obs({ text: 'a b', sample: 0 }), obs({ text: 'a b', sample: 1 }), obs({ text: 'a c', sample: 2 })]);
    expect(m).toEqual({ samples: 3, agreeing: 2, identicalPairs: 1, pairs: 3, allIdentical: false, firstDivergence: 1 });
  });

  it.each([
    ['no drift (90% canonical)', 0.9, []],
    ['fewer identical seeded repeats (20% canonical)', 0.2, ['reproducibility.degraded']],
  ])('%s → %j', (_, q, kinds) => {
    const current = cycle(200, createRng(11), q);
    const r = probe.evaluate({ baseline: { summary, samples: pool }, current, state: null, ctx });
    expect(r.findings.map((f) => f.kind)).toEqual(kinds);
    if (kinds.length) {
      expect(r.findings[0]!.subject).toBe('seeded');
      expect(r.findings[0]!.summary).toMatch(/^seeded:/);
      expect(r.findings[0]!.severity).toBe('warning');
    }
  });

  it('decides with the unconditional (Boschloo) test: 13 of 18 agreeing against 88 of 90 fires at 0.001, where Fisher would not', () => {
    const canary18 = canary({ request: seeded.request, samples: 18 });
    const c18 = context(canary18, 0.001);
    const block = (c: number, odd: number): SuccessObservation[] =>
      Array.from({ length: 18 }, (_, s) => obs({ sample: s, timestamp: at(c, s), text: s < odd ? `${canonical} ${c}-${s}` : canonical }));
    // Ten pool cycles of 9 (as two cycles of 18 would regroup, keep one cycle per block of 9).
    const pool90 = Array.from({ length: 10 }, (_, c) => block(c, c < 2 ? 1 : 0).slice(0, 9)).flat();
    const s90 = probe.summarize(pool90, c18);
    const r = probe.evaluate({ baseline: { summary: s90, samples: pool90 }, current: block(300, 5), state: null, ctx: c18 });
    expect(r.findings.map((f) => f.kind)).toEqual(['reproducibility.degraded']);
    expect(r.findings[0]!.evidence.test).toMatch(/Boschloo/);
    expect(r.findings[0]!.evidence.pValue).toBeGreaterThan(0.0001);
  });

  it('says "unseeded temperature-0 determinism" when the provider has no seed', () => {
    const noSeed = context(seeded, 0.01, { seed: false });
    expect(determinismMode(noSeed)).toBe('unseeded temperature-0 determinism');
    const r = probe.evaluate({ baseline: { summary, samples: pool }, current: cycle(200, createRng(11), 0.1), state: null, ctx: noSeed });
    expect(r.findings[0]?.summary).toMatch(/^unseeded temperature-0 determinism/);
    expect(r.findings[0]?.severity).toBe('info');
  });

  it('reports a backend fingerprint that the pool never saw', () => {
    const r = probe.evaluate({ baseline: { summary, samples: pool }, current: cycle(200, createRng(11), 0.9, 'fp_b'), state: null, ctx });
    expect(r.findings.map((f) => f.kind)).toContain('reproducibility.fingerprint_changed');
  });

  it('A/A false-alarm rate on a no-drift pool is about α', () => {
    const s = probe.summarize(poolOf(50, createRng(5)), context(seeded, 0.02));
    expect(s.aaWindows).toBe(50);
    expect(s.aaFalseAlarmRate).toBeLessThanOrEqual(0.04);
  });
});
