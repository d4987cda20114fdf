/**
 * Issue 4 end to end: the shipped statistical canaries against the simulator (OpenAI wire format).
 * One `baseline --cycles 10` is shared by every test (its snapshots and state are copied):
 * 10 cycles give logprob-tracking its 100-sample pool, calibration 10 runs per item (≥ 5 needed),
 * reproducibility 200 samples, and every probe ≥ 5 cycles for its A/A replay; it also reaches
 * evaluation.warmupCycles (5), so checks do not grow the pool while a scenario is injected.
 *
 * | scenario                  | finding                       | cycles | other warning/critical kinds allowed |
 * | ------------------------- | ----------------------------- | ------ | ------------------------------------ |
 * | calibration-rescale       | calibration.shift             | 2      | none                                 |
 * | seed-lost                 | reproducibility.degraded      | 2      | none                                 |
 * | default-max-tokens-raised | tokens.output_cap_changed     | 2      | none                                 |
 * | verbosity-shift           | tokens.output_shift           | 2      | none                                 |
 * | partial-swap              | identity.behavior_shift       | 2 (calibration-mcq's most-moved item) | border-inputs/logprob-tracking behavior_shift |
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { runCli } from '../support/cli.js';
import { shippedRunsPerDay } from '../support/shipped-canaries.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import {
  STATISTICAL,
  actionable,
  checkInProcess,
  cloneWorkspace,
  findingsOf,
  readSnapshotJson,
  removeClones,
  WIRING_OPTIONS,
} from './statistical-support.js';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const TARGET = 'sim/gpt-4o-mini';
const BASELINE_CYCLES = 10;
const NO_DRIFT_CYCLES = 30;
/**
 * Of the no-drift cycles, this many run the built CLI in a child process; the rest call runCheck in
 * this process (checkInProcess). Likewise each scenario's first (held back) cycle runs in process
 * and its reporting cycle through the CLI.
 */
const SPAWNED_NO_DRIFT = 1;
const env = { SIM_API_KEY: 'sk-test-e2e-statistical' };
const PROBE_OF: Record<string, string> = {
  'calibration-mcq': 'calibration',
  'logprob-tracking': 'logprobs',
  'reproducibility-seeded': 'reproducibility',
  'length-verbosity': 'length',
  'length-implicit-cap': 'length',
  'border-inputs': 'behavior',
};

const check = (ws: Workspace) => runCli(['check', '--json', '--no-alerts', '--config', ws.configPath], { env });

