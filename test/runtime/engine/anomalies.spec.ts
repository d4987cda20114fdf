import { describe, expect, it } from 'vitest';
import { sampleAnomalies } from '../../../src/runtime/engine/anomalies.js';
import { canary, observation } from '../../support/observations.js';

const usage = { input: 10, output: 2, cached: 0, reasoning: null, total: 12 };

describe('src/runtime/engine/anomalies.ts', () => {
  it('names every sample that fails the adapter schema, an assertion or a token invariant', () => {
    const c = canary({ assert: [{ type: 'contains', value: 'OK' }] });
    const samples = [
      observation({ sample: 0, text: 'OK', usage }),
      observation({ sample: 1, text: 'OK', usage, schemaIssues: ['$.choices[0].message.content: Invalid input: expected string, received null'] }),
      observation({ sample: 2, text: 'no', usage }),
      observation({ sample: 3, text: 'OK', usage: { ...usage, total: 15 } }),
      observation({ sample: 4, text: 'OK', usage: { ...usage, reasoning: 5 } }),
    ];
    expect(sampleAnomalies(samples, c)).toEqual([
      { sample: 1, kind: 'schema', detail: '$.choices[0].message.content: Invalid input: expected string, received null' },
      { sample: 2, kind: 'assertion', detail: expect.stringContaining('OK') },
      { sample: 3, kind: 'tokens', detail: 'total 15 ≠ input 10 + output 2' },
      { sample: 4, kind: 'tokens', detail: 'reasoning 5 > output 2' },
    ]);
  });

  it('a clean cycle has none', () => {
    expect(sampleAnomalies([observation({ text: 'OK', usage })], canary())).toEqual([]);
  });
});
