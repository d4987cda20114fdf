import { describe, expect, it } from 'vitest';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { latency } from '../../src/probes/latency/index.js';
import { quantileShift } from '../../src/probes/latency/quantile-shift.js';
import { toSampleRecord } from '../../src/snapshots/build.js';
import { createRng, randomNormal, type Rng } from '../../src/stats/prng.js';
import { at, canary, context, obs } from '../stats/support/synthetic.js';

const latencyCanary = canary({ request: { messages: [{ role: 'user', content: 'Count to ten.' }], params: { maxTokens: 24, stream: true } }, samples: 40 });
const ctx = context(latencyCanary, 0.001);

interface Shape {
  /** Multiplies every server time. */
  factor?: number;
  /** This share of requests is `slowFactor` times slower. */
  slowShare?: number;
  slowFactor?: number;
  /** Extra client-side time (the monitor's network), ms. */
  networkMs?: number;
  /** Send the server timing header (else only the client's total is known). */
  header?: boolean;
}

/** Heavy-tailed server times around 400 ms (lognormal body, 3% Pareto tail), streamed: the first byte at 30%. */
function cycle(c: number, rng: Rng, s: Shape = {}): SuccessObservation[] {
  return Array.from({ length: 40 }, (_, i) => {
    let server = 400 * Math.exp(0.3 * randomNormal(rng));
    if (rng() < 0.03) server *= 1.5 / Math.pow(1 - rng(), 1 / 2.5);
    if (s.slowShare && rng() < s.slowShare) server *= s.slowFactor ?? 1;
    server = Math.round(server * (s.factor ?? 1));
    const net = 20 + (s.networkMs ?? 0);
    const header = s.header ?? true;
    return obs({
      sample: i,
      timestamp: at(c, i),
      latencyMs: server + net + 40,
      usage: { input: 12, output: 20, cached: 0, reasoning: 0, total: 32 },
      timing: { firstByteMs: Math.round(server * 0.3) + net, serverMs: header ? server : null, serverHeader: header ? 'openai-processing-ms' : null },
    });
  });
}

function baselineOf(s: Shape = {}, seed = 1) {
  const rng = createRng(seed);
  const pool = Array.from({ length: 10 }, (_, c) => cycle(c, rng, s)).flat();
  return { summary: latency.summarize(pool, ctx), samples: pool.map(toSampleRecord) };
}

const baseline = baselineOf();
const subjects = (current: SuccessObservation[], b = baseline, c = ctx) => latency.evaluate({ baseline: b, current, state: null, ctx: c }).findings.map((f) => f.subject);
/** How many of `n` cycles raise a candidate with this subject. */
const firing = (s: Shape, subject: string, n = 10, seed = 99) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => subjects(cycle(20 + i, rng, s)).includes(subject)).filter(Boolean).length;
};

describe('src/probes/latency', () => {
  it('summarizes the pool as distributions: server-side total (from the timing header), first byte, tokens per second, A/A rate', () => {
    expect(baseline.summary).toMatchObject({ basis: 'server', serverHeader: 'openai-processing-ms', total: { n: 400 }, firstByte: { n: 400 }, aaWindows: 10, aaFalseAlarmRate: 0 });
    expect(baseline.summary.total.median!).toBeGreaterThan(350);
    expect(baseline.summary.total.median!).toBeLessThan(450);
    expect(baseline.summary.total.p95!).toBeGreaterThan(baseline.summary.total.median! * 1.4);
    expect(baseline.summary.tokensPerSecond).toBeGreaterThan(0);
  });

  it('heavy tails alone raise nothing over 40 quiet cycles', () => {
    expect(firing({}, 'total.median', 40, 7) + firing({}, 'total.p95', 40, 7) + firing({}, 'first_byte.median', 40, 7)).toBe(0);
  });

  it('latency tripled is latency.shift on the total median, slower, with the factor, both medians and the A/A rate', () => {
    const r = latency.evaluate({ baseline, current: cycle(20, createRng(3), { factor: 3 }), state: null, ctx });
    expect(r.findings.map((f) => [f.kind, f.subject])).toEqual([['latency.shift', 'total.median']]);
    expect(r.findings[0]!.evidence).toMatchObject({ direction: 'slower', mode: 'median_up', series: 'total', factor: 2, basis: 'server', serverHeader: 'openai-processing-ms', nominalAlpha: 0.001, aaWindows: 10 });
    expect(r.findings[0]!.summary).toMatch(/^median server processing time \(openai-processing-ms\) slower: \d[\d,]* ms → \d[\d,]* ms \(\d+\/40 requests beyond 2× the baseline median/);
    expect(r.metrics.medianLatencySeconds!).toBeGreaterThan(1);
  });

  it('a tail on one request in five (median unchanged) is latency.shift on the p95', () => {
    expect(firing({ slowShare: 0.2, slowFactor: 8 }, 'total.p95')).toBeGreaterThanOrEqual(8);
    expect(firing({ slowShare: 0.2, slowFactor: 8 }, 'total.median')).toBe(0);
  });

  it('both the factor and the test must hold: a 1.5x slowdown is significant but not past 2x, and raises nothing', () => {
    const rng = createRng(4);
    const x = cycle(20, rng, { factor: 1.5 }).map((o) => o.timing!.serverMs!);
    const y = baseline.samples.map((s) => s.timing!.serverMs!);
    const o = quantileShift(x, y, 2)!;
    expect(o.checks.find((c) => c.mode === 'median_up')!.factorHolds).toBe(false);
    expect(firing({ factor: 1.5 }, 'total.median')).toBe(0);
  });

  it('the factor is configurable (evaluation.latencyFactor): at 4x a tripled latency raises nothing', () => {
    const at4 = { ...ctx, latencyFactor: 4 };
    expect(subjects(cycle(20, createRng(6), { factor: 3 }), baseline, at4)).toEqual([]);
  });

  it('much faster is latency.shift too (another serving path or a smaller model)', () => {
    const r = latency.evaluate({ baseline, current: cycle(20, createRng(8), { factor: 0.25 }), state: null, ctx });
    expect(r.findings.map((f) => [f.subject, f.evidence.direction])).toEqual([['total.median', 'faster']]);
  });

  it('the monitor\'s own network slowing down moves only the client-side first byte: the total is judged on the server header', () => {
    // +2 s on the client side: the total (server-side) does not move; the time to first token does.
    expect(subjects(cycle(20, createRng(10), { networkMs: 2000 }))).toEqual(['first_byte.median']);
    // A small network wobble (+60 ms) moves nothing past 2x.
    expect(subjects(cycle(20, createRng(11), { networkMs: 60 }))).toEqual([]);
  });

  it('without a timing header the client total is judged, with a floor that keeps loopback-fast series quiet', () => {
    const client = baselineOf({ header: false }, 2);
    expect(client.summary).toMatchObject({ basis: 'client', serverHeader: null });
    expect(subjects(cycle(20, createRng(12), { header: false, factor: 3 }), client)).toEqual(['total.median']);
    const fast = [1, 2, 2, 3, 1, 2, 3, 2, 1, 2];
    expect(quantileShift(fast.map((v) => v * 3), [...fast, ...fast, ...fast], 2)!.strongest).toBeNull();
  });
});
