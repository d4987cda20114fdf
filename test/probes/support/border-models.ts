/** Seeded border-input canaries for the behavior probe's specs: K prompts whose first token splits, and other weights. */
import type { Canary } from '../../../src/config/canary-schema.js';
import { createRng } from '../../../src/stats/prng.js';
import { canary, randomLogits } from '../../stats/support/synthetic.js';

export const VOCAB = ['Yes', 'No', 'Maybe', 'The', 'It', 'A'];

export interface BorderModels {
  items: { id: string; prompt: string }[];
  border: Canary;
  /** Each prompt's first-token weights on the baseline's model. */
  modelA: number[][];
  /** The same prompts on other weights: mostly what model A says least. */
  modelB: number[][];
}

/** `prompts` border prompts, `samples` answers each, model A's splits drawn with `seed`. */
export function borderModels(prompts: number, samples: number, seed: number): BorderModels {
  const items = Array.from({ length: prompts }, (_, i) => ({ id: `b${i}`, prompt: `border ${i}` }));
  const border = canary({ request: { messages: [{ role: 'user', content: 'x' }], params: { maxTokens: 1, temperature: 1 } }, items, samples, probes: ['behavior'] });
  const rng = createRng(seed);
  const modelA = items.map(() => randomLogits(VOCAB.length, rng, 1.2).map(Math.exp));
  const modelB = modelA.map((w) => w.map((v) => (v === Math.min(...w) ? 0.9 : 0.1 / (w.length - 1))));
  return { items, border, modelA, modelB };
}
