import { readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { freshDatabase, NO_POSTGRES, postgresReachable } from '../support/postgres.js';
import { startSlackStandIn, type SlackCall, type SlackStandIn } from '../support/slack-stand-in.js';
import { makeWorkspace } from '../support/workspace.js';
import { brokenBaselineWorkspace, until } from './crash-workspace.js';
import { scrape, sleep, spawnDaemon, startReceiver, type Receiver } from './daemon-harness.js';

const reachable = await postgresReachable();
if (!reachable) console.warn(NO_POSTGRES);
const env = { SIM_API_KEY: 'sk-test-ha-5e6f7a8b', SLACK_TOKEN: 'xoxb-test-ha-0000' };
const FAILOVER_SECONDS = 6;

/** Runs SQL on the replicas' shared database from outside, as an operator would. */
async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe.skipIf(!reachable)('e2e: two tripline start replicas on one PostgreSQL', () => {
  let sim: Simulator;
  let receiver: Receiver;
  let slack: SlackStandIn;
  const dbs: { url: string; drop(): Promise<void> }[] = [];
  const database = async (): Promise<string> => {
    const db = await freshDatabase('ha');
    dbs.push(db);
    return db.url;
  };
  beforeAll(async () => {
    sim = await startSimulator({ seed: 11 });
    receiver = await startReceiver();
    slack = await startSlackStandIn();
  });
  afterAll(async () => {
    await slack.close();
    await receiver.close();
    await sim.close();
    for (const db of dbs) await db.drop();
  });

  const config = (url: string, schedule: string, channel: Record<string, unknown>): Record<string, unknown> => ({
    providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', timeout: 3000, maxRetries: 0 } },
    targets: ['sim/gpt-4o-mini'],
    schedule,
    server: { listen: '127.0.0.1:0' },
    state: { type: 'postgres', url },
    ha: { failoverSeconds: FAILOVER_SECONDS },
    evaluation: { confirmCycles: 1, alpha: 0.001 },
    alerts: { channels: [{ ...channel, minSeverity: 'info' }] },
  });

  it('one leads (tripline_leader 1), the other stands by (0) and takes over after a SIGKILL of the leader', async () => {
    sim.setScenarios([]);
    const ws = makeWorkspace({
      config: config(await database(), '*/5 * * * * *', { type: 'webhook', url: receiver.url, secret: 'whsec-ha-0000' }),
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
    expect(Date.now() - killedAt).toBeLessThan(FAILOVER_SECONDS * 1000);
    expect(await leaderGauge(await b.address)).toBe(1);
    b.child.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);
  }, 90_000);

  it('a drift is posted once; after a SIGKILL of the leader the standby takes over and posts the next drift once; nothing twice, no slot run twice', async () => {
    sim.setScenarios([]);
    slack.calls.length = 0;
    const url = await database();
    const ws = makeWorkspace({
      config: config(url, '*/3 * * * * *', { type: 'slack', token: '${SLACK_TOKEN}', channel: 'C0TRIPLINE', apiUrl: slack.apiUrl }),
      shippedCanaries: ['tokens-short.yaml'],
    });
    const posts = (): SlackCall[] => slack.calls.filter((c) => c.method === 'chat.postMessage');
    const postsOf = (kind: string): SlackCall[] => posts().filter((c) => String(c.body['text']).includes(kind) && !c.body['thread_ts']);
    const a = spawnDaemon(ws.configPath, env);
    await a.waitForLine((l) => l.msg === 'leader: scheduling', 30_000);
    const b = spawnDaemon(ws.configPath, env);
    await b.waitForLine((l) => l.msg === 'standing by for leadership', 30_000);
    // The first run records the baseline; the next one compares with it.
    await a.waitForLine((l) => l.msg === 'run finished' && l.canary === 'tokens-short' && l.result === 'ok', 30_000);

    sim.setScenarios(['hidden-system-prompt']);
    await until(() => postsOf('tokens.input_changed').length > 0, 30_000);
    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = Date.now();
    await b.waitForLine((l) => l.msg === 'leader: scheduling', 20_000);
    expect(Date.now() - killedAt).toBeLessThan(FAILOVER_SECONDS * 1000);

    sim.setScenarios(['hidden-system-prompt', 'field-renamed']);
    await until(() => postsOf('shape.').length > 0, 30_000);
    await sleep(7_000); // a few more cycles of the new leader: still nothing posted again
    b.child.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);

    // Each posted once: the old leader's drift not again by the new one, the new one's drift once.
    expect(postsOf('tokens.input_changed')).toHaveLength(1);
    expect(postsOf('shape.').length).toBeGreaterThanOrEqual(1);
    const ids = posts().map((c) => (c.body['metadata'] as { event_payload?: { event_id?: string } } | undefined)?.event_payload?.event_id);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const opened = await query<{ alert_key: string; n: number }>(url, "SELECT alert_key, COUNT(*)::int AS n FROM alert_events WHERE type = 'opened' GROUP BY alert_key");
    expect(opened.length).toBeGreaterThanOrEqual(2);
    for (const o of opened) expect(o.n).toBe(1);
    // Every scheduled run was claimed for its slot, no (pair, slot) ran twice, and both leaders ran
    // some. (A confirmation run, part of its slot's run, is recorded without a slot.)
    const runs = await query<{ target: string; canary: string; slot_at: string }>(url, 'SELECT target, canary, slot_at FROM runs WHERE slot_at IS NOT NULL');
    expect(runs.length).toBeGreaterThan(4);
    expect(new Set(runs.map((r) => `${r.target}|${r.canary}|${r.slot_at}`)).size).toBe(runs.length);
    const unclaimed = await query(
      url,
      "SELECT r.id FROM runs r LEFT JOIN run_slots s ON s.job = 'pair|' || r.target || '|' || r.canary AND s.slot_at = r.slot_at WHERE r.slot_at IS NOT NULL AND s.job IS NULL",
    );
    expect(unclaimed).toEqual([]);
    const epochs = await query<{ epoch: string }>(url, 'SELECT DISTINCT epoch FROM run_slots');
    expect(epochs.length).toBe(2);
  }, 120_000);

  it("the new leader resends the old leader's in-doubt Slack post at once, not after the 60 s lease, and it appears once", async () => {
    sim.setScenarios([]);
    slack.calls.length = 0;
    slack.posted.length = 0;
    const ws = await brokenBaselineWorkspace(sim, { type: 'slack', token: '${SLACK_TOKEN}', channel: 'C0TRIPLINE', apiUrl: slack.apiUrl }, env);
    const yaml = parse(readFileSync(ws.configPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(ws.configPath, stringify({ ...yaml, state: { type: 'postgres', url: await database() }, ha: { failoverSeconds: FAILOVER_SECONDS } }));
    slack.holdPosts(true);
    const a = spawnDaemon(ws.configPath, env);
    await a.waitForLine((l) => l.msg === 'leader: scheduling', 30_000);
    const b = spawnDaemon(ws.configPath, env);
    await b.waitForLine((l) => l.msg === 'standing by for leadership', 30_000);
    // The leader's post reached Slack but was never answered: its delivery is claimed for 60 s.
    await until(() => slack.posted.length > 0, 20_000);
    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = Date.now();
    slack.holdPosts(false);
    await b.waitForLine((l) => l.msg === 'leader epoch taken' && Number(l.recovered) >= 1, 20_000);
    await until(() => slack.calls.some((c) => c.method === 'conversations.history'), 20_000);
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    await sleep(3_000);
    b.child.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);
    const ids = slack.posted.map((m) => (m.metadata as { event_payload?: { event_id?: string } } | undefined)?.event_payload?.event_id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  }, 120_000);

  it('a leader whose epoch was taken over (cut off from its lock, not from the database) writes nothing more and steps down', async () => {
    sim.setScenarios([]);
    const url = await database();
    const ws = makeWorkspace({
      config: config(url, '*/2 * * * * *', { type: 'webhook', url: receiver.url, secret: 'whsec-ha-0000' }),
      shippedCanaries: ['tokens-short.yaml'],
    });
    const a = spawnDaemon(ws.configPath, env);
    await a.waitForLine((l) => l.msg === 'run finished' && l.canary === 'tokens-short', 30_000);
    // What a new leader does on election. The bump waits for the writes in flight, so the count
    // read after it is final for this leader.
    await query(url, 'UPDATE leader_epoch SET epoch = epoch + 1 WHERE id = 1');
    const [before] = await query<{ n: number }>(url, 'SELECT COUNT(*)::int AS n FROM runs');
    const fenced = await a.waitForLine((l) => String(l.msg).startsWith('fenced out'), 15_000);
    expect(fenced).toMatchObject({ epoch: 1, current: 2 });
    expect((await a.exited).code).toBe(0);
    expect(await query(url, 'SELECT COUNT(*)::int AS n FROM runs')).toEqual([before]);
  }, 60_000);
});
