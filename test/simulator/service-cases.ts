/** The serving scenarios' cases for scenarios.spec.ts: prompt cache and latency, each with its observable effect. */
import { expect } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { openaiChat, rec } from './helpers.js';

/** A system prompt of about 1,600 simulator tokens: above OpenAI's 1,024-token caching minimum. */
export const LONG_PREFIX = Array.from({ length: 400 }, (_, i) => `Rule ${i}: keep entry ${i} as written.`).join('\n');

/** Cached tokens of `n` identical requests sent one after another. */
export async function cachedRun(sim: Simulator, n: number, system = LONG_PREFIX): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await openaiChat(sim, { messages: [{ role: 'system', content: system }, { role: 'user', content: 'Which rule is first?' }], max_tokens: 1 });
    out.push(Number(rec(rec(r.body['usage'])['prompt_tokens_details'])['cached_tokens']));
  }
  return out;
}

/** `openai-processing-ms` of `n` short requests, sorted. */
async function processingMs(sim: Simulator, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Number((await openaiChat(sim, { messages: [{ role: 'user', content: `ping ${i}` }], max_tokens: 1 })).headers['openai-processing-ms']));
  return out.sort((a, b) => a - b);
}

const at = (sorted: readonly number[], q: number): number => sorted[Math.floor(q * (sorted.length - 1))] ?? NaN;
const hits = (v: unknown): number => (v as number[]).slice(1).filter((t) => t > 0).length;

export const serviceCases = {
  'cache-off': {
    probe: (sim: Simulator) => cachedRun(sim, 8),
    expectChange: (b: unknown, a: unknown) => {
      expect(hits(b)).toBeGreaterThanOrEqual(5);
      expect(a).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    },
  },
  'cache-half-evicted': {
    probe: (sim: Simulator) => cachedRun(sim, 41),
    expectChange: (b: unknown, a: unknown) => {
      expect(hits(b)).toBeGreaterThanOrEqual(34);
      expect(hits(a)).toBeGreaterThanOrEqual(10);
      expect(hits(a)).toBeLessThanOrEqual(30);
    },
  },
  'latency-tripled': {
    probe: (sim: Simulator) => processingMs(sim, 41),
    expectChange: (b: unknown, a: unknown) => {
      const ratio = at(a as number[], 0.5) / at(b as number[], 0.5);
      expect(ratio).toBeGreaterThan(2);
      expect(ratio).toBeLessThan(4.5);
    },
  },
  'latency-p95-tail': {
    probe: (sim: Simulator) => processingMs(sim, 81),
    expectChange: (b: unknown, a: unknown) => {
      expect(at(a as number[], 0.5) / at(b as number[], 0.5)).toBeLessThan(1.6);
      expect(at(a as number[], 0.95) / at(b as number[], 0.95)).toBeGreaterThan(2.5);
    },
  },
};
