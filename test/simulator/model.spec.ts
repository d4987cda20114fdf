import { describe, expect, it } from 'vitest';
import {
  baseKnobs,
  countInputTokens,
  countTokens,
  generate,
  generatedLength,
  knobsFor,
  mcqAnswerKey,
  mulberry32,
  tokenDistribution,
  type ModelRequest,
} from '../../src/simulator/index.js';
import { mcq } from './helpers.js';

const req = (content: string, extra: Partial<ModelRequest> = {}): ModelRequest => ({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content }],
  temperature: 1,
  topLogprobs: 0,
  ...extra,
});

describe('src/simulator/model', () => {
  it.each([
    ['hello', 1],
    ['hello world', 2],
    ['internationalization', 4],
    ['Hi, there!', 4],
    ['héllo', 3],
    ['日本語', 3],
  ])('tokenizes %j into %i tokens', (text, n) => {
    expect(countTokens(text)).toBe(n);
  });

  it('charges non-ASCII characters the configured cost only', () => {
    expect(countTokens('naïve café', 3) - countTokens('naïve café', 1)).toBe(4);
    expect(countTokens('plain ascii', 3)).toBe(countTokens('plain ascii', 1));
  });

  it('adds a constant chat-template overhead per message', () => {
    const one = countInputTokens('openai', undefined, [{ content: 'abc' }]);
    const two = countInputTokens('openai', 'sys', [{ content: 'abc' }]);
    expect(one).toBe(3 + 4 + 1);
    expect(two - one).toBe(4 + 1);
  });

  it('returns a normalised first-token distribution, sharpened by lower temperature', () => {
    const hot = tokenDistribution(req('Tell me something', { temperature: 1 }), baseKnobs('gpt-4o-mini'));
    const cold = tokenDistribution(req('Tell me something', { temperature: 0.3 }), baseKnobs('gpt-4o-mini'));
    expect(hot.reduce((s, t) => s + t.prob, 0)).toBeCloseTo(1, 9);
    expect(cold[0]?.token).toBe(hot[0]?.token);
    expect(cold[0]?.prob ?? 0).toBeGreaterThan(hot[0]?.prob ?? 1);
    const greedy = tokenDistribution(req('Tell me something', { temperature: 0 }), baseKnobs('gpt-4o-mini'));
    expect(greedy[0]).toEqual({ token: hot[0]?.token, prob: 1 });
  });

  it('samples the first token with the probabilities tokenDistribution states', () => {
    const r = req('Pick a word', { maxTokens: 1, temperature: 1 });
    const dist = tokenDistribution(r, baseKnobs('gpt-4o-mini'));
    const rng = mulberry32(11);
    const counts = new Map<string, number>();
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const t = generate(r, baseKnobs('gpt-4o-mini'), rng).text;
      counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    const top = dist[0];
    expect(top).toBeDefined();
    const observed = (counts.get(top?.token ?? '') ?? 0) / n;
    expect(Math.abs(observed - (top?.prob ?? 0))).toBeLessThan(4 * Math.sqrt(((top?.prob ?? 0) * (1 - (top?.prob ?? 0))) / n) + 0.005);
  });

  it('answers multiple-choice prompts with one letter whose confidence is roughly calibrated', () => {
    let confidence = 0;
    let correct = 0;
    const items = 400;
    for (let i = 0; i < items; i++) {
      const r = req(mcq(i), { temperature: 0, maxTokens: 1 });
      const dist = tokenDistribution({ ...r, temperature: 1 }, baseKnobs('gpt-4o-mini'));
      const best = dist[0];
      expect(['A', 'B', 'C', 'D']).toContain(best?.token);
      confidence += best?.prob ?? 0;
      if (best?.token === mcqAnswerKey(r)) correct += 1;
    }
    expect(Math.abs(confidence / items - correct / items)).toBeLessThan(0.08);
    expect(correct / items).toBeGreaterThan(0.4);
  });

  it('rescales multiple-choice confidence without moving the greedy answer', () => {
    for (let i = 0; i < 50; i++) {
      const r = req(mcq(i));
      const before = tokenDistribution(r, baseKnobs('gpt-4o-mini'));
      const after = tokenDistribution(r, knobsFor(['calibration-rescale'], 'gpt-4o-mini'));
      expect(after[0]?.token).toBe(before[0]?.token);
      expect(after[0]?.prob ?? 0).toBeGreaterThanOrEqual(before[0]?.prob ?? 1);
    }
  });

  it('produces valid JSON for prompts that ask for JSON', () => {
    const rng = mulberry32(3);
    for (let i = 0; i < 20; i++) {
      const g = generate(req(`Reply in JSON, case ${i}`, { temperature: 0.7 }), baseKnobs('gpt-4o-mini'), rng);
      const parsed: unknown = JSON.parse(g.text);
      expect(parsed).toMatchObject({ answer: expect.any(String), confidence: expect.any(Number) });
      expect(g.finishReason).toBe('stop');
    }
  });

  it('fills the keys and types a JSON prompt names', () => {
    const prompt = 'Return JSON with keys "city" (string) and "population" (integer) for the capital of France.';
    const rng = mulberry32(4);
    for (let i = 0; i < 10; i++) {
      const g = generate(req(prompt, { temperature: 1 }), baseKnobs('gpt-4o-mini'), rng);
      const parsed = JSON.parse(g.text) as Record<string, unknown>;
      expect(Object.keys(parsed)).toEqual(['city', 'population']);
      expect(typeof parsed['city']).toBe('string');
      expect(Number.isInteger(parsed['population'])).toBe(true);
    }
  });

  it('is deterministic at temperature 0 except for a rare divergence', () => {
    const rng = mulberry32(5);
    const r = req('Describe the sea', { temperature: 0, maxTokens: 40 });
    const texts = Array.from({ length: 200 }, () => generate(r, baseKnobs('gpt-4o-mini'), rng).text);
    const same = texts.filter((t) => t === texts[0]).length;
    expect(same).toBeGreaterThan(185);
    expect(same).toBeLessThan(200);
  });

  it('reproduces seeded sampling, and loses it under seed-lost', () => {
    const r = req('Describe the sea', { temperature: 0.9, seed: 42, maxTokens: 30 });
    const rng = mulberry32(9);
    const seeded = Array.from({ length: 50 }, () => generate(r, baseKnobs('gpt-4o-mini'), rng).text);
    expect(seeded.filter((t) => t === seeded[0]).length).toBeGreaterThan(44);
    const lost = Array.from({ length: 50 }, () => generate(r, knobsFor(['seed-lost'], 'gpt-4o-mini'), rng).text);
    expect(new Set(lost).size).toBeGreaterThan(45);
  });

  it('draws open-ended lengths around the model mean, capped by the implicit default', () => {
    const rng = mulberry32(13);
    const knobs = baseKnobs('gpt-4o-mini');
    const gens = Array.from({ length: 150 }, (_, i) => generate(req(`Topic ${i}`, { maxTokens: 4096 }), knobs, rng));
    const mean = gens.reduce((s, g) => s + g.tokens.length, 0) / gens.length;
    expect(mean).toBeGreaterThan(knobs.meanLength * 0.85);
    expect(mean).toBeLessThan(knobs.meanLength * 1.15);
    expect(gens.every((g) => g.finishReason === 'stop')).toBe(true);
    const capped = generate(req("Topic", { maxTokens: 3 }), knobs, rng);
    expect(capped.tokens).toHaveLength(3);
    expect(capped.finishReason).toBe('length');
    const implicit = generate(req("Topic", {}), { ...knobs, meanLength: 5000 }, rng);
    expect(implicit.tokens).toHaveLength(512);
  });

  it('runs a prompt that says "do not stop" until the output cap (the implicit-cap canary)', () => {
    const knobs = baseKnobs('gpt-4o-mini');
    const endless = generate(req('Count to 100000 in words. Do not stop early.', { temperature: 0 }), knobs, mulberry32(3));
    expect(endless.tokens).toHaveLength(512);
    expect(endless.finishReason).toBe('length');
    const raised = generate(req('Count to 100000 in words. Do not stop early.', { temperature: 0 }), { ...knobs, defaultMaxTokens: 1024 }, mulberry32(3));
    expect(raised.tokens).toHaveLength(1024);
  });
  it('generatedLength gives the output count and finish reason generate gives, without the tokens', () => {
    const knobs = baseKnobs('gpt-4o-mini');
    for (const [r, seed] of [
      [req('Explain how tides work.'), 1],
      [req('Write a detailed essay on bridges.', { maxTokens: 300 }), 2],
      [req('Describe a lighthouse.', { temperature: 0, seed: 42 }), 3],
      [req('Count to a million and do not stop.', { maxTokens: 64 }), 4],
    ] as const) {
      const full = generate(r, knobs, mulberry32(seed));
      expect(generatedLength(r, knobs, mulberry32(seed))).toEqual({ outputTokens: full.tokens.length, finishReason: full.finishReason });
    }
    expect(() => generatedLength(req('hi'), baseKnobs('o4-mini'), mulberry32(1))).toThrow(/reasoning/);
  });
});
