import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheckCycle } from '../../src/runtime/check-cycle.js';
import { SIM_TARGET, sessionOver, simulatorWorkspace, startSimulator, type Simulator } from './simulator-session.js';

/** One cycle of every scheduled pair, in process against the simulator (`tripline check` without the CLI). */
describe('src/runtime/check-cycle.ts', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 11 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('runs every pair once: a first cycle records baselines, the next one compares and finds nothing', async () => {
    sim.setScenarios(['none']);
    const session = await sessionOver(simulatorWorkspace(sim));
    try {
      const first = await runCheckCycle(session, { alerts: false, deprecations: false });
      const pairs = first.runs.map((r) => `${r.target} ${r.canary}`);
      expect(new Set(pairs).size).toBe(pairs.length);
      expect(first.runs.find((r) => r.canary === 'small')).toMatchObject({ target: SIM_TARGET, result: 'recorded' });
      const second = await runCheckCycle(session, { alerts: false, deprecations: false });
      expect(second.runs.find((r) => r.canary === 'small')?.result).toBe('ok');
      expect(second.findings).toEqual([]);
    } finally {
      session.close();
    }
  });

  it('filters by target and canary, and returns findings sorted by severity first', async () => {
    sim.setScenarios(['none']);
    const session = await sessionOver(simulatorWorkspace(sim, { evaluation: { confirmAfter: 'off' } }));
    try {
      const none = await runCheckCycle(session, { alerts: false, deprecations: false, canaries: ['other'] });
      expect(none.runs).toEqual([]);
      await runCheckCycle(session, { alerts: false, deprecations: false });
      sim.setScenarios(['model-repointed']);
      await runCheckCycle(session, { alerts: false, deprecations: false });
      const { findings } = await runCheckCycle(session, { alerts: false, deprecations: false });
      expect(findings.map((f) => f.kind)).toContain('identity.model_changed');
      const ranks = findings.map((f) => ({ critical: 0, warning: 1, info: 2 })[f.severity]);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    } finally {
      sim.setScenarios(['none']);
      session.close();
    }
  });

  describe('confirm on suspicion (evaluation.confirmAfter)', () => {
    const confirmIn1s = { evaluation: { confirmAfter: '1s' } };

    it('a change the cycle sees is re-run with fresh requests after confirmAfter and reported by that same cycle', async () => {
      sim.setScenarios(['none']);
      const session = await sessionOver(simulatorWorkspace(sim, confirmIn1s));
      try {
        await runCheckCycle(session, { alerts: false, deprecations: false });
        sim.setScenarios(['model-repointed']);
        const started = Date.now();
        const { runs, findings } = await runCheckCycle(session, { alerts: false, deprecations: false });
        expect(findings.map((f) => f.kind)).toContain('identity.model_changed');
        const small = runs.find((r) => r.canary === 'small')!;
        // Two runs of two requests each: the cycle's and its confirmation.
        expect(small).toMatchObject({ confirmations: 1, requests: 4 });
        expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      } finally {
        sim.setScenarios(['none']);
        session.close();
      }
    });

    it('a suspicion the confirmation run contradicts is not reported, now or by the next cycle', async () => {
      sim.setScenarios(['none']);
      const session = await sessionOver(simulatorWorkspace(sim, confirmIn1s));
      try {
        await runCheckCycle(session, { alerts: false, deprecations: false });
        sim.setScenarios(['model-repointed']);
        // The change lasts exactly the cycle's first pass: the confirmation sees the old model again.
        const onProgress = (done: number, total: number): void => {
          if (done === total) sim.setScenarios(['none']);
        };
        const { runs, findings } = await runCheckCycle(session, { alerts: false, deprecations: false, onProgress });
        expect(runs.find((r) => r.canary === 'small')?.confirmations).toBe(1);
        expect(findings).toEqual([]);
        const next = await runCheckCycle(session, { alerts: false, deprecations: false });
        expect(next.findings).toEqual([]);
        expect(next.runs.every((r) => r.confirmations === undefined)).toBe(true);
      } finally {
        sim.setScenarios(['none']);
        session.close();
      }
    });

    it('a quiet cycle sends no confirmation run', async () => {
      sim.setScenarios(['none']);
      const session = await sessionOver(simulatorWorkspace(sim, confirmIn1s));
      try {
        await runCheckCycle(session, { alerts: false, deprecations: false });
        const { runs, findings } = await runCheckCycle(session, { alerts: false, deprecations: false });
        expect(findings).toEqual([]);
        expect(runs.find((r) => r.canary === 'small')).toMatchObject({ result: 'ok', requests: 2 });
        expect(runs.every((r) => r.confirmations === undefined)).toBe(true);
      } finally {
        session.close();
      }
    });
  });
});
