import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startSlackStandIn, type SlackStandIn } from '../support/slack-stand-in.js';
import { brokenBaselineWorkspace, until } from './crash-workspace.js';
import { sleep, spawnDaemon } from './daemon-harness.js';

const env = { SIM_API_KEY: 'sk-test-crash-1f2e3d4c', SLACK_TOKEN: 'xoxb-test-crash-0000' };


describe('e2e: kill -9 while a Slack delivery is in flight', () => {
  let sim: Simulator;
  let slack: SlackStandIn;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 5 });
    slack = await startSlackStandIn();
  });
  afterAll(async () => {
    await slack.close();
    await sim.close();
  });

  it('the restarted daemon finds the message by its event id and posts nothing twice', async () => {
    // A broken baseline file raises an alert on the first run, without waiting for drift.
    const ws = await brokenBaselineWorkspace(sim, { type: 'slack', token: '${SLACK_TOKEN}', channel: 'C0TRIPLINE', apiUrl: slack.apiUrl }, env);
    slack.holdPosts(true);
    const first = spawnDaemon(ws.configPath, env);
    await first.address;
    await until(() => slack.posted.length > 0, 20_000);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    slack.holdPosts(false);

    const second = spawnDaemon(ws.configPath, env);
    await second.address;
    await until(() => slack.calls.some((c) => c.method === 'conversations.history'), 20_000);
    await sleep(3_000);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    const ids = slack.posted.map((m) => (m.metadata as { event_payload?: { event_id?: string } } | undefined)?.event_payload?.event_id);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  }, 90_000);
});
