import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { makeWorkspace } from '../support/workspace.js';
import { scrape, sleep, spawnDaemon, startReceiver, type Receiver } from './daemon-harness.js';

const env = { SIM_API_KEY: 'sk-test-daemon-1a2b3c4d' };

/** Polls `done` every 100 ms until it holds or `limitMs` passed (then the assertions that follow speak). */
async function until(done: () => boolean | Promise<boolean>, limitMs: number): Promise<void> {
  for (const end = Date.now() + limitMs; Date.now() < end && !(await done()); ) await sleep(100);
}

/** Webhook delivery rows of the state database: status and event id. */
function webhookDeliveries(dir: string): { status: string; id: string }[] {
  const db = new Database(join(dir, 'state', 'tripline.db'), { readonly: true });
  try {
    return db
      .prepare(`SELECT d.status, e.id FROM alert_deliveries d JOIN alert_events e ON e.seq = d.event_seq WHERE d.channel = 'webhook'`)
      .all() as { status: string; id: string }[];
  } finally {
    db.close();
  }
}

function config(sim: Simulator, receiver: Receiver, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', timeout: 3000, maxRetries: 0 } },
    targets: ['sim/gpt-4o-mini'],
    schedule: '*/2 * * * * *',
    server: { listen: '127.0.0.1:0' },
    evaluation: { confirmCycles: 1, alpha: 0.001 },
    alerts: { channels: [{ type: 'webhook', url: receiver.url, secret: 'whsec-e2e-0000', minSeverity: 'info' }] },
    ...extra,
  };
}

