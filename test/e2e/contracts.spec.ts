import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { parseFindings, runCli, type CliResult } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { baselineInProcess, checkInProcess } from './statistical-support.js';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const TARGETS = {
  chat: 'oa/gpt-4o-mini',
  responses: 'oar/gpt-4o-mini',
  anthropic: 'an/claude-sonnet-4-5',
  gemini: 'gm/gemini-2.5-flash',
  compat: 'compat/llama-3.1-8b',
} as const;
const env = { SIM_KEY: 'sk-test-contracts-0a1b2c3d' };
/** The streamed canary and two that every target already runs (rate-limit headers, echoes, account). */
const SHIPPED = ['stream-shape.yaml', 'identity.yaml', 'tokens-short.yaml'];

function workspace(sim: Sim): Workspace {
  const common = { apiKey: '${SIM_KEY}', timeout: 5000, maxRetries: 1 };
  return makeWorkspace({
    config: {
      providers: {
        oa: { type: 'openai', baseUrl: `${sim.url}/v1`, ...common },
        oar: { type: 'openai', api: 'responses', baseUrl: `${sim.url}/v1`, ...common },
        an: { type: 'anthropic', baseUrl: sim.url, ...common },
        gm: { type: 'gemini', baseUrl: `${sim.url}/v1beta`, ...common },
        compat: { type: 'openai-compatible', baseUrl: `${sim.url}/v1`, ...common },
      },
      targets: Object.values(TARGETS),
      // Confirmation over consecutive checks (cycles), as the acceptance counts them.
      evaluation: { confirmAfter: 'off' },
    },
    shippedCanaries: SHIPPED,
  });
}

/**
 * `check --json --no-alerts` through the built CLI, or (spawned: false) the same runCheck in this
 * process: the first quiet cycle and every scenario's reporting cycles spawn the CLI; the other
 * quiet cycles, each scenario's first cycle (held back by confirmCycles 2) and the re-baselines
 * that accept a scenario run in process, without a Node start and a load of dist/ each.
 */
const check = (ws: Workspace, spawned = true): Promise<CliResult> =>
  spawned ? runCli(['check', '--json', '--no-alerts', '--config', ws.configPath], { env }) : checkInProcess(ws, env);
const actionable = (result: CliResult): { kind: string; target: string; canary?: string }[] =>
  parseFindings(result)
    .filter((f) => f.severity !== 'info')
    .map((f) => ({ kind: f.kind, target: f.target, ...(f.canary ? { canary: f.canary } : {}) }));

describe('e2e: stream shape, rate-limit windows, echoed settings and the account (issue 20, items 3-5)', () => {
  let sim: Sim;
  let ws: Workspace;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 11 });
    ws = workspace(sim);
    const baseline = await runCli(['baseline', '--config', ws.configPath], { env });
    expect(baseline.code, baseline.stdout + baseline.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await sim.close();
  });

  it('quiet cycles report nothing on any of the five targets', async () => {
    sim.setScenarios(['none']);
    for (let i = 0; i < 3; i++) {
      const result = await check(ws, i === 0);
      expect(actionable(result), `cycle ${i}`).toEqual([]);
      expect(result.code).toBe(0);
    }
  }, 120_000);

  // Each scenario is reported within 3 cycles (2 with the default confirmCycles) on each named
  // target, and no check raises a kind outside the scenario's own.
  it.each([
    ['stream-usage-dropped', 'shape.stream_usage_missing', Object.values(TARGETS)],
    ['stream-events-reordered', 'shape.stream_events_changed', [TARGETS.chat, TARGETS.responses, TARGETS.anthropic, TARGETS.compat]],
    ['ratelimit-window-day', 'ratelimit.window_changed', [TARGETS.chat, TARGETS.responses, TARGETS.anthropic, TARGETS.compat]],
    ['default-top-p-changed', 'defaults.changed', [TARGETS.responses]],
    ['account-moved', 'identity.account_changed', [TARGETS.chat, TARGETS.responses, TARGETS.anthropic, TARGETS.compat]],
  ])('%s is reported as %s within 3 cycles, and nothing else', async (scenario, kind, targets) => {
    sim.setScenarios([scenario]);
    try {
      const seen = new Set<string>();
      let cycles = 0;
      while (cycles < 3 && !targets.every((t) => seen.has(t))) {
        const result = await check(ws, cycles > 0);
        cycles += 1;
        for (const f of actionable(result)) {
          expect(f.kind, `cycle ${cycles}: ${JSON.stringify(f)}`).toBe(kind);
          seen.add(f.target);
        }
        if (targets.every((t) => seen.has(t))) expect(result.code).toBe(1);
      }
      expect([...seen].sort()).toEqual(expect.arrayContaining([...targets].sort()));
    } finally {
      sim.setScenarios(['none']);
    }
    // Accept the change, as the action says, so that the next scenario starts from a clean baseline.
    const accepted = await baselineInProcess(ws, env);
    expect(accepted.code, accepted.stderr).toBe(0);
  }, 120_000);
});
