import { describe, expect, it } from 'vitest';
import { createLengthProbe } from '../../src/probes/length/create.js';
import { isCapped, observedCap } from '../../src/probes/length/detector.js';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { createRng, randomNormal, type Rng } from '../../src/stats/prng.js';
import { at, canary, context, obs } from '../stats/support/synthetic.js';

const probe = createLengthProbe();
const verbosity = canary({ request: { messages: [{ role: 'user', content: 'Explain TCP.' }], params: { maxTokens: 1024 } }, samples: 10 });
const implicit = canary({ request: { messages: [{ role: 'user', content: 'Write a very long essay.' }] }, samples: 2 });

/** Verbose answers: log-normal token counts around `median`, cut at 1024. */
function verbose(c: number, rng: Rng, median = 300, n = 10): SuccessObservation[] {
  return Array.from({ length: n }, (_, s) => {
    const raw = Math.round(median * Math.exp(0.35 * randomNormal(rng)));
    const output = Math.min(raw, 1024);
    return obs({ sample: s, timestamp: at(c, s), finishReason: raw >= 1024 ? 'length' : 'stop', usage: { input: 12, output, cached: null, reasoning: null, total: 12 + output } });
  });
}

/** Answers to a prompt that always runs into the implicit cap. */
function capped(c: number, cap: number, n = 2, finishReason = 'length'): SuccessObservation[] {
  return Array.from({ length: n }, (_, s) =>
    obs({ sample: s, timestamp: at(c, s), finishReason, usage: { input: 15, output: cap, cached: null, reasoning: null, total: 15 + cap } }),
  );
}

describe('src/probes/length', () => {
  const ctx = context(verbosity, 0.01);
  const pool = Array.from({ length: 14 }, (_, c) => verbose(c, createRng(100 + c))).flat();
  const summary = probe.summarize(pool, ctx);
  const capPool = Array.from({ length: 14 }, (_, c) => capped(c, 4096)).flat();
  const capCtx = context(implicit, 0.01);
  const capSummary = probe.summarize(capPool, capCtx);

  it('recognises capped answers across providers and the effective cap', () => {
    expect(['length', 'max_tokens', 'MAX_TOKENS', 'stop'].map((f) => isCapped({ finishReason: f }))).toEqual([true, true, true, false]);
    expect(observedCap(capPool)).toBe(4096);
    expect(capSummary.cap).toBe(4096);
  });

  it.each([
    ['no drift', 300, []],
    ['outputs 1.6× longer', 480, ['tokens.output_shift']],
    ['outputs half as long', 150, ['tokens.output_shift']],
  ])('verbosity: %s → %j', (_, median, kinds) => {
    const r = probe.evaluate({ baseline: { summary, samples: pool }, current: verbose(500, createRng(7), median), state: null, ctx });
    expect(r.findings.map((f) => f.kind)).toEqual(kinds);
  });

  it('a verbosity finding carries the mean test with its share of α and says which way outputs moved', () => {
    const r = probe.evaluate({ baseline: { summary, samples: pool }, current: verbose(500, createRng(7), 480), state: null, ctx });
    const f = r.findings.find((x) => x.kind === 'tokens.output_shift')!;
    expect(f.summary).toMatch(/^outputs got longer: mean [\d.]+ → [\d.]+ tokens, median [\d.]+ → [\d.]+ \(permutation p /);
    expect(f.evidence.pMean).toBeLessThanOrEqual(0.9 * 0.8 * 0.01);
    expect(f.evidence.pValue).toBeCloseTo(Math.min(1, (f.evidence.pMean as number) / 0.8, (f.evidence.pMannWhitney as number) / 0.1, (f.evidence.pKs as number) / 0.1), 12);
    expect(r.metrics.pMean).toBe(f.evidence.pMean);
  });

  it.each([
    ['same implicit cap', capped(500, 4096), []],
    ['implicit cap raised to 8192', capped(500, 8192), ['cap']],
    ['answers now end before the cap, past the old one', capped(500, 5000, 2, 'stop'), ['cap']],
    ['implicit cap lowered to 1024', capped(500, 1024), ['cap']],
  ])('implicit cap: %s → %j', (_, current, subjects) => {
    const r = probe.evaluate({ baseline: { summary: capSummary, samples: capPool }, current, state: null, ctx: capCtx });
    expect(r.findings.filter((f) => f.kind === 'tokens.output_cap_changed').map((f) => f.subject)).toEqual(subjects);
  });

  it('answers the client-side cap stopped past the old cap mean the cap was raised; answers now capped below it mean it was lowered', () => {
    const clientStopped = (c: number, at: number): SuccessObservation[] => capped(c, at, 2, 'client_cap');
    const raised = probe.evaluate({ baseline: { summary: capSummary, samples: capPool }, current: clientStopped(500, 5120), state: null, ctx: capCtx });
    const cap = raised.findings.find((f) => f.kind === 'tokens.output_cap_changed')!;
    expect(cap.summary).toBe("the effective output cap moved: 4096 → above 5120 (answers ran past the old cap until tripline's client-side cap stopped them) tokens");
    // A pool the client cap always stopped (the default is above it): a provider cap showing up is news.
    const stoppedPool = Array.from({ length: 14 }, (_, c) => clientStopped(c, 8192)).flat();
    const s = probe.summarize(stoppedPool, capCtx);
    expect(s.cap).toBeNull();
    const lowered = probe.evaluate({ baseline: { summary: s, samples: stoppedPool }, current: capped(500, 2048), state: null, ctx: capCtx });
    expect(lowered.findings.filter((f) => f.kind === 'tokens.output_cap_changed').map((f) => f.summary)).toEqual(['the effective output cap moved: above 8192 (the client cap) → 2048 tokens']);
    const same = probe.evaluate({ baseline: { summary: s, samples: stoppedPool }, current: clientStopped(500, 8192), state: null, ctx: capCtx });
    expect(same.findings.filter((f) => f.kind === 'tokens.output_cap_changed')).toEqual([]);
  });

  it('a capped-rate change without a cap value raises capped_rate', () => {
    const mostlyCapped = Array.from({ length: 14 }, (_, c) => [...capped(c, 4096, 9), ...capped(c + 0.5, 900, 1, 'stop').map((o) => ({ ...o, sample: 9, timestamp: at(c, 9) }))]).flat();
    const current = Array.from({ length: 10 }, (_, s) => obs({ sample: s, timestamp: at(500, s), finishReason: 'stop', usage: { input: 15, output: 3000, cached: null, reasoning: null, total: 0 } }));
    const s = probe.summarize(mostlyCapped, capCtx);
    const r = probe.evaluate({ baseline: { summary: s, samples: mostlyCapped }, current, state: null, ctx: capCtx });
    expect(r.findings.map((f) => f.subject)).toContain('capped_rate');
  });

  it('A/A false-alarm rate on a no-drift pool is about α', () => {
    const big = Array.from({ length: 50 }, (_, c) => verbose(c, createRng(1000 + c))).flat();
    const s = probe.summarize(big, context(verbosity, 0.02));
    expect(s.aaWindows).toBe(50);
    expect(s.aaFalseAlarmRate).toBeLessThanOrEqual(0.04);
  });
});
