/**
 * The border-input canary's quiet stop (src/probes/behavior/sequential.ts,
 * docs/statistics.md#border-quiet): a quiet cycle samples every prompt thinly and last
 * cycle's suspects whole; a cycle whose thin round looks moved is sent whole. Cycles are sent here as
 * the runtime sends them: its order (suspects first, each with all its samples), its batches of 1, 1,
 * 2, 4, and the probe's verdict after every batch.
 */
import { describe, expect, it } from 'vitest';
import { createBehaviorProbe } from '../../src/probes/behavior/create.js';
import type { BehaviorState } from '../../src/probes/behavior/schema.js';
import { BORDER_QUIET } from '../../src/probes/behavior/sequential.js';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { decides, nextBatchSize, requestOrder, rotationOffset } from '../../src/runtime/engine/sequential.js';
import { createRng, sampleIndex, type Rng } from '../../src/stats/prng.js';
import { at, canary, context, obs } from '../stats/support/synthetic.js';
import { borderModels, VOCAB } from './support/border-models.js';

const K = 20;
const M = 16;
const LANES = 4;
const { items, border, modelA, modelB } = borderModels(K, M, 31);
const vocab = VOCAB;
const ctx = context(border, 0.001, { logprobs: false });
const probe = createBehaviorProbe({ permutations: 999, mmdPermutations: 999 });
const rule = probe.sequential!;

/** One answer of `item` (index i) in cycle c; `swapped` prompts answer from model B. */
function answer(c: number, i: number, s: number, rng: Rng, swapped: ReadonlySet<number>): SuccessObservation {
  const weights = swapped.has(i) ? modelB[i]! : modelA[i]!;
  return obs({ item: items[i]!.id, sample: s, timestamp: at(c, s, i), text: vocab[sampleIndex(weights, rng)]! });
}
const pool = Array.from({ length: 10 }, (_, c) => items.flatMap((_, i) => Array.from({ length: M }, (_, s) => answer(c, i, s, createRng(1000 * c + 20 * i + s), new Set())))).flat();
const baseline = { summary: probe.summarize(pool, ctx), samples: pool };

/** One cycle as the runtime sends it; returns what was sent and the state the probe carries on. */
function sendCycle(c: number, state: BehaviorState | null, sentBefore: number, rng: Rng, swapped: ReadonlySet<number> = new Set()): { sent: SuccessObservation[]; state: BehaviorState | null } {
  const order = requestOrder(border, rule.firstItems!(state), rotationOffset(sentBefore, K));
  const index = new Map(items.map((it, i) => [it.id, i]));
  const sent: SuccessObservation[] = [];
  while (sent.length < order.length) {
    const end = Math.min(order.length, sent.length + nextBatchSize(sent.length, LANES));
    for (let n = sent.length; n < end; n++) sent.push(answer(c, index.get(order[n]!.item!.id)!, order[n]!.sample, rng, swapped));
    if (decides([rule.verdict({ baseline, current: sent, state, ctx })])) break;
  }
  const result = probe.evaluate({ baseline, current: sent, state, ctx });
  return { sent, state: result.state };
}

describe('border inputs: a quiet cycle samples every prompt thinly', () => {
  it('a quiet cycle with no suspects stops once every prompt has its thin share, long before the plan', () => {
    const { sent } = sendCycle(100, null, 0, createRng(5));
    const perPrompt = new Map<string, number>();
    for (const s of sent) perPrompt.set(s.item!, (perPrompt.get(s.item!) ?? 0) + 1);
    expect([...perPrompt.values()].every((n) => n >= BORDER_QUIET.quietSamples)).toBe(true);
    // The last batch may overshoot by up to LANES − 1 requests.
    expect(sent.length).toBeGreaterThanOrEqual(K * BORDER_QUIET.quietSamples);
    expect(sent.length).toBeLessThan(K * BORDER_QUIET.quietSamples + LANES);
  });

  it('over 40 quiet cycles a cycle sends well under half of its plan on average', () => {
    let state: BehaviorState | null = null;
    let sentBefore = 0;
    const rng = createRng(6);
    for (let c = 0; c < 40; c++) {
      const cycle = sendCycle(200 + c, state, sentBefore, rng);
      state = cycle.state;
      sentBefore += cycle.sent.length;
    }
    expect(sentBefore / 40).toBeLessThan((K * M) / 2);
  });

  it('last cycle\'s suspects are sent first, each with all its samples, and the cycle does not stop before they have them', () => {
    const state: BehaviorState = { suspects: ['b7', 'b12'] };
    const { sent } = sendCycle(300, state, 0, createRng(7));
    // After the one fresh control answer, the suspects' whole share.
    expect(sent.slice(1, 1 + 2 * M).every((s) => s.item === 'b7' || s.item === 'b12')).toBe(true);
    expect(sent.filter((s) => s.item === 'b7')).toHaveLength(M);
    expect(sent.filter((s) => s.item === 'b12')).toHaveLength(M);
    expect(sent.length).toBeLessThan((K * M) / 2);
  });

  it('a prompt whose split moved becomes next cycle\'s suspect, and stays one while it stays moved', () => {
    const swapped = new Set([9]);
    let state: BehaviorState | null = null;
    let sentBefore = 0;
    const rng = createRng(8);
    const suspectedIn: boolean[] = [];
    for (let c = 0; c < 6; c++) {
      const cycle = sendCycle(400 + c, state, sentBefore, rng, swapped);
      state = cycle.state;
      sentBefore += cycle.sent.length;
      suspectedIn.push((state?.suspects ?? []).includes('b9'));
    }
    // Flagged after a thin cycle or two, then kept: it gets the whole plan's share each cycle.
    expect(suspectedIn.slice(2)).toEqual([true, true, true, true]);
  });

  it('a cycle whose thin round already looks moved is sent whole', () => {
    const every = new Set(items.map((_, i) => i));
    const { sent } = sendCycle(500, null, 0, createRng(9), every);
    expect(sent).toHaveLength(K * M);
  });

  it('the look that sends a cycle whole is taken on the thin round only, so later quiet answers never cut it short', () => {
    const every = new Set(items.map((_, i) => i));
    const rng = createRng(10);
    const order = requestOrder(border, [], 0);
    const thin = order.filter((r) => r.sample < BORDER_QUIET.quietSamples).map((r) => answer(600, Number(r.item!.id.slice(1)), r.sample, rng, every));
    expect(rule.verdict({ baseline, current: thin, state: null, ctx })).toBe('continue');
    // The rest of the cycle answers from the baseline's own model: the verdict still says continue.
    const rest = order.filter((r) => r.sample >= BORDER_QUIET.quietSamples).map((r) => answer(600, Number(r.item!.id.slice(1)), r.sample, rng, new Set()));
    for (let n = 1; n < rest.length; n += 37) expect(rule.verdict({ baseline, current: [...thin, ...rest.slice(0, n)], state: null, ctx })).toBe('continue');
  });

  it('a canary edited since its baseline (a prompt missing from the pool) is sent whole', () => {
    const edited = canary({ ...border, items: [...items, { id: 'new', prompt: 'new border' }] });
    const thin = requestOrder(edited, [], 0)
      .filter((r) => r.sample < BORDER_QUIET.quietSamples)
      .map((r) => obs({ item: r.item!.id, sample: r.sample, text: 'Yes' }));
    expect(rule.verdict({ baseline, current: thin, state: null, ctx: context(edited, 0.001, { logprobs: false }) })).toBe('continue');
  });
});