describe('e2e: tripline start (the daemon) against the simulator', () => {
  let sim: Simulator;
  let receiver: Receiver;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 7, latencyMs: 150 });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await sim.close();
  });

  it('SIGKILL mid-cycle then restart: no alert lost, none sent twice', async () => {
    sim.setScenarios([]);
    const ws = makeWorkspace({ config: config(sim, receiver), shippedCanaries: ['tokens-short.yaml', 'json-output.yaml'] });
    const first = spawnDaemon(ws.configPath, env);
    await first.address;
    await first.waitForLine((l) => l.msg === 'run finished' && l.result === 'ok');
    sim.setScenarios(['field-renamed']);
    await first.waitForLine((l) => l.msg === 'run started' || (l.msg === 'run finished' && Number(l.findings) > 0), 20_000);
    await sleep(120); // inside the next cycle's requests (150 ms simulated latency)
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const second = spawnDaemon(ws.configPath, env);
    await second.address;
    // The restarted daemon re-sends what the killed one left: wait until every delivery is done (at
    // most the 6 s this spec used to sleep), then stop it.
    await until(() => {
      const rows = webhookDeliveries(ws.dir);
      return rows.length > 0 && rows.every((r) => r.status === 'delivered');
    }, 6_000);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    const rows = webhookDeliveries(ws.dir);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.status === 'delivered').length).toBeGreaterThan(0);
    for (const r of rows) {
      // A delivery claimed at the instant of the SIGKILL stays pending behind its lease and is retried
      // later: kept, not lost. Everything else was delivered exactly once.
      expect(['delivered', 'pending']).toContain(r.status);
      if (r.status === 'delivered') expect(receiver.received.get(r.id)).toBe(1);
    }
    expect([...receiver.received.values()].every((n) => n === 1)).toBe(true);
  }, 60_000);

  it('SIGTERM exits 0 within the shutdown timeout', async () => {
    sim.setScenarios([]);
    const ws = makeWorkspace({ config: config(sim, receiver), shippedCanaries: ['tokens-short.yaml'] });
    const d = spawnDaemon(ws.configPath, env);
    await d.address;
    await d.waitForLine((l) => l.msg === 'run finished');
    const t0 = Date.now();
    d.child.kill('SIGTERM');
    const { code } = await d.exited;
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(d.lines.some((l) => l.msg === 'stopped')).toBe(true);
  }, 40_000);

  it('a bad config on SIGHUP is rejected and the running one keeps going', async () => {
    sim.setScenarios([]);
    const ws = makeWorkspace({ config: config(sim, receiver), shippedCanaries: ['tokens-short.yaml'] });
    const d = spawnDaemon(ws.configPath, env);
    const address = await d.address;
    await d.waitForLine((l) => l.msg === 'run finished');
    writeFileSync(ws.configPath, stringify({ ...config(sim, receiver), targets: 'not-a-list' }));
    d.child.kill('SIGHUP');
    const failed = await d.waitForLine((l) => l.msg === 'config reload failed');
    expect(JSON.stringify(failed.problems)).toMatch(/tripline\.yaml:\d+:\d+: targets/);
    expect(await scrape(address, 'tripline_config_last_reload_successful')).toBe(0);
    const runs = (): number => d.lines.filter((l) => l.msg === 'run finished').length;
    const before = runs();
    await until(() => runs() > before, 4_500);
    expect(runs()).toBeGreaterThan(before);
    expect((await fetch(`http://${address}/readyz`)).status).toBe(200);
    d.child.kill('SIGTERM');
    expect((await d.exited).code).toBe(0);
  }, 40_000);

  it('the budget stops spending at its limit, with one budget.exhausted alert', async () => {
    sim.setScenarios([]);
    const cfg = config(sim, receiver);
    const providers = cfg.providers as Record<string, Record<string, unknown>>;
    providers.sim = { ...providers.sim, budget: { tokensPerDay: 100 } };
    const ws = makeWorkspace({ config: cfg, shippedCanaries: ['tokens-short.yaml'] });
    const d = spawnDaemon(ws.configPath, env);
    const address = await d.address;
    await d.waitForLine((l) => l.msg === 'budget exhausted', 30_000);
    // Two skipped runs after the budget ran out: time enough for a second budget alert to show.
    await until(async () => (await scrape(address, 'tripline_runs_total', { result: 'skipped' })) >= 2, 4_500);
    const tokens = await scrape(address, 'tripline_tokens_total', { provider: 'sim' });
    expect(tokens).toBeGreaterThan(0);
    expect(tokens).toBeLessThanOrEqual(100);
    expect(await scrape(address, 'tripline_runs_total', { result: 'skipped' })).toBeGreaterThanOrEqual(2);
    expect(d.lines.filter((l) => l.msg === 'budget exhausted')).toHaveLength(1);
    d.child.kill('SIGTERM');
    expect((await d.exited).code).toBe(0);
  }, 60_000);

  it('low rate-limit headroom slows a provider down', async () => {
    sim.setScenarios([]);
    const base = { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', timeout: 3000, maxRetries: 0 };
    // minHeadroom 1: any remaining < limit counts as low headroom for `tight`; `loose` never backs off.
    const cfg = config(sim, receiver, {
      providers: { loose: { ...base, minHeadroom: 0 }, tight: { ...base, minHeadroom: 1 } },
      targets: ['loose/gpt-4o-mini', 'tight/gpt-4o-mini'],
      schedule: '* * * * * *',
    });
    const ws = makeWorkspace({ config: cfg, shippedCanaries: ['tokens-short.yaml'] });
    const d = spawnDaemon(ws.configPath, env);
    const address = await d.address;
    // A fixed window: the back-off compounds, so the ratio below needs the whole 10 s to show.
    await sleep(10_000);
    const measured = async (target: string) =>
      (await scrape(address, 'tripline_runs_total', { target, result: 'ok' })) +
      (await scrape(address, 'tripline_runs_total', { target, result: 'recorded' }));
    const loose = await measured('loose/gpt-4o-mini');
    const tight = await measured('tight/gpt-4o-mini');
    // The back-off gauge is momentary (0 between holds); the run counts and the log line are the evidence.
    expect(loose).toBeGreaterThanOrEqual(6);
    expect(tight).toBeLessThanOrEqual(loose / 2);
    expect(d.lines.some((l) => l.msg === 'rate-limit headroom low, backing off')).toBe(true);
    d.child.kill('SIGTERM');
    expect((await d.exited).code).toBe(0);
  }, 40_000);
});
