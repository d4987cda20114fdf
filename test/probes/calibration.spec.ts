import { describe, expect, it } from 'vitest';
import { createCalibrationProbe } from '../../src/probes/calibration/create.js';
import { letterProbabilities } from '../../src/probes/calibration/confidence.js';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { createRng, randomNormal, type Rng } from '../../src/stats/prng.js';
import { at, canary, context, firstToken, obs } from '../stats/support/synthetic.js';

const probe = createCalibrationProbe();
const ITEMS = 100;
const letters = ['A', 'B', 'C', 'D'];
const vocab = [...letters, ' A', 'The', 'I', 'Answer', '1', '2', '\n', 'a', 'b', 'Option'];
const items = Array.from({ length: ITEMS }, (_, i) => ({ id: `q${i}`, prompt: `Question ${i}\nA) a\nB) b\nC) c\nD) d\nAnswer:`, answer: letters[i % 4]! }));
const mcq = canary({ request: { messages: [{ role: 'user', content: 'q' }], params: { maxTokens: 1, logprobs: true, topLogprobs: 20, temperature: 0 } }, items, probes: ['calibration'] });

// Per item: the right letter is favoured by a random margin, sometimes a wrong one wins.
const latent = (() => {
  const rng = createRng(77);
  return items.map((_, i) =>
    vocab.map((t, k) => (k < 4 ? (k === i % 4 ? 1.5 + 1.2 * randomNormal(rng) : 0.8 * randomNormal(rng)) : t === ' A' ? -3 : -4 + randomNormal(rng))),
  );
})();

// Other weights for the same items: the letter logits re-drawn around the same answers.
const otherWeights = (() => {
  const rng = createRng(78);
  return latent.map((row) => row.map((x, k) => (k < 4 ? x + 0.6 * randomNormal(rng) : x)));
})();

/**
 * One run over all items; `scale` rescales the logits (1.25 = sharper), jitter is run-to-run noise;
 * items in `swapped` are answered by other weights (sticky partial traffic).
 */
function run(c: number, rng: Rng, scale = 1, swapped: ReadonlySet<number> = new Set()): SuccessObservation[] {
  return items.map((item, i) =>
    obs({ item: item.id, sample: 0, timestamp: at(c, 0, i), logprobs: [firstToken(vocab, (swapped.has(i) ? otherWeights : latent)[i]!, rng, scale, 0.15)] }),
  );
}
const poolOf = (runs: number, rng: Rng): SuccessObservation[] => Array.from({ length: runs }, (_, c) => run(c, rng)).flat();

describe('src/probes/calibration', () => {
  const ctx = context(mcq, 0.01);
  const pool = poolOf(6, createRng(5));
  const summary = probe.summarize(pool, ctx);

  it('renormalises over A-D and left-censors missing letters', () => {
    const p = letterProbabilities({ logprobs: [{ token: 'A', logprob: Math.log(0.6), top: [{ token: 'A', logprob: Math.log(0.6) }, { token: ' A', logprob: Math.log(0.1) }, { token: 'B', logprob: Math.log(0.2) }, { token: 'x', logprob: Math.log(0.05) }] }] });
    // A = 0.7 (two spellings), B = 0.2, C = D = 0.05 (censored at the list minimum); total 1.0
    expect(p!.map((v) => Number(v.toFixed(6)))).toEqual([0.7, 0.2, 0.05, 0.05]);
    expect(letterProbabilities({ logprobs: null })).toBeNull();
    expect(summary.items).toBe(ITEMS);
    expect(summary.minRunsPerItem).toBe(6);
  });

  it.each([
    ['no drift', 1, null],
    ['temperature rescale 1.25× (sharper)', 1.25, 'sharper'],
    ['temperature rescale 0.8× (flatter)', 0.8, 'flatter'],
  ])('%s → %s', (_, scale, direction) => {
    const r = probe.evaluate({ baseline: { summary, samples: pool }, current: run(100, createRng(9), scale), state: null, ctx });
    expect(r.findings.map((f) => f.kind)).toEqual(direction ? ['calibration.shift'] : []);
    if (direction) {
      expect(r.findings[0]!.evidence.direction).toBe(direction);
      expect(r.findings[0]!.evidence.before).toHaveProperty('ece');
    }
  });

  it('5 of 100 items answered by other weights → identity.behavior_shift (partial traffic), which the paired tests alone miss', () => {
    const r = probe.evaluate({ baseline: { summary, samples: pool }, current: run(100, createRng(9), 1, new Set([3, 17, 42, 64, 90])), state: null, ctx });
    expect(r.findings.map((f) => [f.kind, f.subject])).toEqual([['identity.behavior_shift', 'partial traffic']]);
    const evidence = r.findings[0]!.evidence as { pWilcoxon: number; movedItems: number; worstItem: { item: string } };
    expect(evidence.pWilcoxon).toBeGreaterThan(0.01);
    expect(evidence.movedItems).toBeGreaterThanOrEqual(1);
    expect(evidence.movedItems).toBeLessThanOrEqual(5);
    expect(['q3', 'q17', 'q42', 'q64', 'q90']).toContain(evidence.worstItem.item);
    expect(r.metrics.pWorstItem).toBeLessThan(0.01);
  });

  it('a pool judged again, or reloaded as new records, gives the same finding; each finding owns its evidence', () => {
    const current = run(100, createRng(9), 1.25);
    const judge = (samples: SuccessObservation[]) => probe.evaluate({ baseline: { summary, samples }, current, state: null, ctx }).findings;
    const [first, again] = [judge(pool), judge(pool)];
    expect(first.map((f) => f.kind)).toEqual(['calibration.shift']);
    expect(again).toEqual(first);
    expect(judge(JSON.parse(JSON.stringify(pool)) as SuccessObservation[])).toEqual(first);
    (first[0]!.evidence.before as { ece: number | null }).ece = -1;
    expect(judge(pool)).toEqual(again);
  });

  it('stays silent without logprobs', () => {
    const current = run(100, createRng(9)).map((o) => ({ ...o, logprobs: null }));
    expect(probe.evaluate({ baseline: { summary, samples: pool }, current, state: null, ctx }).findings).toEqual([]);
  });

  it('A/A false-alarm rate on a no-drift pool is about α', () => {
    const s = probe.summarize(poolOf(50, createRng(6)), context(mcq, 0.02));
    expect(s.aaWindows).toBe(50);
    expect(s.aaFalseAlarmRate).toBeLessThanOrEqual(0.04);
  });
});
