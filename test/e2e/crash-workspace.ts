import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { runCli } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { sleep } from './daemon-harness.js';

/** Waits until `pred` holds, failing the test after `timeoutMs`. */
export async function until(pred: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(50);
  }
}

/**
 * A daemon workspace for the kill -9 delivery specs: one target on the simulator, one alert
 * channel, a recorded baseline that is then broken, so the first run raises an alert without
 * waiting for a drift.
 */
export async function brokenBaselineWorkspace(sim: Simulator, channel: Record<string, unknown>, env: Record<string, string>): Promise<Workspace> {
  const ws = makeWorkspace({
    config: {
      providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', maxRetries: 0 } },
      targets: ['sim/gpt-4o-mini'],
      schedule: '*/2 * * * * *',
      server: { listen: '127.0.0.1:0' },
      alerts: { channels: [{ ...channel, minSeverity: 'info' }] },
    },
    shippedCanaries: ['tokens-short.yaml'],
  });
  expect((await runCli(['baseline', '--config', ws.configPath], { env })).code).toBe(0);
  writeFileSync(join(ws.snapshotsDir, 'sim', 'gpt-4o-mini', 'tokens-short.json'), '{}');
  return ws;
}
