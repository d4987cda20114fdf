/**
 * What a cycle is billed for (src/domain/billing.ts): the run log, the daily token budget
 * (`budget.tokensPerDay`) and `validate`'s measured cost count the same tokens.
 */
import { describe, expect, it } from 'vitest';
import { billedTokens } from '../../../src/domain/billing.js';
import type { CacheReading } from '../../../src/domain/observation.js';
import { tokensOf } from '../../../src/runtime/engine/observation-stats.js';
import { obs } from '../../stats/support/synthetic.js';

const cache = (over: Partial<CacheReading>): CacheReading => ({ prompt: null, read: null, write: null, write5m: null, write1h: null, fields: [], retention: null, ...over });

describe('billed tokens of an answer and of a cycle', () => {
  it('counts an Anthropic prompt-cache hit at its whole prompt, not at input_tokens alone (reads and writes are reported apart)', () => {
    // input_tokens 12, cache_read_input_tokens 4,096: 4,108 prompt tokens went to the provider.
    const hit = obs({ usage: { input: 12, output: 3, cached: 4096, reasoning: null, total: null }, cache: cache({ prompt: 4108, read: 4096, write: 0 }) });
    expect(billedTokens(hit)).toEqual({ input: 4108, output: 3 });
    expect(tokensOf([hit, hit])).toEqual({ input: 8216, output: 6 });
  });

  it('counts OpenAI cached tokens once: they are part of prompt_tokens already', () => {
    const hit = obs({ usage: { input: 1300, output: 2, cached: 1280, reasoning: null, total: 1302 }, cache: cache({ prompt: 1300, read: 1280 }) });
    expect(billedTokens(hit)).toEqual({ input: 1300, output: 2 });
  });

  it('adds Gemini thoughts reported apart from the answer to the output, not thoughts counted inside it', () => {
    const apart = obs({ usage: { input: 10, output: 5, cached: null, reasoning: 40, total: 55 } });
    const inside = obs({ usage: { input: 10, output: 45, cached: null, reasoning: 40, total: 55 } });
    expect(billedTokens(apart)).toEqual({ input: 10, output: 45 });
    expect(billedTokens(inside)).toEqual({ input: 10, output: 45 });
  });

  it('counts unknown usage as 0', () => {
    expect(tokensOf([obs({ usage: { input: null, output: null, cached: null, reasoning: null, total: null } })])).toEqual({ input: 0, output: 0 });
  });
});
