/**
 * Confirm on suspicion in the daemon (`tripline start`): a scheduled cycle that sees a change re-runs
 * the canary `evaluation.confirmAfter` later and alerts from that same cycle, not at the next slot;
 * a suspicion the confirmation run does not see again is never alerted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { sleep, spawnDaemon, startReceiver, type DaemonProcess, type Receiver } from './daemon-harness.js';

const env = { SIM_API_KEY: 'sk-test-daemon-confirm-5e6f' };
/**
 * Slots 6 s apart (a divisor of 60, so every gap is 6 s); the confirmation 2 s (+ up to 20% jitter,
 * so at most 2.4 s) after a suspicious run: it and its delivery fit well inside the slot, as in
 * `tripline demo` (5 s slots, 2 s).
 */
const SLOT_MS = 6_000;
const CONFIRM_AFTER_MS = 2_000;
/** Runs on the config's schedule (the shipped identity canary is hourly) and echoes the model id. */
const CANARY = 'tokens-short';

const isPair = (l: Record<string, unknown>): boolean => l.canary === CANARY;
const finished = (d: DaemonProcess): Record<string, unknown>[] => d.lines.filter((l) => l.msg === 'run finished' && isPair(l));

async function baselined(sim: Simulator, receiver: Receiver): Promise<Workspace> {
  const ws = makeWorkspace({
    config: {
      providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', timeout: 3000, maxRetries: 0 } },
      targets: ['sim/gpt-4o-mini'],
      schedule: `*/${SLOT_MS / 1000} * * * * *`,
      server: { listen: '127.0.0.1:0' },
      evaluation: { confirmAfter: `${CONFIRM_AFTER_MS / 1000}s` },
      alerts: { channels: [{ type: 'webhook', url: receiver.url, secret: 'whsec-e2e-confirm-0000', minSeverity: 'warning' }] },
    },
    shippedCanaries: [`${CANARY}.yaml`],
  });
  const baseline = await runCli(['baseline', '--config', ws.configPath], { env });
  expect(baseline.code, baseline.stderr).toBe(0);
  return ws;
}

describe('e2e: the daemon confirms a suspicion within the scheduled cycle that raised it', () => {
  let sim: Simulator;
  let receiver: Receiver;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 23 });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await sim.close();
  });

  it('a model id change seen by a scheduled run is alerted from that cycle, confirmAfter later, before the next slot', async () => {
    sim.setScenarios(['none']);
    const ws = await baselined(sim, receiver);
    sim.setScenarios(['model-repointed']);
    const daemon = spawnDaemon(ws.configPath, env);
    try {
      await daemon.waitForLine((l) => l.msg === 'suspicion: confirming with fresh requests' && isPair(l), SLOT_MS + 15_000);
      const suspectedAt = Date.now();
      const run = await daemon.waitForLine((l) => l.msg === 'run finished' && isPair(l), 20_000);
      const reportedAt = Date.now();
      // The first scheduled run of the pair is the one that reports: it sent its requests twice.
      expect(run).toMatchObject({ result: 'ok', confirmations: 1 });
      expect(Number(run.findings)).toBeGreaterThan(0);
      expect(reportedAt - suspectedAt).toBeGreaterThanOrEqual(CONFIRM_AFTER_MS - 500);
      expect(reportedAt - suspectedAt).toBeLessThan(SLOT_MS);
      expect(daemon.lines.find((l) => l.msg === 'confirmation run' && isPair(l))).toMatchObject({
        confirmed: expect.arrayContaining([expect.stringMatching(/^identity\.model_changed\|/)]),
      });
      const deadline = Date.now() + 10_000;
      while (!receiver.bodies.some((b) => b.kind === 'identity.model_changed') && Date.now() < deadline) await sleep(100);
      expect(receiver.bodies.map((b) => b.kind)).toContain('identity.model_changed');
      // Delivered while the pair had finished only that one (confirmed) cycle.
      expect(finished(daemon)).toHaveLength(1);
    } finally {
      daemon.child.kill('SIGTERM');
      expect((await daemon.exited).code).toBe(0);
      sim.setScenarios(['none']);
    }
  }, 90_000);

  it('a change gone before the confirmation run is not alerted, in that cycle or the next', async () => {
    sim.setScenarios(['none']);
    const ws = await baselined(sim, receiver);
    const alertsBefore = receiver.bodies.length;
    sim.setScenarios(['model-repointed']);
    const daemon = spawnDaemon(ws.configPath, env);
    try {
      await daemon.waitForLine((l) => l.msg === 'suspicion: confirming with fresh requests' && isPair(l), SLOT_MS + 15_000);
      // A blip: the provider serves the old model again before the confirmation run.
      sim.setScenarios(['none']);
      const confirmation = await daemon.waitForLine((l) => l.msg === 'confirmation run' && isPair(l), 15_000);
      expect(confirmation).toMatchObject({ confirmed: [], contradicted: expect.arrayContaining([expect.stringMatching(/^identity\.model_changed\|/)]) });
      const first = await daemon.waitForLine((l) => l.msg === 'run finished' && isPair(l), 10_000);
      expect(first).toMatchObject({ result: 'ok', confirmations: 1, findings: 0 });
      // The next slot starts from zero: a clean run, no confirmation, nothing to alert.
      const deadline = Date.now() + SLOT_MS + 15_000;
      while (finished(daemon).length < 2 && Date.now() < deadline) await sleep(200);
      expect(finished(daemon)[1]).toMatchObject({ result: 'ok', confirmations: 0, findings: 0 });
      await sleep(500);
      expect(receiver.bodies.slice(alertsBefore).map((b) => b.kind)).not.toContain('identity.model_changed');
    } finally {
      daemon.child.kill('SIGTERM');
      expect((await daemon.exited).code).toBe(0);
    }
  }, 120_000);
});
