import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { createHttpClient } from '../../../src/http/client.js';
import { createEngine } from '../../../src/runtime/engine/index.js';
import type { Engine } from '../../../src/runtime/engine/types.js';
import { openStateStore } from '../../../src/runtime/state/store.js';
import { snapshotPath } from '../../../src/snapshots/index.js';
import type { Workspace } from '../../support/workspace.js';
import { memoryLogger } from '../helpers.js';
import { SIM_TARGET, simulatorWorkspace, startSimulator, type Simulator } from '../simulator-session.js';

/**
 * The engine's judgement of one run (`judge` in src/runtime/engine/index.ts), in process against the
 * simulator: record a first baseline, compare against it, confirm drift over two cycles, report an
 * unavailable cycle without touching the baseline, and report a probe that cannot run.
 */
describe('src/runtime/engine/index.ts (judge)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 7 });
  });
  afterAll(async () => {
    await sim.close();
  });

  async function engineOver(ws: Workspace): Promise<{ engine: Engine; lines: Record<string, unknown>[] }> {
    const loaded = loadConfig(ws.configPath, {});
    const { logger, lines } = memoryLogger();
    const engine = createEngine({ loaded, http: createHttpClient(), store: await openStateStore(loaded.config.stateDir), logger });
    return { engine, lines };
  }

  it('records a baseline on the first run, then compares against it and finds nothing while nothing changed', async () => {
    sim.setScenarios(['none']);
    const { engine } = await engineOver(simulatorWorkspace(sim));
    const first = await engine.runCanary(SIM_TARGET, 'small');
    expect(first.result).toBe('recorded');
    expect(first.findings.map((f) => f.kind)).toEqual(['baseline.recorded']);
    const second = await engine.runCanary(SIM_TARGET, 'small');
    expect(second).toMatchObject({ result: 'ok', requests: 2, failedRequests: 0, findings: [] });
    expect(second.inputTokens).toBeGreaterThan(0);
  });

  it('confirms drift only on the second consecutive cycle', async () => {
    sim.setScenarios(['none']);
    const { engine } = await engineOver(simulatorWorkspace(sim));
    await engine.runCanary(SIM_TARGET, 'small');
    sim.setScenarios(['model-repointed']);
    const first = await engine.runCanary(SIM_TARGET, 'small');
    expect(first.findings).toEqual([]);
    const second = await engine.runCanary(SIM_TARGET, 'small');
    expect(second.findings.map((f) => f.kind)).toContain('identity.model_changed');
    expect(second.findings[0]).toMatchObject({ target: SIM_TARGET, canary: 'small' });
    sim.setScenarios(['none']);
  });

  it('reports an unavailable cycle as availability.error and leaves the baseline as it was', async () => {
    sim.setScenarios(['none']);
    const ws = simulatorWorkspace(sim, {
      providers: { sim: { type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-sim', timeout: 500, maxRetries: 0 } },
    });
    const { engine } = await engineOver(ws);
    const run = await engine.runCanary(SIM_TARGET, 'small');
    expect(run.result).toBe('unavailable');
    expect(new Set(run.findings.map((f) => f.kind))).toEqual(new Set(['availability.error']));
    expect(() => readFileSync(snapshotPath(ws.snapshotsDir, SIM_TARGET, 'small'))).toThrow();
  });

  it('reports a listed probe whose baseline section is missing: a probe.skipped finding and a warning log', async () => {
    sim.setScenarios(['none']);
    const ws = simulatorWorkspace(sim);
    const { engine, lines } = await engineOver(ws);
    await engine.runCanary(SIM_TARGET, 'small');
    const file = snapshotPath(ws.snapshotsDir, SIM_TARGET, 'small');
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as { probes: Record<string, unknown> };
    delete snapshot.probes['identity'];
    writeFileSync(file, JSON.stringify(snapshot, null, 2));
    const run = await engine.runCanary(SIM_TARGET, 'small');
    expect(run.result).toBe('ok');
    expect(run.findings).toEqual([
      expect.objectContaining({ kind: 'probe.skipped', severity: 'info', subject: 'identity', target: SIM_TARGET, canary: 'small' }),
    ]);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'probe skipped', probe: 'identity', canary: 'small', level: 40 }));
  });
});