describe('e2e: statistical probes through `tripline check --json` (simulator, OpenAI wire format)', () => {
  let sim: Sim;
  let base: Workspace;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 4242 });
    sim.setScenarios(['none']);
    base = makeWorkspace({
      config: {
        providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', timeout: 10_000, maxRetries: 1 } },
        targets: [TARGET],
        alerts: { channels: [{ type: 'console' }] },
        // The old rule (two consecutive scheduled cycles); confirm-on-suspicion.spec covers confirmAfter.
        evaluation: { confirmAfter: 'off' },
      },
      shippedCanaries: STATISTICAL,
    });
    const result = await runCli(['baseline', '--cycles', String(BASELINE_CYCLES), '--config', base.configPath], { env, timeoutMs: 240_000 });
    expect(result.code, result.stderr).toBe(0);
  }, 250_000);

  afterAll(async () => {
    await sim.close();
    removeClones();
    rmSync(base.dir, { recursive: true, force: true });
  });

  it('baseline --cycles 10 pools every cycle and stores the A/A self-check in each snapshot summary', () => {
    for (const [canary, probe] of Object.entries(PROBE_OF)) {
      const snap = readSnapshotJson(base, TARGET, canary);
      expect(snap.collection.cycles, canary).toBe(BASELINE_CYCLES);
      expect(snap.samples.length, canary).toBe(snap.collection.samples);
      const summary = snap.probes[probe]!;
      expect(summary.aaWindows, `${canary} A/A windows`).toBeGreaterThanOrEqual(5);
      expect(summary.aaFalseAlarmRate, `${canary} A/A rate`).toBeLessThanOrEqual(2 * 0.001);
    }
    expect(readSnapshotJson(base, TARGET, 'logprob-tracking').samples.length).toBeGreaterThanOrEqual(100);
    expect(readSnapshotJson(base, TARGET, 'calibration-mcq').probes.calibration!.minRunsPerItem).toBeGreaterThanOrEqual(5);
    // 320 requests a cycle (baselines send everything): the pool keeps all 10 cycles (the old 500 cap kept 1.5).
    expect(readSnapshotJson(base, TARGET, 'border-inputs').samples.length).toBe(3200);
  });

  it(`${NO_DRIFT_CYCLES} no-drift cycles raise no warning or critical finding and exit 0`, async () => {
    sim.setScenarios(['none']);
    const ws = cloneWorkspace(base);
    for (let i = 0; i < NO_DRIFT_CYCLES; i++) {
      const result = i < SPAWNED_NO_DRIFT ? await check(ws) : await checkInProcess(ws, env);
      expect(actionable(findingsOf(result)), `cycle ${i + 1}`).toEqual([]);
      expect(result.code, `cycle ${i + 1}: ${result.stderr}`).toBe(0);
    }
  }, 150_000);

  it.each([
    ['calibration-rescale', 'calibration.shift', 'calibration-mcq'],
    ['seed-lost', 'reproducibility.degraded', 'reproducibility-seeded'],
    ['default-max-tokens-raised', 'tokens.output_cap_changed', 'length-implicit-cap'],
    ['verbosity-shift', 'tokens.output_shift', 'length-verbosity'],
  ])('%s raises %s on the second consecutive cycle, with the A/A result in its evidence', async (scenario, kind, canary) => {
    const ws = cloneWorkspace(base);
    sim.setScenarios([scenario], WIRING_OPTIONS);
    try {
      const first = await checkInProcess(ws, env);
      expect(actionable(findingsOf(first)), 'cycle 1 (persistence holds it back)').toEqual([]);
      const second = await check(ws);
      const findings = findingsOf(second);
      expect(actionable(findings), 'cycle 2').toEqual([`${canary}:${kind}`]);
      expect(second.code).toBe(1);
      const finding = findings.find((f) => f.kind === kind)!;
      expect(finding.evidence).toMatchObject({ nominalAlpha: 0.001, aaWindows: expect.any(Number), aaFalseAlarmRate: expect.any(Number) });
      expect(finding.evidence.aaWindows).toBeGreaterThanOrEqual(5);
    } finally {
      sim.setScenarios(['none']);
    }
  }, 60_000);

  it('default-max-tokens-raised costs at most 1.25x the old cap: the streamed answer is cut by the client at 640 of 4,096 tokens', async () => {
    const ws = cloneWorkspace(base);
    sim.setScenarios(['default-max-tokens-raised']);
    try {
      // Both cycles in process: the scenario's report through the CLI is the test above.
      await checkInProcess(ws, env);
      const second = await checkInProcess(ws, env);
      const finding = findingsOf(second).find((f) => f.kind === 'tokens.output_cap_changed' && f.canary === 'length-implicit-cap')!;
      expect(finding.summary).toMatch(/^the effective output cap moved: 512 → above 640 \(answers ran past the old cap until tripline's client-side cap stopped them\)/);
      expect(finding.evidence).toMatchObject({ before: 512, after: null, maxObserved: 640 });
    } finally {
      sim.setScenarios(['none']);
    }
  }, 60_000);

  it('partial-swap (5% of request hashes, sticky) raises identity.behavior_shift on the second cycle, naming the moved calibration items', async () => {
    const ws = cloneWorkspace(base);
    sim.setScenarios(['partial-swap']);
    const allowed = new Set(['border-inputs:identity.behavior_shift', 'logprob-tracking:identity.behavior_shift', 'calibration-mcq:identity.behavior_shift']);
    try {
      const first = await checkInProcess(ws, env);
      expect(actionable(findingsOf(first)), 'cycle 1 (persistence holds it back)').toEqual([]);
      const second = await check(ws);
      const kinds = actionable(findingsOf(second));
      for (const k of kinds) expect(allowed, k).toContain(k);
      expect(kinds).toContain('calibration-mcq:identity.behavior_shift');
      expect(second.code).toBe(1);
      const finding = findingsOf(second).find((f) => f.kind === 'identity.behavior_shift' && f.canary === 'calibration-mcq')!;
      expect(finding.summary).toMatch(/known-answer items changed confidence far beyond run-to-run noise/);
      expect(finding.evidence).toMatchObject({ movedItems: expect.any(Number), worstItem: { item: expect.any(String) }, aaWindows: expect.any(Number) });
    } finally {
      sim.setScenarios(['none']);
    }
  }, 60_000);
});

