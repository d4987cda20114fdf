import { describe, expect, it } from 'vitest';
import { createLogprobsProbe } from '../../src/probes/logprobs/create.js';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { at, canary, context, obs } from '../stats/support/synthetic.js';

// A deterministic backend (a local llama.cpp model at temperature 0) returns the very same
// logprobs every time: the baseline pool has zero variance, so the permutation p-value of any
// shift is as small as it gets, and only the tolerance ε separates noise from drift.
const probe = createLogprobsProbe({ permutations: 999 });
const c = canary({ request: { messages: [{ role: 'user', content: 'x' }], params: { maxTokens: 1, logprobs: true, topLogprobs: 3 } }, samples: 10, probes: ['logprobs'] });
const ctx = context(c, 0.001);
const top = [
  { token: ',', logprob: -0.0318 },
  { token: ' there', logprob: -3.5473 },
  { token: ' in', logprob: -8.1195 },
];

function cycle(k: number, shift = 0): SuccessObservation[] {
  const moved = top.map((t, i) => ({ ...t, logprob: t.logprob - (i === 0 ? 0 : shift) }));
  return Array.from({ length: 10 }, (_, s) => obs({ sample: s, timestamp: at(k, s), logprobs: [{ ...moved[0]!, top: moved }] }));
}

describe('src/probes/logprobs (zero-variance pool, tolerance ε)', () => {
  const pool = [0, 1, 2].flatMap((k) => cycle(k));
  const baseline = { summary: probe.summarize(pool, ctx), samples: pool };

  it.each([
    ['identical logprobs', 0, 0],
    ['float noise (1e-9)', 1e-9, 0],
    ['an F16-sized shift (0.003), below ε = 0.01', 0.003, 0],
    ['a Q8_0-sized shift (0.05)', 0.05, 1],
  ])('%s → %i finding(s)', (_, shift, expected) => {
    const r = probe.evaluate({ baseline, current: cycle(10, shift), state: null, ctx });
    expect(r.findings).toHaveLength(expected);
    if (expected) expect(r.findings[0]!.evidence.tolerance).toBe(0.01);
  });

  it('a shift below ε is still significant: the tolerance, not the p-value, keeps it quiet', () => {
    const r = probe.evaluate({ baseline, current: cycle(10, 0.003), state: null, ctx });
    expect(r.metrics.pValue).toBeLessThanOrEqual(0.001);
    expect(r.metrics.lt).toBeLessThan(0.01);
  });

  it('ε is an option: 0 reports any significant shift', () => {
    const strict = createLogprobsProbe({ permutations: 999, tolerance: 0 });
    const r = strict.evaluate({ baseline, current: cycle(10, 0.003), state: null, ctx });
    expect(r.findings).toHaveLength(1);
  });
});
