import { describe, expect, it } from 'vitest';
import { shippedCanary as load } from '../support/shipped-canaries.js';

describe('canaries of the statistical probes', () => {
  it.each(['calibration-mcq', 'logprob-tracking', 'reproducibility-seeded', 'length-verbosity', 'length-implicit-cap', 'border-inputs'])(
    '%s.yaml parses against the canary schema',
    (name) => {
      expect(load(name).id).toBe(name);
    },
  );

  it('calibration-mcq has >= 100 balanced single-letter items ending in "Answer:"', () => {
    const c = load('calibration-mcq');
    const items = c.items ?? [];
    expect(items.length).toBeGreaterThanOrEqual(100);
    const counts = { A: 0, B: 0, C: 0, D: 0 } as Record<string, number>;
    for (const item of items) {
      expect(item.answer).toMatch(/^[A-D]$/);
      counts[item.answer!]!++;
      expect(item.prompt).toMatch(/\nA\) .+\nB\) .+\nC\) .+\nD\) .+\nAnswer:$/);
    }
    expect(counts).toEqual({ A: 25, B: 25, C: 25, D: 25 });
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(c.request.params).toMatchObject({ maxTokens: 1, logprobs: true, topLogprobs: 20, temperature: 0 });
  });

  it('the implicit-cap canary leaves max tokens to the provider; the others cap it', () => {
    expect(load('length-implicit-cap').request.params.maxTokens).toBeUndefined();
    expect(load('length-verbosity').request.params.maxTokens).toBe(1024);
    expect(load('border-inputs').items).toHaveLength(20);
    expect(load('reproducibility-seeded').request.params).toMatchObject({ seed: 42, temperature: 0, maxTokens: 64 });
  });
});
