/**
 * deploy/docker/tripline-job.sh, the CronJobs' command: the real built CLI against the simulator,
 * through the wrapper. A found drift (tripline exit 1) must not fail the Job (wrapper exit 0) and
 * must still be recorded (stderr line and the container's termination message); a config error
 * (exit 2) must still fail it.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { CLI, runCli } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const env = { SIM_API_KEY: 'sk-job-e2e-1a2b3c4d' };

/** Runs the wrapper with sh as the container would, the CLI at its repository path. */
function runJob(args: string[], terminationLog: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn('/bin/sh', [resolve('deploy/docker/tripline-job.sh'), ...args], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', TRIPLINE_CLI: CLI, TRIPLINE_TERMINATION_LOG: terminationLog, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('deploy/docker/tripline-job.sh (CronJob exit-code handling)', () => {
  let sim: Simulator;
  let ws: Workspace;
  let log: string;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 5 });
    ws = makeWorkspace({
      config: {
        providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', timeout: 2000, maxRetries: 0 } },
        targets: ['sim/gpt-4o-mini'],
        alerts: { channels: [{ type: 'console' }] },
        // Two checks, the first only suspects (the old rule): no confirmation wait in an exit-code test.
        evaluation: { confirmAfter: 'off' },
      },
      shippedCanaries: ['tokens-short.yaml'],
    });
    // the kubelet creates the termination-message file before the container starts
    log = join(ws.dir, 'termination-log');
    writeFileSync(log, '');
  });
  afterAll(async () => {
    await sim.close();
  });

  it('nothing found: exit 0, recorded as such', async () => {
    sim.setScenarios(['none']);
    expect((await runCli(['baseline', '--config', ws.configPath], { env })).code).toBe(0);
    const r = await runJob(['check', '--config', ws.configPath], log);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('tripline check: nothing found (exit 0)\n');
  });

  it('drift found (tripline exits 1): the Job succeeds, and the drift is in the log and the termination message', async () => {
    sim.setScenarios(['hidden-system-prompt']);
    const direct = await runCli(['check', '--config', ws.configPath], { env });
    expect(direct.code, 'first cycle only suspects the change').toBe(0);
    const r = await runJob(['check', '--config', ws.configPath], log);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain('tokens.input_changed');
    expect(r.stderr).toContain('tripline check: drift found, alerts sent (exit 1, reported as success)');
    expect(readFileSync(log, 'utf8')).toBe('tripline check: drift found, alerts sent (exit 1, reported as success)\n');
    sim.setScenarios(['none']);
  });

  it('a config error still fails the Job with exit 2', async () => {
    const r = await runJob(['check', '--config', join(ws.dir, 'missing.yaml')], log);
    expect(r.code).toBe(2);
    expect(readFileSync(log, 'utf8')).toBe('tripline check: config error or operational problems (exit 2)\n');
  });
});
