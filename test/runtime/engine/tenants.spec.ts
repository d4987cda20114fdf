import { describe, expect, it } from 'vitest';
import { compareWindows, comparedProbes, divergenceDraft, type PeerComparison } from '../../../src/runtime/engine/tenants/index.js';
import { toSampleRecord } from '../../../src/snapshots/index.js';
import { canary, observations, probeContext, usage } from '../../support/observations.js';

const EU = 'acme-eu/gpt-4o-mini';
const US = 'acme-us/gpt-4o-mini';
const AP = 'acme-ap/gpt-4o-mini';
const AT = '2025-06-01T10:00:00.000Z';

/** A peer as a member's run sees it: diverging (one test) or alike, fired against its own baseline or not. */
function peer(target: string, diverges: boolean, ownFired = false): PeerComparison {
  const tests = diverges ? [{ probe: 'logprobs' as const, kind: 'identity.behavior_shift' as const, summary: 'first-token logprobs moved', pValue: 1e-4 }] : [];
  return { target, tests, ownFired, at: AT };
}

const judge = (target: string, ownFired: boolean, peers: PeerComparison[]) =>
  divergenceDraft({ group: 'gpt-4o-mini', target, canary: 'logprob-tracking', ownFired, peers });

describe('cross-tenant comparison of two windows (src/runtime/engine/tenants/compare.ts)', () => {
  const ctx = probeContext(canary(), EU);
  const peerWindow = (overrides: Parameters<typeof observations>[1]) => ({ target: US, samples: observations(3, overrides).map(toSampleRecord) });

  it('compares the echoed model id and token counts on every canary, and the statistical probes the canary lists', () => {
    expect(comparedProbes(canary())).toEqual(['identity', 'tokens']);
    expect(comparedProbes(canary({ probes: ['logprobs', 'shape', 'ratelimit'] }))).toEqual(['identity', 'tokens', 'logprobs']);
  });

  it('finds nothing between two members answering alike', () => {
    expect(compareWindows({ canary: ctx.canary, ctx, mine: observations(3), peer: peerWindow({}) })).toEqual([]);
  });

  it('reports another echoed model id and another input token count for the same prompt, exactly', () => {
    const mine = observations(3, { modelReported: 'gpt-4o-mini-ft-acme', usage: usage({ input: 64, total: 65 }) });
    const tests = compareWindows({ canary: ctx.canary, ctx, mine, peer: peerWindow({}) });
    expect(tests.map((t) => `${t.probe}:${t.kind}`)).toEqual(['identity:identity.model_changed', 'tokens:tokens.input_changed']);
    expect(tests[0]).toMatchObject({ before: ['gpt-4o-mini-2024-07-18'], after: 'gpt-4o-mini-ft-acme' });
  });

  it('leaves a fingerprint of its own informational, as the identity probe does', () => {
    expect(compareWindows({ canary: ctx.canary, ctx, mine: observations(3, { fingerprint: 'fp_b' }), peer: peerWindow({}) })).toEqual([]);
  });
});

describe('who moved (src/runtime/engine/tenants/divergence.ts)', () => {
  it('names the member that also fired against its own baseline while the peer did not', () => {
    const draft = judge(US, true, [peer(EU, true)]);
    expect(draft).toMatchObject({ kind: 'identity.tenant_divergence', severity: 'warning', subject: 'gpt-4o-mini', evidence: { moved: US, peers: [EU], pValue: 1e-4 } });
    expect(draft?.summary).toBe(
      `${US} moved away from sameAs group gpt-4o-mini: on logprob-tracking it no longer answers like ${EU} (first-token logprobs moved), and only ${US} also differs from its own baseline`,
    );
  });

  it('leaves the report to the peer whose own probes fired: the run of the member that did not move stays silent', () => {
    expect(judge(EU, false, [peer(US, true, true)])).toBeNull();
  });

  it('names the odd one out of three when no member differs from its own baseline', () => {
    expect(judge(US, false, [peer(EU, true), peer(AP, true)])).toMatchObject({ evidence: { moved: US, peers: [EU, AP] } });
    expect(judge(EU, false, [peer(US, true), peer(AP, false)])).toBeNull();
    expect(judge(AP, false, [peer(US, true), peer(EU, false)])).toBeNull();
  });

  it('names the pair of a two-member group without history, once: only its lexicographically first member reports', () => {
    const first = judge(EU, false, [peer(US, true)]);
    expect(first).toMatchObject({ evidence: { moved: null, peers: [US] } });
    expect(first?.summary).toMatch(/^acme-eu\/gpt-4o-mini and acme-us\/gpt-4o-mini \(sameAs group gpt-4o-mini\) no longer answer alike on logprob-tracking .*the baseline history does not show which one moved$/);
    expect(judge(US, false, [peer(EU, true)])).toBeNull();
  });

  it('raises nothing while the members agree, whatever their own probes say (a change for everyone is no divergence)', () => {
    expect(judge(US, true, [peer(EU, false, true), peer(AP, false, true)])).toBeNull();
    expect(judge(US, false, [])).toBeNull();
  });
});
