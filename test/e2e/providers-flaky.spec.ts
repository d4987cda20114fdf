import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBaseline } from '../../src/commands/baseline.js';
import { runCheck } from '../../src/commands/check.js';
import { startSimulator } from '../../src/simulator/index.js';
import { startCountingProxy, type CountingProxy } from '../support/counting-proxy.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const CYCLES = 20;
/** Kinds an unreliable provider must never raise: it is unavailable, not drifting. */
const DRIFT = /^(shape|tokens|identity|ratelimit|defaults)\./;

/** A Writable that keeps what is written. */
function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(w, { text: () => chunks.join('') });
}

function workspace(sim: { url: string }): Workspace {
  // Client timeout 1 s below the simulator's 1.5 s stall; maxRetries as in the default config (2).
  const common = { apiKey: 'sk-flaky-test', timeout: 1000 };
  return makeWorkspace({
    config: {
      providers: {
        oa: { type: 'openai', baseUrl: `${sim.url}/v1`, ...common },
        an: { type: 'anthropic', baseUrl: sim.url, ...common },
        gm: { type: 'gemini', baseUrl: `${sim.url}/v1beta`, ...common },
        compat: { type: 'openai-compatible', baseUrl: `${sim.url}/v1`, ...common },
        az: { type: 'azure-openai', baseUrl: sim.url, apiVersion: '2024-10-21', ...common },
      },
      targets: ['oa/gpt-4o-mini', 'an/claude-sonnet-4-5', 'gm/gemini-2.5-flash', 'compat/llama-3.1-8b', 'az/gpt-4o-mini'],
    },
    shippedCanaries: ['tokens-short.yaml', 'identity.yaml'],
  });
}

describe('e2e: a flaky provider (10% 500s, stalls past the timeout, 429 with Retry-After) is never drift', () => {
  let sim: Sim;
  let proxy: CountingProxy;
  let ws: Workspace;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 11 });
    proxy = await startCountingProxy(sim.url);
    ws = workspace(proxy);
    const out = sink();
    const code = await runBaseline({ configPath: ws.configPath, out, err: sink(), cycles: 1, json: true });
    expect(code, out.text()).toBe(0);
  });
  afterAll(async () => {
    await proxy.close();
    await sim.close();
  });

  it(`${CYCLES} check cycles raise no shape, token, identity, ratelimit or defaults finding`, { timeout: 90_000 }, async () => {
    sim.setScenarios(['flaky'], { flakyRate: 0.1, hangMs: 1500 });
    proxy.counts.statuses = {};
    proxy.counts.abandoned = 0;
    const kinds = new Map<string, number>();
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const out = sink();
      const err = sink();
      const code = await runCheck({ configPath: ws.configPath, out, err, json: true, alerts: false, deprecations: false });
      const findings = JSON.parse(out.text()) as { kind: string; target: string; summary: string }[];
      for (const f of findings) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
      const drift = findings.filter((f) => DRIFT.test(f.kind));
      expect(drift, `cycle ${cycle}: ${err.text()}`).toEqual([]);
      expect([0, 2], `cycle ${cycle}`).toContain(code);
    }
    sim.setScenarios(['none']);
    // The failures really happened: 500s, 429s and stalls the client timed out on.
    const { statuses, abandoned } = proxy.counts;
    expect(statuses[500] ?? 0, JSON.stringify(proxy.counts)).toBeGreaterThan(0);
    expect(statuses[429] ?? 0, JSON.stringify(proxy.counts)).toBeGreaterThan(0);
    expect(abandoned, JSON.stringify(proxy.counts)).toBeGreaterThan(0);
    // Everything raised is availability (allowed) or informational.
    for (const kind of kinds.keys()) expect(kind).toMatch(/^(availability\.|baseline\.recorded$)/);
  });
});