describe('e2e: `tripline validate` prints what the default canary suite costs per model and day', () => {
  const validate = async (shipped: string[] | 'all'): Promise<string[]> => {
    const ws = makeWorkspace({
      config: {
        providers: { p: { type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-unused', budget: { inputPricePerMTok: 0.15, outputPricePerMTok: 0.6 } } },
        targets: ['p/gpt-4o-mini'],
      },
      shippedCanaries: shipped,
    });
    const result = await runCli(['validate', '--config', ws.configPath]);
    expect(result.code, result.stderr).toBe(0);
    const row = result.stdout.split('\n').find((l) => l.startsWith('p/gpt-4o-mini'));
    expect(row, result.stdout).toBeDefined();
    return row!.trim().split(/\s{2,}/);
  };

  it('counts every calibration item at most: 100 requests and 100 one-token answers a day, about 59 on a quiet day', async () => {
    // No baseline in this workspace: output booked at the caps, so marked as an upper bound (<=).
    // requests/day is the quiet cycle's (the sequential stop), max requests/day the plan.
    const [, canaries, measured, requests, max, , output, cost] = await validate(['calibration-mcq.yaml']);
    expect([canaries, measured, max]).toEqual(['1', '0/1', '100']);
    expect(Number(requests)).toBeLessThan(100);
    expect(output).toBe(`<=${requests}`);
    expect(Number(cost?.replace('<=', ''))).toBeGreaterThan(0);
  });

  it('counts the implicit-cap canary at its client-side ceiling (32,768 output tokens), an upper bound, not a small guess', async () => {
    const [, canaries, , requests, max, , output] = await validate(['length-implicit-cap.yaml']);
    expect([canaries, requests, max, output]).toEqual(['1', '1', '1', '<=32,768']);
  });

  it('sums the statistical suite by schedule: at most border 320 a run (every 6 hours), logprobs 10×24, calibration 100, verbosity 56, seed 17, cap 1; less on a quiet day', async () => {
    const borderRuns = shippedRunsPerDay('border-inputs');
    expect(borderRuns).toBe(4);
    const planned = 320 * borderRuns + 10 * 24 + 100 + 56 + 17 + 1;
    const [, canaries, , requests, max] = await validate(STATISTICAL);
    expect([canaries, max]).toEqual(['6', planned.toLocaleString('en-US')]);
    // Calibration (about 59 of 100), verbosity (32 of 56) and seed (9 of 17) stop quiet cycles early;
    // border inputs send under a third of their 320 on a quiet cycle (the thin round).
    expect(Number(requests!.replace(/,/g, ''))).toBeLessThan(planned - 41 - 24 - 8 - borderRuns * (320 - 320 / 3) + 3);
    const all = await validate('all');
    expect(Number(all[4]!.replace(/,/g, ''))).toBeGreaterThan(planned);
  });
});
