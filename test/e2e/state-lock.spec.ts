import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../support/cli.js';
import { startCountingProxy, type CountingProxy } from '../support/counting-proxy.js';
import { makeWorkspace } from '../support/workspace.js';
import { spawnDaemon } from './daemon-harness.js';

const env = { SIM_API_KEY: 'sk-test-lock-5e6f7a8b' };

describe('e2e: one writer per state folder', () => {
  let sim: Simulator;
  let proxy: CountingProxy;
  const sent = (): number => Object.values(proxy.counts.statuses).reduce((a, b) => a + b, 0);
  beforeAll(async () => {
    sim = await startSimulator({ seed: 3 });
    proxy = await startCountingProxy(sim.url);
  });
  afterAll(async () => {
    await proxy.close();
    await sim.close();
  });

  it('a second start, check or baseline exits 3 naming the holder; the lock dies with a killed holder', async () => {
    const ws = makeWorkspace({
      config: {
        providers: { sim: { type: 'openai', baseUrl: `${proxy.url}/v1`, apiKey: '${SIM_API_KEY}', maxRetries: 0 } },
        targets: ['sim/gpt-4o-mini'],
        schedule: '0 0 1 1 *',
        server: { listen: '127.0.0.1:0' },
      },
      shippedCanaries: ['tokens-short.yaml'],
    });
    const first = spawnDaemon(ws.configPath, env);
    await first.address;
    const before = sent();
    for (const args of [['start'], ['check'], ['baseline']]) {
      const result = await runCli([...args, '--config', ws.configPath], { env });
      expect(result.code, `${args[0]}: ${result.stderr}`).toBe(3);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`state/tripline.lock: state is in use by pid ${first.child.pid} on ${hostname()} since 20`);
    }
    // The refused writers sent nothing: no double token spend.
    expect(sent()).toBe(before);
    // Readers are not writers: status and silences work while the daemon runs.
    expect((await runCli(['alerts', 'status', '--config', ws.configPath], { env })).code).toBe(0);

    first.child.kill('SIGKILL');
    await first.exited;
    const after = await runCli(['check', '--config', ws.configPath], { env });
    expect(after.code, after.stderr).toBe(0);
  }, 60_000);
});
