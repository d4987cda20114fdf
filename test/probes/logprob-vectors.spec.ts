/**
 * The per-item logprob tests (docs/statistics.md#logprob-vectors): each answer's reported logprobs
 * against its own item's baseline jitter decide a calibration rescale or a re-pointed model from
 * a handful of calls, where the paired tests need the whole canary.
 */
import { describe, expect, it } from 'vitest';
import { createCalibrationProbe } from '../../src/probes/calibration/create.js';
import { createLogprobsProbe } from '../../src/probes/logprobs/create.js';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { createRng, randomNormal, type Rng } from '../../src/stats/prng.js';
import { at, canary, context, firstToken, obs } from '../stats/support/synthetic.js';

const JITTER = 0.003; // logit noise per call, the size hosted inference shows
const letters = ['A', 'B', 'C', 'D'];
const vocab = [...letters, ' A', 'The', 'I', '\n'];
const ITEMS = 100;
const items = Array.from({ length: ITEMS }, (_, i) => ({ id: `q${i}`, prompt: `Question ${i}\nA) a\nB) b\nC) c\nD) d\nAnswer:`, answer: letters[i % 4]! }));
const mcq = canary({ request: { messages: [{ role: 'user', content: 'q' }], params: { maxTokens: 1, logprobs: true, topLogprobs: 20, temperature: 0 } }, items, probes: ['calibration'] });
const latent = (() => {
  const rng = createRng(77);
  return items.map((_, i) => vocab.map((_t, k) => (k < 4 ? (k === i % 4 ? 1.5 + 1.2 * randomNormal(rng) : 0.8 * randomNormal(rng)) : -4 + randomNormal(rng))));
})();

/** Answers to the first `n` items of one run; `scale` 1.25 is the rescale. */
function answers(c: number, rng: Rng, n = ITEMS, scale = 1): SuccessObservation[] {
  return items.slice(0, n).map((item, i) => obs({ item: item.id, sample: 0, timestamp: at(c, 0, i), logprobs: [firstToken(vocab, latent[i]!, rng, scale, JITTER)] }));
}

