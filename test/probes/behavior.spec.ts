import { describe, expect, it } from 'vitest';
import { borderTest } from '../../src/probes/behavior/border-test.js';
import { createBehaviorProbe } from '../../src/probes/behavior/create.js';
import type { BehaviorState } from '../../src/probes/behavior/schema.js';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { createRng, sampleIndex, type Rng } from '../../src/stats/prng.js';
import { at, canary, context, obs } from '../stats/support/synthetic.js';
import { borderModels, VOCAB } from './support/border-models.js';

const K = 20;
const M = 10;
const { items, border, modelA, modelB } = borderModels(K, M, 21);
const vocab = VOCAB;

/** One cycle: M samples per item; each sample comes from model B with probability `mix`. */
function cycle(c: number, rng: Rng, mix = 0): SuccessObservation[] {
  return items.flatMap((item, i) =>
    Array.from({ length: M }, (_, s) => {
      const weights = rng() < mix ? modelB[i]! : modelA[i]!;
      return obs({ item: item.id, sample: s, timestamp: at(c, s, i), text: vocab[sampleIndex(weights, rng)]! });
    }),
  );
}
const poolOf = (cycles: number, rng: Rng): SuccessObservation[] => Array.from({ length: cycles }, (_, c) => cycle(c, rng)).flat();

describe('src/probes/behavior', () => {
  const probe = createBehaviorProbe({ permutations: 999, mmdPermutations: 999, eDetector: { kappa: 0.5, threshold: 1000 } });
  // The decision p is 2·min(pSum, pMax): reaching α = 0.001 needs the production permutation count.
  const fine = createBehaviorProbe({ permutations: 9_999, mmdPermutations: 999, eDetector: { kappa: 0.5, threshold: 1000 } });
  const ctx = context(border, 0.001, { logprobs: false });
  const pool = poolOf(20, createRng(1));
  const summary = probe.summarize(pool, ctx);

  /** Runs `cycles` cycles with mixture share `mix`, carrying state; returns each cycle's finding subjects. */
  function runCycles(cycles: number, mix: number, seed: number, p = probe): string[][] {
    let state: BehaviorState | null = null;
    const rng = createRng(seed);
    const out: string[][] = [];
    for (let c = 0; c < cycles; c++) {
      const r = p.evaluate({ baseline: { summary, samples: pool }, current: cycle(100 + c, rng, mix), state, ctx });
      state = r.state;
      out.push(r.findings.map((f) => f.subject ?? ''));
    }
    return out;
  }

  it('no drift over 10 cycles → no finding, the e-detector stays low', () => {
    expect(runCycles(10, 0, 5).flat()).toEqual([]);
  });

  it('a full swap → identity.behavior_shift in one cycle', () => {
    const r = fine.evaluate({ baseline: { summary, samples: pool }, current: cycle(100, createRng(6), 1), state: null, ctx });
    expect(r.findings.map((f) => [f.kind, f.subject])).toEqual([['identity.behavior_shift', 'distribution']]);
    expect(r.findings[0]!.evidence.pMmd).toBeDefined(); // escalated to the MMD
  });

  it('the border test stops early on a quiet cycle (Besag-Clifford) and runs every permutation on a swap', () => {
    const opts = { permutations: 9_999, stopAfter: 20, minCount: 5 };
    const quiet = borderTest(cycle(100, createRng(7)), pool, { ...opts, rng: createRng(1) })!;
    expect(quiet.permutations).toBeLessThan(2_000);
    expect(quiet.pSum).toBeCloseTo(20 / quiet.permutations, 12);
    const swapped = borderTest(cycle(100, createRng(7), 1), pool, { ...opts, rng: createRng(1) })!;
    expect(swapped.permutations).toBe(9_999);
    expect(swapped.pValue).toBeLessThan(0.001);
  });

  it('a 5% partial-traffic swap is found by accumulating evidence across cycles (e-detector)', () => {
    const perCycle = runCycles(12, 0.05, 99, fine);
    expect(perCycle.slice(0, 4).flat()).toEqual([]);
    // A single cycle may dip below α, but never two in a row: 2-cycle persistence would not report it.
    const hits = perCycle.map((s) => s.includes('distribution'));
    expect(hits.some((h, i) => h && hits[i + 1])).toBe(false);
    expect(perCycle.at(-1)).toContain('sequential');
  });

  it('multi-token outputs are compared with the Hamming-kernel MMD', () => {
    const words = ['the', 'sky', 'is', 'blue', 'grey', 'today', 'again'];
    const met = canary({ request: { messages: [{ role: 'user', content: 'x' }], params: { maxTokens: 50, temperature: 1 } }, items: items.slice(0, 5), samples: 10 });
    const say = (c: number, rng: Rng, shift: number): SuccessObservation[] =>
      items.slice(0, 5).flatMap((item, i) =>
        Array.from({ length: 10 }, (_, s) => {
          const text = Array.from({ length: 6 }, (_, k) => words[(k + i + (rng() < 0.3 + shift ? 1 : 0)) % words.length]).join(' ');
          return obs({ item: item.id, sample: s, timestamp: at(c, s, i), text });
        }),
      );
    const metPool = Array.from({ length: 10 }, (_, c) => say(c, createRng(c + 1), 0)).flat();
    const metProbe = createBehaviorProbe({ permutations: 999, mmdPermutations: 999, eDetector: false });
    const metCtx = context(met, 0.01, { logprobs: false }); // the MMD test is confirmatory at α = 0.01 (docs/statistics.md#output-distribution)
    const s = metProbe.summarize(metPool, metCtx);
    const same = metProbe.evaluate({ baseline: { summary: s, samples: metPool }, current: say(50, createRng(50), 0), state: null, ctx: metCtx });
    const moved = metProbe.evaluate({ baseline: { summary: s, samples: metPool }, current: say(50, createRng(50), 0.5), state: null, ctx: metCtx });
    expect(same.findings).toEqual([]);
    expect(same.metrics.pMmd).toBeDefined();
    expect(moved.findings.map((f) => f.subject)).toEqual(['distribution']);
  });

  it('A/A false-alarm rate on a no-drift pool is about α', () => {
    const s = probe.summarize(poolOf(40, createRng(8)), context(border, 0.02, { logprobs: false }));
    expect(s.aaWindows).toBe(40);
    expect(s.aaFalseAlarmRate).toBeLessThanOrEqual(0.05);
  });
});
