import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { sleep, spawnDaemon, startReceiver, type Receiver } from './daemon-harness.js';

const env = { SIM_API_KEY: 'sk-test-snap-9c8d7e6f' };
const STACK = /\n\s+at .+:\d+:\d+\)?/;

describe('e2e: a broken snapshot file', () => {
  let sim: Simulator;
  let receiver: Receiver;
  let ws: Workspace;
  let file: string;
  let good: string;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 11 });
    receiver = await startReceiver();
    ws = makeWorkspace({
      config: {
        providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', maxRetries: 0 } },
        targets: ['sim/gpt-4o-mini'],
        schedule: '*/2 * * * * *',
        server: { listen: '127.0.0.1:0' },
        alerts: { channels: [{ type: 'webhook', url: receiver.url, secret: 'whsec-snap-0000', minSeverity: 'info' }] },
      },
      shippedCanaries: ['tokens-short.yaml', 'json-output.yaml'],
    });
    const baseline = await runCli(['baseline', '--config', ws.configPath], { env });
    expect(baseline.code, baseline.stderr).toBe(0);
    file = join(ws.snapshotsDir, 'sim', 'gpt-4o-mini', 'tokens-short.json');
    good = readFileSync(file, 'utf8');
  }, 60_000);
  afterAll(async () => {
    await receiver.close();
    await sim.close();
  });

  it('validate names file:line:column for bad JSON and for a field of the wrong schema, exit 2', async () => {
    const lines = good.split('\n');
    writeFileSync(file, [...lines.slice(0, 3), '  "oops": ,', ...lines.slice(3)].join('\n'));
    const badJson = await runCli(['validate', '--config', ws.configPath], { env });
    expect(badJson.code, badJson.stdout).toBe(2);
    expect(badJson.stderr).toMatch(/tokens-short\.json:4:\d+: \(root\): not valid JSON/);
    expect(badJson.stderr).not.toMatch(STACK);

    writeFileSync(file, good.replace(/"canaryHash": "[0-9a-f]+"/, '"canaryHash": 42'));
    const badSchema = await runCli(['validate', '--config', ws.configPath], { env });
    expect(badSchema.code).toBe(2);
    const line = good.split('\n').findIndex((l) => l.includes('"canaryHash"')) + 1;
    expect(badSchema.stderr).toMatch(new RegExp(`tokens-short\\.json:${line}:\\d+: canaryHash: invalid snapshot: `));
    writeFileSync(file, good);
    expect((await runCli(['validate', '--config', ws.configPath], { env })).code).toBe(0);
  });

  it('check exits 2 with one line naming the file and what to do, and sends nothing', async () => {
    writeFileSync(file, good.slice(0, 200));
    const result = await runCli(['check', '--config', ws.configPath], { env });
    expect(result.code).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/tokens-short\.json: not valid JSON .*: fix the file .* or record it again with tripline baseline --target sim\/gpt-4o-mini --canary tokens-short$/);
    writeFileSync(file, good);
  });

  it('the daemon alerts availability.snapshot_broken for that pair, lists it in /readyz and keeps running the others', async () => {
    writeFileSync(file, '{"version": 1, "target": "sim/gpt-4o-mini"}\n');
    const d = spawnDaemon(ws.configPath, env);
    const address = await d.address;
    await d.waitForLine((l) => l.msg === 'run finished' && l.canary === 'json-output' && l.result === 'ok', 20_000);
    // Findings reach the outbox in batches (a 2 s window), then the next flush sends them.
    for (let waited = 0; waited < 15_000 && !receiver.bodies.some((b) => b.kind === 'availability.snapshot_broken'); waited += 250) await sleep(250);
    await sleep(2_500);
    const broken = receiver.bodies.filter((b) => b.kind === 'availability.snapshot_broken');
    expect(broken.map((b) => b.type)).toEqual(['opened']);
    const readyz = (await (await fetch(`http://${address}/readyz`)).json()) as { ready: boolean; checks: { name: string; detail: string }[] };
    expect(readyz.ready).toBe(true);
    expect(readyz.checks.find((c) => c.name === 'snapshots')?.detail).toMatch(/1 unreadable: .*tokens-short\.json: invalid snapshot/);
    const okRuns = d.lines.filter((l) => l.msg === 'run finished' && l.canary === 'json-output' && l.result === 'ok').length;
    expect(okRuns).toBeGreaterThanOrEqual(2);
    expect(d.lines.some((l) => l.msg === 'run failed')).toBe(false);
    d.child.kill('SIGTERM');
    expect((await d.exited).code).toBe(0);
    writeFileSync(file, good);
  }, 40_000);
});
