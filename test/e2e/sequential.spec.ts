/**
 * Sequential sampling inside a cycle (docs/statistics.md#sequential-sampling), end to end: one
 * `tripline check` of a statistical canary against the simulator sends its requests in batches and
 * stops as soon as the evidence decides, either way. Requests are counted at the simulator.
 *
 * Suspicions are confirmed 1 s later in the same check (`evaluation.confirmAfter`); the
 * confirmation run sends the moved items first, so it too stops after a request or two.
 *
 * | canary            | planned | quiet check           | drifting check (scenario), confirmation included |
 * | ----------------- | ------- | --------------------- | ------------------------------------------------ |
 * | calibration-mcq   | 100     | stops for no change   | calibration-rescale: ≤ 6 requests, reported      |
 * | logprob-tracking  | 10      | all 10 (change only)  | model-repointed: ≤ 4 requests, reported          |
 * | reproducibility-  | 17      | stops for no change   | seed-lost: all 17, and 17 more to confirm,       |
 * | seeded            |         |                       | reported (no early stop for a change)            |
 * | length-verbosity  | 56      | stops for no change   | (verbosity-shift: bench/detection)               |
 * | border-inputs     | 320     | thin round: about 80  | (partial swap without logprobs: bench/detection) |
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { runCli } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { actionable, checkInProcess, cloneWorkspace, findingsOf, readSnapshotJson, removeClones, WIRING_OPTIONS } from './statistical-support.js';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const TARGET = 'sim/gpt-4o-mini';
const BORDER_TARGET = 'an/claude-haiku-4-5';
const env = { SIM_API_KEY: 'sk-test-e2e-sequential' };
const check = (ws: Workspace) => runCli(['check', '--json', '--no-alerts', '--config', ws.configPath], { env });

describe('e2e: a statistical canary stops early, quiet or drifting (requests counted at the simulator)', () => {
  let sim: Sim;
  const base: Record<string, Workspace> = {};

  /** Requests the simulator received while `fn` ran. */
  const counted = async <T>(fn: () => Promise<T>): Promise<{ result: T; requests: number }> => {
    const before = sim.generations();
    const result = await fn();
    return { result, requests: sim.generations() - before };
  };

  /** `n` quiet checks of a copy of the canary's workspace (the first through the built CLI), each reporting nothing; the requests each sent. */
  const quietChecks = async (canary: string, n: number): Promise<number[]> => {
    sim.setScenarios(['none']);
    const ws = cloneWorkspace(base[canary]!);
    const spent: number[] = [];
    for (let i = 0; i < n; i++) {
      const { result, requests } = await counted(() => (i === 0 ? check(ws) : checkInProcess(ws, env)));
      expect(result.code, result.stderr).toBe(0);
      expect(actionable(findingsOf(result))).toEqual([]);
      spent.push(requests);
    }
    return spent;
  };

  beforeAll(async () => {
    sim = await startSimulator({ seed: 515 });
    for (const canary of ['calibration-mcq', 'logprob-tracking', 'reproducibility-seeded', 'length-verbosity']) {
      const ws = makeWorkspace({
        config: {
          providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', timeout: 10_000, maxRetries: 1 } },
          targets: [TARGET],
          alerts: { channels: [{ type: 'console' }] },
          evaluation: { confirmAfter: '1s' },
        },
        shippedCanaries: [`${canary}.yaml`],
      });
      const recorded = await runCli(['baseline', '--cycles', '10', '--config', ws.configPath], { env, timeoutMs: 120_000 });
      expect(recorded.code, recorded.stderr).toBe(0);
      base[canary] = ws;
    }
    // Border inputs run where answers carry no logprobs: an Anthropic-format target.
    const border = makeWorkspace({
      config: {
        providers: { an: { type: 'anthropic', baseUrl: sim.url, apiKey: '${SIM_API_KEY}', timeout: 10_000, maxRetries: 1 } },
        targets: [BORDER_TARGET],
        alerts: { channels: [{ type: 'console' }] },
        evaluation: { confirmAfter: '1s' },
      },
      shippedCanaries: ['border-inputs.yaml'],
    });
    const recorded = await runCli(['baseline', '--cycles', '10', '--config', border.configPath], { env, timeoutMs: 120_000 });
    expect(recorded.code, recorded.stderr).toBe(0);
    base['border-inputs'] = border;
  }, 300_000);

  afterAll(async () => {
    await sim.close();
    removeClones();
    for (const ws of Object.values(base)) rmSync(ws.dir, { recursive: true, force: true });
  });

  it('a baseline sends every request (100 per calibration cycle): sequential stops are for checks only', async () => {
    const ws = cloneWorkspace(base['calibration-mcq']!);
    const { requests } = await counted(() => runCli(['baseline', '--cycles', '1', '--config', ws.configPath], { env, timeoutMs: 60_000 }));
    expect(requests).toBe(100);
  }, 90_000);

  it('quiet calibration-mcq: each of 5 checks stops for "no change" well before its 100 requests and reports nothing', async () => {
    const spent = await quietChecks('calibration-mcq', 5);
    for (const n of spent) expect(n).toBeLessThan(100);
    expect(spent.reduce((a, b) => a + b, 0) / spent.length).toBeLessThanOrEqual(70);
  }, 120_000);

  it('calibration-rescale: one check stops after a few requests, confirms with one or two more, and reports calibration.shift', async () => {
    const ws = cloneWorkspace(base['calibration-mcq']!);
    sim.setScenarios(['calibration-rescale']);
    try {
      const { result, requests } = await counted(() => check(ws));
      expect(requests).toBeLessThanOrEqual(6);
      expect(actionable(findingsOf(result))).toEqual(['calibration-mcq:calibration.shift']);
      const finding = findingsOf(result).find((f) => f.kind === 'calibration.shift')!;
      expect(finding.evidence).toMatchObject({ sequential: { answers: expect.any(Number) }, before: { ece: expect.any(Number), brier: expect.any(Number) } });
    } finally {
      sim.setScenarios(['none']);
    }
  }, 90_000);

  it('logprob-tracking: a quiet check sends its 10 calls (no early "no change"); model-repointed is decided and confirmed within 4 calls', async () => {
    const ws = cloneWorkspace(base['logprob-tracking']!);
    sim.setScenarios(['none']);
    const quiet = await counted(() => checkInProcess(ws, env));
    expect(actionable(findingsOf(quiet.result))).toEqual([]);
    expect(quiet.requests).toBe(10);
    sim.setScenarios(['model-repointed']);
    try {
      const drifted = await counted(() => check(ws));
      expect(drifted.requests).toBeLessThanOrEqual(4);
      expect(actionable(findingsOf(drifted.result))).toContain('logprob-tracking:identity.behavior_shift');
    } finally {
      sim.setScenarios(['none']);
    }
  }, 90_000);

  it('quiet reproducibility-seeded: 5 checks report nothing and stop for "no change" after about 8 of 17 requests (a cycle with two divergences among 16 is sent whole)', async () => {
    sim.setScenarios(['none']);
    const ws = cloneWorkspace(base['reproducibility-seeded']!);
    const spent: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { result, requests } = await counted(() => checkInProcess(ws, env));
      expect(actionable(findingsOf(result))).toEqual([]);
      spent.push(requests);
    }
    expect(spent.filter((n) => n < 17).length).toBeGreaterThanOrEqual(3);
    expect(spent.reduce((a, b) => a + b, 0) / spent.length).toBeLessThanOrEqual(12);
  }, 90_000);

  it('seed-lost: the check is sent whole (no early stop for a change), confirmed by a second whole run, and reports reproducibility.degraded', async () => {
    const ws = cloneWorkspace(base['reproducibility-seeded']!);
    sim.setScenarios(['seed-lost'], WIRING_OPTIONS);
    try {
      const { result, requests } = await counted(() => check(ws));
      expect(requests).toBe(34);
      expect(actionable(findingsOf(result))).toContain('reproducibility-seeded:reproducibility.degraded');
    } finally {
      sim.setScenarios(['none']);
    }
  }, 90_000);

  it('a check while the pool is still young (warm-up: fewer than evaluation.warmupCycles cycles) sends everything, since it grows the pool', async () => {
    sim.setScenarios(['none']);
    const ws = makeWorkspace({
      config: {
        providers: { an: { type: 'anthropic', baseUrl: sim.url, apiKey: '${SIM_API_KEY}', timeout: 10_000, maxRetries: 1 } },
        targets: [BORDER_TARGET],
        alerts: { channels: [{ type: 'console' }] },
      },
      shippedCanaries: ['border-inputs.yaml'],
    });
    try {
      const recorded = await runCli(['baseline', '--cycles', '2', '--config', ws.configPath], { env, timeoutMs: 60_000 });
      expect(recorded.code, recorded.stderr).toBe(0);
      const { result, requests } = await counted(() => checkInProcess(ws, env));
      expect(result.code, result.stderr).toBe(0);
      expect(requests).toBe(320);
      expect(readSnapshotJson(ws, BORDER_TARGET, 'border-inputs').collection.cycles).toBe(3);
    } finally {
      rmSync(ws.dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('quiet length-verbosity: 10 checks report nothing, and most stop for "no change" before their 56 requests (the bench measures 34.8 on average; some quiet cycles are sent whole)', async () => {
    sim.setScenarios(['none']);
    const ws = cloneWorkspace(base['length-verbosity']!);
    const spent: number[] = [];
    for (let i = 0; i < 10; i++) {
      const { result, requests } = await counted(() => checkInProcess(ws, env));
      expect(actionable(findingsOf(result))).toEqual([]);
      spent.push(requests);
    }
    // A quiet cycle is sent whole when its answers leave the design change plausible (about one in
    // five on this pool): 3 early stops of 10 fail by chance less than once in 500 runs.
    expect(spent.filter((n) => n < 56).length, spent.join(', ')).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('quiet border-inputs (no logprobs): 5 checks report nothing and send well under half of their 320 requests (every prompt thinly, last cycle\'s suspects whole)', async () => {
    const spent = await quietChecks('border-inputs', 5);
    // Each prompt gets its 3 thin answers; a suspect from the cycle before gets all 16.
    for (const n of spent) expect(n, spent.join(', ')).toBeGreaterThanOrEqual(60);
    expect(spent.reduce((a, b) => a + b, 0) / spent.length, spent.join(', ')).toBeLessThan(160);
  }, 120_000);
});
