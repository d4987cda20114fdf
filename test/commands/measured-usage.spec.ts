/**
 * `validate`'s measured usage (src/commands/validate/measured-usage.ts): the mean tokens per request a
 * baseline's samples really spent, with the whole prompt as input.
 */
import { describe, expect, it } from 'vitest';
import { usageOf } from '../../src/commands/validate/measured-usage.js';
import type { Snapshot } from '../../src/snapshots/index.js';

type Sample = Snapshot['samples'][number];
const usage = (input: number | null, output: number | null): Sample['usage'] => ({ input, output, cached: null, reasoning: null, total: null });
const reading = (prompt: number, read: number, write: number): NonNullable<Sample['cache']> => ({ prompt, read, write, write5m: write, write1h: 0, fields: [], retention: null });
const samples = (...list: Partial<Sample>[]): Snapshot['samples'] => list as Snapshot['samples'];

describe('src/commands/validate/measured-usage.ts usageOf', () => {
  it('Anthropic prompt-cache samples: the cache reads and writes reported apart from input_tokens count as input', () => {
    // input_tokens 32 (the question); the 4,840-token prefix written once, then read.
    const m = usageOf(samples({ usage: usage(32, 4), cache: reading(4872, 0, 4840) }, { usage: usage(32, 4), cache: reading(4872, 4840, 0) }));
    expect(m).toEqual({ inputPerRequest: 4872, outputPerRequest: 4, samples: 2 });
  });

  it('OpenAI and Gemini count cached tokens inside the prompt already: counted once', () => {
    const m = usageOf(samples({ usage: usage(1390, 4), cache: reading(1390, 1280, 0) }, { usage: usage(10, 2) }));
    expect(m).toEqual({ inputPerRequest: (1390 + 10) / 2, outputPerRequest: 3, samples: 2 });
  });

  it('samples without both counts are left out; none at all: no measured usage', () => {
    expect(usageOf(samples({ usage: usage(null, 4) }, { usage: usage(10, 2) }))).toEqual({ inputPerRequest: 10, outputPerRequest: 2, samples: 1 });
    expect(usageOf(samples({ usage: usage(null, null) }))).toBeUndefined();
  });
});
