import { describe, expect, it } from 'vitest';
import { createLogprobsProbe } from '../../src/probes/logprobs/create.js';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { createRng, type Rng } from '../../src/stats/prng.js';
import { at, canary, context, firstToken, obs, randomLogits } from '../stats/support/synthetic.js';

const probe = createLogprobsProbe({ permutations: 999 });
const c = canary({ request: { messages: [{ role: 'user', content: 'x' }], params: { maxTokens: 1, logprobs: true, topLogprobs: 20 } }, samples: 10, probes: ['logprobs'] });
const vocab = Array.from({ length: 40 }, (_, i) => `t${i}`);
const logits = randomLogits(vocab.length, createRng(1));

function cycle(cycleIndex: number, rng: Rng, scale = 1, n = 10): SuccessObservation[] {
  return Array.from({ length: n }, (_, s) =>
    obs({ sample: s, timestamp: at(cycleIndex, s), logprobs: [firstToken(vocab, logits, rng, scale)] }),
  );
}

function pool(cycles: number, rng: Rng): SuccessObservation[] {
  return Array.from({ length: cycles }, (_, k) => cycle(k, rng)).flat();
}

describe('src/probes/logprobs', () => {
  const rng = createRng(42);
  const base = pool(15, rng);
  const ctx = context(c, 0.01);
  const summary = probe.summarize(base, ctx);

  it.each([
    ['no drift', 1, 0],
    ['sharpened logits ×1.25', 1.25, 1],
    ['flattened logits ×0.8', 0.8, 1],
  ])('%s → %i finding(s)', (_, scale, expected) => {
    const current = cycle(100, createRng(7), scale);
    const r = probe.evaluate({ baseline: { summary, samples: base }, current, state: null, ctx });
    expect(r.findings).toHaveLength(expected);
    if (expected) {
      expect(r.findings[0]!.kind).toBe('identity.behavior_shift');
      expect(r.findings[0]!.evidence.movers).toBeInstanceOf(Array);
    }
    expect(r.metrics.pValue).toBeGreaterThan(0);
  });

  it('stays silent when logprobs disappear (the shape probe reports the removal)', () => {
    const current = cycle(100, createRng(7)).map((o) => ({ ...o, logprobs: null }));
    const r = probe.evaluate({ baseline: { summary, samples: base }, current, state: null, ctx });
    expect(r.findings).toEqual([]);
    expect(r.metrics.withLogprobs).toBe(0);
  });

  it('works with a small pool and says so', () => {
    const small = base.slice(0, 30);
    const r = probe.evaluate({ baseline: { summary: probe.summarize(small, ctx), samples: small }, current: cycle(100, createRng(7), 1.4), state: null, ctx });
    expect(r.findings[0]?.evidence.poolNote).toMatch(/fewer than the 100/);
  });

  it('A/A false-alarm rate on a no-drift pool is about α', () => {
    const big = pool(50, createRng(9));
    const s = probe.summarize(big, context(c, 0.02));
    expect(s.aaWindows).toBe(50);
    expect(s.aaFalseAlarmRate).toBeLessThanOrEqual(0.04);
  });

  it('caches an A/A replay in state when the summary has none', () => {
    const { aaFalseAlarmRate: _r, aaWindows: _w, ...bare } = summary;
    const r = probe.evaluate({ baseline: { summary: bare, samples: base }, current: cycle(100, createRng(7)), state: null, ctx });
    expect(r.state?.aa?.result?.windows).toBe(15);
  });
});