describe('calibration: per-item logprob test', () => {
  const probe = createCalibrationProbe();
  const ctx = context(mcq, 0.001);
  const rng = createRng(5);
  const pool = Array.from({ length: 10 }, (_, c) => answers(c, rng)).flat();
  const baseline = { summary: probe.summarize(pool, ctx), samples: pool };

  it('a 1.25× rescale is decided by the first answer, and the finding still describes ECE, Brier and the reliability bins', () => {
    const current = answers(100, createRng(9), 1, 1.25);
    expect(probe.sequential!.verdict({ baseline, current, ctx })).toBe('change');
    const r = probe.evaluate({ baseline, current, state: null, ctx });
    expect(r.findings.map((f) => f.kind)).toEqual(['calibration.shift']);
    const evidence = r.findings[0]!.evidence as { sequential: { answers: number }; before: { ece: number; brier: number; reliability: unknown[] }; after: { ece: number } };
    expect(evidence.sequential.answers).toBe(1);
    expect(evidence.before).toMatchObject({ ece: expect.any(Number), brier: expect.any(Number) });
    expect(evidence.before.reliability.length).toBeGreaterThan(0);
    expect(r.findings[0]!.summary).toMatch(/decided after 1 answer\(s\) against each item's baseline jitter/);
  });

  it('a 1.05× rescale, far below what the paired tests see at n = 100, takes at most a few answers', () => {
    const rngNow = createRng(10);
    let n = 1;
    while (n <= 10 && probe.sequential!.verdict({ baseline, current: answers(100, rngNow, n, 1.05), ctx }) !== 'change') n++;
    expect(n).toBeLessThanOrEqual(3);
  });

  it('a quiet run keeps going while a 5 % swap is still plausible, then stops for "no change" well before 100', () => {
    const current = answers(100, createRng(12));
    expect(probe.sequential!.verdict({ baseline, current: current.slice(0, 20), ctx })).toBe('continue');
    let n = 20;
    while (n < ITEMS && probe.sequential!.verdict({ baseline, current: current.slice(0, n), ctx }) === 'continue') n++;
    expect(probe.sequential!.verdict({ baseline, current: current.slice(0, n), ctx })).toBe('no-change');
    expect(n).toBeLessThan(80);
    expect(probe.evaluate({ baseline, current: current.slice(0, n), state: null, ctx }).findings).toEqual([]);
  });

  it('a sticky swap reached after a few held items is partial traffic, and next cycle one call to the remembered item says so again', () => {
    const swap = (c: number, i: number, rng: Rng) =>
      obs({ item: `q${i}`, sample: 0, timestamp: at(c, 0, i), logprobs: [firstToken(vocab, latent[i]!.map((x, k) => (k < 4 ? x + (k === i % 4 ? -2 : 1) : x)), rng, 1, JITTER)] });
    const rngNow = createRng(14);
    const first = [...answers(100, rngNow, 10), swap(100, 10, rngNow)];
    expect(probe.sequential!.verdict({ baseline, current: first, ctx })).toBe('change');
    const one = probe.evaluate({ baseline, current: first, state: null, ctx });
    expect(one.findings.map((f) => [f.kind, f.subject])).toEqual([['identity.behavior_shift', 'partial traffic']]);
    expect(probe.sequential!.firstItems!(one.state)).toEqual(['q10']);
    const second = [swap(101, 10, rngNow)];
    expect(probe.sequential!.verdict({ baseline, current: second, ctx })).toBe('change');
    const two = probe.evaluate({ baseline, current: second, state: one.state, ctx });
    expect(two.findings.map((f) => [f.kind, f.subject])).toEqual([['identity.behavior_shift', 'partial traffic']]);
  });

  it('a swapped item seen alone reads as a rescale; the re-run that sends a fresh control item before it calls it partial traffic', () => {
    const swap = (c: number, i: number, rng: Rng) =>
      obs({ item: `q${i}`, sample: 0, timestamp: at(c, 0, i), logprobs: [firstToken(vocab, latent[i]!.map((x, k) => (k < 4 ? x + (k === i % 4 ? -2 : 1) : x)), rng, 1, JITTER)] });
    const rngNow = createRng(15);
    // The cycle's first call happened to reach a swapped item: one item cannot tell the two apart.
    const alone = [swap(100, 20, rngNow)];
    expect(probe.sequential!.verdict({ baseline, current: alone, ctx })).toBe('change');
    const one = probe.evaluate({ baseline, current: alone, state: null, ctx });
    expect(one.findings.map((f) => f.kind)).toEqual(['calibration.shift']);
    // The confirmation run: a fresh item (held) then the suspect (moved again) — other weights, not a rescale.
    const confirmation = [...answers(101, rngNow, 1), swap(101, 20, rngNow)];
    const two = probe.evaluate({ baseline, current: confirmation, state: one.state, ctx });
    expect(two.findings.map((f) => [f.kind, f.subject])).toEqual([['identity.behavior_shift', 'partial traffic']]);
  });

  it('an item that moved is remembered and sent first next cycle', () => {
    const rngNow = createRng(13);
    const current = answers(100, rngNow, 30);
    const moved = obs({ item: 'q7', sample: 0, timestamp: at(100, 0, 7), logprobs: [firstToken(vocab, latent[7]!.map((x, k) => (k < 4 ? x + 2 * randomNormal(rngNow) : x)), rngNow, 1, JITTER)] });
    current[7] = moved;
    const r = probe.evaluate({ baseline, current, state: null, ctx });
    expect(probe.sequential!.firstItems!(r.state)).toContain('q7');
  });
});

describe('logprobs: per-prompt logprob test (a re-pointed model)', () => {
  const probe = createLogprobsProbe({ permutations: 999 });
  const c = canary({ request: { messages: [{ role: 'user', content: 'x' }], params: { maxTokens: 1, logprobs: true, topLogprobs: 5 } }, samples: 10, probes: ['logprobs'] });
  const ctx = context(c, 0.001);
  const words = [',', ' there', ' in', '.', '!'];
  const before = [3, 1, 0.5, 0.2, -1];
  const after = [2.6, 1.4, 0.3, 0.2, -1]; // other weights: the same top token, 0.4 nats apart
  const cycle = (k: number, logits: number[], rng: Rng, n = 10): SuccessObservation[] =>
    Array.from({ length: n }, (_, s) => obs({ sample: s, timestamp: at(k, s), logprobs: [firstToken(words, logits, rng, 1, JITTER, 5)] }));
  const rng = createRng(21);
  const pool = Array.from({ length: 10 }, (_, k) => cycle(k, before, rng)).flat();
  const baseline = { summary: probe.summarize(pool, ctx), samples: pool };

  it('one call of the re-pointed model decides it', () => {
    const current = cycle(100, after, createRng(22), 1);
    expect(probe.sequential!.verdict({ baseline, current, ctx })).toBe('change');
    const r = probe.evaluate({ baseline, current, state: null, ctx });
    expect(r.findings.map((f) => f.kind)).toEqual(['identity.behavior_shift']);
    expect(r.findings[0]!.evidence).toMatchObject({ sequential: { calls: 1, decided: true } });
  });

  it('the same model never stops early for "no change": the window test needs all 10 calls', () => {
    const current = cycle(100, before, createRng(23));
    for (let n = 1; n <= 10; n++) expect(probe.sequential!.verdict({ baseline, current: current.slice(0, n), ctx })).toBe('continue');
    expect(probe.evaluate({ baseline, current, state: null, ctx }).findings).toEqual([]);
  });
});
