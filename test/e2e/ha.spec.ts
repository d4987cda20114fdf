import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { freshDatabase, NO_POSTGRES, postgresReachable } from '../support/postgres.js';
import { makeWorkspace } from '../support/workspace.js';
import { scrape, spawnDaemon, startReceiver, type Receiver } from './daemon-harness.js';

const reachable = await postgresReachable();
if (!reachable) console.warn(NO_POSTGRES);
const env = { SIM_API_KEY: 'sk-test-ha-5e6f7a8b' };

describe.skipIf(!reachable)('e2e: two tripline start replicas on one PostgreSQL', () => {
  let sim: Simulator;
  let receiver: Receiver;
  let db: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    sim = await startSimulator({ seed: 11 });
    receiver = await startReceiver();
    db = await freshDatabase('ha');
  });
  afterAll(async () => {
    await receiver.close();
    await sim.close();
    await db.drop();
  });

  it('one leads (tripline_leader 1), the other stands by (0) and takes over after a SIGKILL of the leader', async () => {
    const ws = makeWorkspace({
      config: {
        providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', timeout: 3000, maxRetries: 0 } },
        targets: ['sim/gpt-4o-mini'],
        schedule: '*/5 * * * * *',
        server: { listen: '127.0.0.1:0' },
        state: { type: 'postgres', url: db.url },
        ha: { failoverSeconds: 6 },
        alerts: { channels: [{ type: 'webhook', url: receiver.url, secret: 'whsec-ha-0000', minSeverity: 'info' }] },
      },
      shippedCanaries: ['tokens-short.yaml'],
    });
    const a = spawnDaemon(ws.configPath, env);
    await a.waitForLine((l) => l.msg === 'leader: scheduling', 30_000);
    const b = spawnDaemon(ws.configPath, env);
    await b.waitForLine((l) => l.msg === 'standing by for leadership', 30_000);
    const leaderGauge = async (address: string): Promise<number> => scrape(address, 'tripline_leader');
    expect(await leaderGauge(await a.address)).toBe(1);
    expect(await leaderGauge(await b.address)).toBe(0);
    expect(b.lines.some((l) => l.msg === 'leader: scheduling')).toBe(false);
    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = Date.now();
    await b.waitForLine((l) => l.msg === 'leader: scheduling', 20_000);
    expect(Date.now() - killedAt).toBeLessThan(6_000);
    expect(await leaderGauge(await b.address)).toBe(1);
    b.child.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);
  }, 90_000);
});
