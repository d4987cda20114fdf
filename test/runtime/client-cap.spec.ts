import { describe, expect, it } from 'vitest';
import { Canary } from '../../src/config/canary-schema.js';
import { effectiveClientCap, withClientCap } from '../../src/probes/length/client-cap.js';

const canary = (params: Record<string, unknown>): Canary =>
  Canary.parse({ id: 'cap', request: { messages: [{ role: 'user', content: 'Count forever.' }], params }, probes: ['length'] });
const summary = (cap: number | null): Record<string, unknown> => ({ samples: 10, median: 500, mean: 500, cappedRate: 1, cap });

describe('src/runtime/engine/client-cap', () => {
  it('stops at 1.25x the cap the baseline observed, never above the canary ceiling', () => {
    const c = canary({ clientMaxTokens: 32768 });
    expect(effectiveClientCap(c, summary(512))).toBe(640);
    expect(effectiveClientCap(c, summary(30000))).toBe(32768);
    expect(effectiveClientCap(c, summary(null))).toBe(32768);
    expect(effectiveClientCap(c, undefined)).toBe(32768);
    expect(effectiveClientCap(c, { broken: true })).toBe(32768);
  });

  it('leaves canaries without a client cap, or with an explicit maxTokens, alone', () => {
    expect(effectiveClientCap(canary({}), summary(512))).toBeUndefined();
    expect(effectiveClientCap(canary({ maxTokens: 64, clientMaxTokens: 100 }), summary(512))).toBeUndefined();
    const c = canary({ clientMaxTokens: 32768 });
    expect(withClientCap(c, summary(null))).toBe(c);
    expect(withClientCap(c, summary(512)).request.params.clientMaxTokens).toBe(640);
    expect(c.request.params.clientMaxTokens).toBe(32768);
  });
});
