import { describe, expect, it } from 'vitest';
import { createBehaviorProbe } from '../../src/probes/behavior/create.js';
import type { BehaviorState } from '../../src/probes/behavior/schema.js';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { createRng, sampleIndex, type Rng } from '../../src/stats/prng.js';
import { at, canary, context, obs, randomLogits } from '../stats/support/synthetic.js';

const K = 20;
const M = 10;
const items = Array.from({ length: K }, (_, i) => ({ id: `b${i}`, prompt: `border ${i}` }));
const border = canary({ request: { messages: [{ role: 'user', content: 'x' }], params: { maxTokens: 1, temperature: 1 } }, items, samples: M, probes: ['behavior'] });
const vocab = ['Yes', 'No', 'Maybe', 'The', 'It', 'A'];
const modelA = (() => {
  const rng = createRng(21);
  return items.map(() => randomLogits(vocab.length, rng, 1.2).map(Math.exp));
})();
const modelB = (() => {
  const rng = createRng(22);
  return items.map(() => randomLogits(vocab.length, rng, 1.2).map(Math.exp));
})();

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
  const probe = createBehaviorProbe({ permutations: 999, eDetector: { kappa: 0.5, threshold: 1000 } });
  const ctx = context(border, 0.001, { logprobs: false });
  const pool = poolOf(20, createRng(1));
  const summary = probe.summarize(pool, ctx);

  it('debug', () => {
    let state: BehaviorState | null = null;
    const rng = createRng(99);
    const out: unknown[] = [];
    for (let c = 0; c < 15; c++) {
      const r = probe.evaluate({ baseline: { summary, samples: pool }, current: cycle(100 + c, rng, 0.05), state, ctx });
      state = r.state;
      out.push([c, r.metrics.pValue, Math.round(r.metrics.eDetector!), r.findings.map((f) => f.subject).join(',')]);
    }
    expect(out).toEqual([]);
  });
});
